const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const rotl32 = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

/** The per-block mix of MurmurHash3: k · c1, rotated left by 15, · c2 (all mod 2³²). */
const mixBlock = (k: number): number => Math.imul(rotl32(Math.imul(k, C1), 15), C2);

const utf8 = new TextEncoder();

/**
 * MurmurHash3_x86_32 (Austin Appleby's public-domain reference, `MurmurHash3.cpp`) of some bytes,
 * as a signed 32-bit integer — what scikit-learn's `murmurhash3_bytes_s32` returns and
 * `sklearn.utils.murmurhash3_32(key, seed)` (positive=False) answers.
 */
export function murmurhash3Bytes(bytes: Uint8Array, seed = 0): number {
  const n = bytes.length;
  const blocks = n - (n % 4);
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) {
    // Blocks are read little-endian, as on x86.
    const k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    h ^= mixBlock(k);
    h = rotl32(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = n - blocks;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= (bytes[blocks + 2] as number) << 16;
    if (rest >= 2) k ^= (bytes[blocks + 1] as number) << 8;
    k ^= bytes[blocks] as number;
    h ^= mixBlock(k);
  }
  // Finalisation: fold in the length, then fmix32 to avalanche the last bits.
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * MurmurHash3_x86_32 of a string's UTF-8 bytes, signed (−2³¹ … 2³¹ − 1): equal to scikit-learn's
 * `murmurhash3_32(key, seed=seed)` (sklearn/utils/murmurhash.pyx encodes a `str` key as UTF-8), the
 * hash `FeatureHasher` uses with seed 0. A lone UTF-16 surrogate, which Python could not encode,
 * is hashed as U+FFFD (TextEncoder's replacement).
 */
export const murmurhash3String = (key: string, seed = 0): number =>
  murmurhash3Bytes(utf8.encode(key), seed);
