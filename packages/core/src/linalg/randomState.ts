/**
 * numpy's legacy `np.random.RandomState` (MT19937), bit for bit for the calls Assay needs, so that
 * a seeded permutation importance reproduces scikit-learn's `random_state` exactly.
 *
 * References: numpy 1.24 `numpy/random/_mt19937.pyx` (`_legacy_seeding` → `mt19937_seed`),
 * `src/mt19937/mt19937.c` (`mt19937_gen`, tempering), `src/distributions/distributions.c`
 * (`random_interval`, `random_bounded_uint64_fill` with masked rejection for the legacy
 * generator), `mtrand.pyx` (`RandomState.shuffle` → `_shuffle_raw`, `random_sample`,
 * `permutation`); Matsumoto & Nishimura (1998).
 */
export class RandomState {
  private readonly mt = new Uint32Array(624);
  private pos = 624;

  /** `np.random.RandomState(seed)` for an integer seed in [0, 2³²). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed is ${seed}; expected an integer in [0, 2^32)`);
    }
    let s = seed >>> 0;
    for (let i = 0; i < 624; i++) {
      this.mt[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
  }

  private generate(): void {
    const mt = this.mt;
    let i = 0;
    for (; i < 227; i++) {
      const y = ((mt[i] as number) & 0x80000000) | ((mt[i + 1] as number) & 0x7fffffff);
      mt[i] = (mt[i + 397] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; i < 623; i++) {
      const y = ((mt[i] as number) & 0x80000000) | ((mt[i + 1] as number) & 0x7fffffff);
      mt[i] = (mt[i - 227] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    const y = ((mt[623] as number) & 0x80000000) | ((mt[0] as number) & 0x7fffffff);
    mt[623] = (mt[396] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.pos = 0;
  }

  /** An independent generator in the same state (numpy: `copy.deepcopy(rng)`). */
  clone(): RandomState {
    const copy = new RandomState(0);
    copy.mt.set(this.mt);
    copy.pos = this.pos;
    return copy;
  }

  /** The next 32-bit output (`mt19937_next32`). */
  nextUint32(): number {
    if (this.pos >= 624) this.generate();
    let y = this.mt[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: a double in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `random_interval(max)`: uniform integer in [0, max] by masked rejection (max < 2³²). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /**
   * `randint(low, high)` (high exclusive) for the default int64 dtype, for ranges below 2³²:
   * legacy masked rejection sampling on 32-bit draws.
   */
  randint(low: number, high: number): number {
    const range = high - 1 - low;
    if (range < 0) throw new RangeError(`randint: low ${low} >= high ${high}`);
    if (range === 0) return low;
    if (range > 0xffffffff)
      throw new RangeError('randint: ranges of 2^32 or more are not supported');
    if (range === 0xffffffff) return low + this.nextUint32();
    return low + this.interval(range);
  }

  /** `shuffle(x)` of a 1-D array in place (Fisher–Yates from the end, `random_interval`). */
  shuffle(x: { [i: number]: number; length: number }): void {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = x[i] as number;
      x[i] = x[j] as number;
      x[j] = t;
    }
  }

  /** `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }
}

/**
 * scikit-learn's `sample_without_replacement(n_population, n_samples, method="auto")` from
 * `sklearn/utils/_random.pyx` (1.2.1), drawing from `rng`: a permutation prefix when
 * 0.01 < ratio < 0.99, else tracking selection (ratio < 0.2) or reservoir sampling.
 */
export function sampleWithoutReplacement(
  nPopulation: number,
  nSamples: number,
  rng: RandomState,
): Int32Array {
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) return rng.permutation(nPopulation).slice(0, nSamples);
  const out = new Int32Array(nSamples);
  if (ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(0, nPopulation);
      while (selected.has(j)) j = rng.randint(0, nPopulation);
      selected.add(j);
      out[i] = j;
    }
    return out;
  }
  for (let i = 0; i < nSamples; i++) out[i] = i;
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}
