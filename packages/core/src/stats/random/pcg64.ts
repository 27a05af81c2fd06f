import { seedSequenceState } from './seedSequence.js';

const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
/** PCG's default 128-bit multiplier (`PCG_DEFAULT_MULTIPLIER_128`). */
const MULTIPLIER = (2549297995355413924n << 64n) + 4865540595714422341n;

/**
 * NumPy's `np.random.default_rng(seed)`: the PCG64 bit generator (XSL-RR 128/64, O'Neill 2014)
 * seeded through `SeedSequence`, with the draws of `Generator` that sacrebleu's significance tests
 * use — `integers(0, n, dtype=int64)` (what `choice(n, size, replace=True)` calls) and
 * `integers(2, dtype=bool)` — reproduced bit for bit (checked against NumPy 1.24 output):
 *
 * - `next64`: step the 128-bit LCG (state·M + inc), then output rotr64(hi ^ lo, state >> 122);
 * - `next32`: the low half of a 64-bit output, and the high half on the next call (NumPy buffers
 *   it in `has_uint32`/`uinteger`);
 * - bounded integers below 2³²: Lemire's multiply-and-reject on `next32` (NumPy's
 *   `buffered_bounded_lemire_uint32`); booleans: one `next32` gives 32 draws, least significant
 *   bit first (`buffered_bounded_bool`).
 *
 * The 128-bit arithmetic uses BigInt: correct first, ~10⁶ draws a second.
 */
export class NumpyPcg64 {
  private state: bigint;
  private readonly inc: bigint;
  private hasUint32 = false;
  private uinteger = 0;

  constructor(seed: number | bigint) {
    // PCG64._seed_seq.generate_state(4, uint64): words 0–1 are the state, 2–3 the stream.
    const w = seedSequenceState(seed, 8);
    const word64 = (k: number) =>
      (BigInt(w[2 * k + 1] as number) << 32n) | BigInt(w[2 * k] as number);
    const initState = (word64(0) << 64n) | word64(1);
    const initSeq = (word64(2) << 64n) | word64(3);
    // pcg_setseq_128_srandom_r
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.state = 0n;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * MULTIPLIER + this.inc) & MASK128;
  }

  /** The next 64-bit output, as a BigInt (`random_raw`). */
  next64(): bigint {
    this.step();
    const s = this.state;
    const x = ((s >> 64n) ^ s) & MASK64;
    const rot = s >> 122n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & MASK64;
  }

  /** The next 32-bit output (NumPy's `pcg64_next32`). */
  next32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const next = this.next64();
    this.hasUint32 = true;
    this.uinteger = Number(next >> 32n);
    return Number(next & 0xffffffffn);
  }

  /** A uniform integer in [0, high) for 1 ≤ high ≤ 2³² (`integers(0, high, dtype=int64)`). */
  integer(high: number): number {
    const rng = high - 1;
    if (rng === 0) return 0;
    if (rng === 0xffffffff) return this.next32();
    const rngExcl = high;
    // m = next32 · rngExcl is < 2⁶⁴: split it so that its low 32 bits stay exact.
    let r = this.next32();
    let leftover = lowProduct(r, rngExcl);
    if (leftover < rngExcl) {
      const threshold = (0xffffffff - rng) % rngExcl;
      while (leftover < threshold) {
        r = this.next32();
        leftover = lowProduct(r, rngExcl);
      }
    }
    return highProduct(r, rngExcl);
  }

  /** `integers(0, high, size=count, dtype=int64)` (what `choice(high, size=count)` draws). */
  integers(high: number, count: number, out: Uint32Array = new Uint32Array(count)): Uint32Array {
    if (!(Number.isInteger(high) && high >= 1 && high <= 0x100000000))
      throw new RangeError(`high is ${high}; expected an integer in [1, 2^32]`);
    for (let i = 0; i < count; i++) out[i] = this.integer(high);
    return out;
  }

  /** `integers(2, size=count, dtype=bool)`, as 0/1 bytes. */
  bools(count: number, out: Uint8Array = new Uint8Array(count)): Uint8Array {
    let buf = 0;
    let bcnt = 0;
    for (let i = 0; i < count; i++) {
      if (bcnt === 0) {
        buf = this.next32();
        bcnt = 31;
      } else {
        buf >>>= 1;
        bcnt -= 1;
      }
      out[i] = buf & 1;
    }
    return out;
  }
}

/** (a·b) mod 2³² for a, b < 2³², exactly (Math.imul wraps to 32 bits). */
function lowProduct(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/** ⌊a·b / 2³²⌋ for a, b < 2³², exactly: the product split into 16-bit halves of b. */
function highProduct(a: number, b: number): number {
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lo = a * bLo; // < 2⁴⁸: exact
  const hi = a * bHi; // < 2⁴⁸: exact
  // a·b = hi·2¹⁶ + lo; its high word = ⌊(hi·2¹⁶ + lo)/2³²⌋
  const mid = hi + Math.floor(lo / 0x10000); // < 2⁴⁹: exact
  return Math.floor(mid / 0x10000);
}
