/**
 * NumPy's `SeedSequence` (numpy/random/bit_generator.pyx, NumPy 1.17+; unchanged through 2.x):
 * hashes an integer seed into a pool of four 32-bit words, from which `generateState` draws the
 * words that seed a bit generator. All arithmetic is on 32-bit unsigned integers.
 */
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

/** A non-negative integer seed as little-endian 32-bit words (`_coerce_to_uint32_array`). */
function seedWords(seed: number | bigint): number[] {
  let value = BigInt(seed);
  if (value < 0n) throw new RangeError(`seed is ${seed}; NumPy seeds are non-negative integers`);
  if (value === 0n) return [0];
  const words: number[] = [];
  while (value > 0n) {
    words.push(Number(value & 0xffffffffn));
    value >>= 32n;
  }
  return words;
}

/** The pool of `SeedSequence(seed)` (no spawn key). */
export function seedSequencePool(seed: number | bigint): Uint32Array {
  const entropy = seedWords(seed);
  let hashConst = INIT_A;
  const hashmix = (input: number): number => {
    let value = (input ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (result ^ (result >>> XSHIFT)) >>> 0;
  };
  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++)
    pool[i] = hashmix(i < entropy.length ? (entropy[i] as number) : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst] as number, hashmix(pool[src] as number));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++)
      pool[dst] = mix(pool[dst] as number, hashmix(entropy[src] as number));
  }
  return pool;
}

/** `SeedSequence(seed).generate_state(nWords, np.uint32)`. */
export function seedSequenceState(seed: number | bigint, nWords: number): Uint32Array {
  const pool = seedSequencePool(seed);
  const state = new Uint32Array(nWords);
  let hashConst = INIT_B;
  for (let i = 0; i < nWords; i++) {
    let value = ((pool[i % POOL_SIZE] as number) ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_B) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    state[i] = (value ^ (value >>> XSHIFT)) >>> 0;
  }
  return state;
}
