import betaln from '@stdlib/math-base-special-betaln';

// The two-sided one-sample Kolmogorov–Smirnov distribution (SciPy's `kstwo`), which SciPy's
// `ks_2samp` uses for its asymptotic two-sided p-value: P(D_n ≥ d) = kstwo.sf(d, n). Which method
// computes it depends on n and n·d², as Simard & L'Ecuyer (2011, "Computing the two-sided
// Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11)) recommend and SciPy
// (`scipy/stats/_ksstats.py`, `_kolmogn`) does: Ruben–Gambino's closed forms at the ends, the
// exact one-sided Smirnov sum doubled for large d, Durbin's matrix (Marsaglia, Tsang & Wang 2003)
// and Pomeranz's recursion (1974) for small n, and the Pelz–Good (1976) expansion for large n.

const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
/** Intermediate results are rescaled by 2^±128 to stay within double range. */
const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;
/** Bernoulli-number coefficients B₂ⱼ/(2j(2j − 1)) of Stirling's series, j = 8 … 1. */
const STIRLING = [
  -3617 / 122400,
  1 / 156,
  -691 / 360360,
  1 / 1188,
  -1 / 1680,
  1 / 1260,
  -1 / 360,
  1 / 12,
];

const clip = (p: number) => Math.min(Math.max(p, 0), 1);

/** log(n!/nⁿ) by Stirling's series, with n·log n removed up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * P(D⁺_n ≥ x), the exact one-sided Smirnov tail (SciPy `special.smirnov`), by the Smirnov /
 * Birnbaum–Tingey sum x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (x + j/n)^{j−1} (1 − x − j/n)^{n−j}, whose
 * terms are all positive; each is computed in logarithms (log C(n, j) = −log(n + 1) −
 * log B(n − j + 1, j + 1)) and the sum stops once the terms, past their peak, no longer count.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(x > 0)) return 1;
  if (x >= 1) return 0;
  const last = Math.floor(n * (1 - x));
  let sum = 0;
  let peak = 0;
  const logN1 = Math.log(n + 1);
  for (let j = 0; j <= last; j += 1) {
    const a = x + j / n;
    const b = 1 - a;
    let term: number;
    if (b <= 0) {
      term = j === n ? Math.exp(-logN1 - betaln(1, n + 1) + (j - 1) * Math.log(a)) : 0;
    } else {
      term = Math.exp(
        -logN1 - betaln(n - j + 1, j + 1) + (j - 1) * Math.log(a) + (n - j) * Math.log(b),
      );
    }
    sum += term;
    if (term > peak) peak = term;
    else if (term < sum * 1e-18) break;
  }
  return clip(x * sum);
}

/** Durbin's matrix: P(D_n < d) as a diagonal entry of Hⁿ·n!/nⁿ (Marsaglia, Tsang & Wang). */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j += 1) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i += 1) {
    for (let r = i - 1; r < m; r += 1) H[r * m + i] = w[r - i + 1] as number;
  }
  for (let r = 0; r < m; r += 1) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c += 1) H[(m - 1) * m + c] = v[m - 1 - c] as number;
  const multiply = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(m * m);
    for (let r = 0; r < m; r += 1) {
      for (let s = 0; s < m; s += 1) {
        const ars = a[r * m + s] as number;
        if (ars === 0) continue;
        for (let c = 0; c < m; c += 1)
          out[r * m + c] = (out[r * m + c] as number) + ars * (b[s * m + c] as number);
      }
    }
    return out;
  };
  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i += 1) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2) {
      power = multiply(power, H);
      exponent += hExponent;
    }
    H = multiply(H, H);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] as number) > P128) {
      for (let i = 0; i < H.length; i += 1) H[i] = (H[i] as number) / P128;
      hExponent += E128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i += 1) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= E128;
    }
  }
  return clip(exponent === 0 ? p : p * 2 ** exponent);
}

/** Row i's band of non-zero entries in Pomeranz's recursion. */
function pomeranzBand(i: number, n: number, ll: number, ceilf: number, roundf: number) {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)] as const;
}

/** Pomeranz's recursion: P(D_n < d) as n! times the last entry of 2n + 1 Poisson convolutions. */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);
  const gp = new Float64Array(size);
  const twoGp = new Float64Array(size);
  const oneMinusTwoGp = new Float64Array(size);
  gp[0] = 1;
  twoGp[0] = 1;
  oneMinusTwoGp[0] = 1;
  for (let m = 1; m < size; m += 1) {
    gp[m] = ((gp[m - 1] as number) * (g / n)) / m;
    twoGp[m] = ((twoGp[m - 1] as number) * ((2 * g) / n)) / m;
    oneMinusTwoGp[m] = ((oneMinusTwoGp[m - 1] as number) * ((1 - 2 * g) / n)) / m;
  }
  let v0 = new Float64Array(size);
  let v1 = new Float64Array(size);
  v1[0] = 1;
  let s0 = 0;
  let s1 = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBand(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i += 1) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [s0, s1] = [s1, s0];
    v1.fill(0);
    [j1, j2] = pomeranzBand(i, n, ll, ceilf, roundf);
    const powers = i === 1 || i === 2 * n + 1 ? gp : i % 2 ? twoGp : oneMinusTwoGp;
    const len = j2 - k1 + 1;
    if (len <= 0) continue;
    // Entries [j1 − k1, j2 − k1] of the full convolution of v0[k1 − s0 …] with powers[0 … len).
    const from = j1 - k1;
    const count = j2 - j1 + 1;
    let max = 0;
    for (let c = 0; c < count; c += 1) {
      const idx = from + c;
      let acc = 0;
      for (let a = Math.max(0, idx - len + 1); a <= Math.min(idx, len - 1); a += 1) {
        acc += (v0[k1 - s0 + a] ?? 0) * (powers[idx - a] ?? 0);
      }
      v1[c] = acc;
      if (acc > max) max = acc;
    }
    if (max > 0 && max < M128) {
      for (let c = 0; c < count; c += 1) v1[c] = (v1[c] as number) * P128;
      exponent -= E128;
    }
    s1 = s0 + j1 - k1;
  }
  let answer = v1[n - s1] as number;
  for (let m = 1; m <= n; m += 1) {
    if (Math.abs(answer) > P128) {
      answer *= M128;
      exponent += E128;
    }
    answer *= m;
  }
  return clip(exponent === 0 ? answer : answer * 2 ** exponent);
}

/** The Pelz–Good expansion of P(D_n ≤ x) in 1/√n, for large n and small x. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  // Σ over odd m = 2k − 1 of c(m)·q^(m²), by Horner in q⁸ᵏ from the largest k down.
  for (let k = maxk; k > 0; k -= 1) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qk = q ** (8 * k);
    const coeffs = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m4,
      k3a + k3b * m2 + k3c * m4 + k3d * m6,
    ];
    for (let i = 0; i < 4; i += 1) K[i] = (K[i] as number) * qk + (coeffs[i] as number);
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i += 1) {
    K[i] = ((K[i] as number) * q * SQRT_2PI) / (denominators[i] as number);
  }
  // The other terms of K₂ and K₃, summed over all k directly.
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k -= 1) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] = (K[2] as number) + (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K[3] = (K[3] as number) + (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  let total = 0;
  for (let i = 0; i < 4; i += 1) total += (K[i] as number) / n ** (i / 2);
  return total;
}

/**
 * P(D_n ≥ d) for the two-sided one-sample Kolmogorov–Smirnov statistic with n observations
 * (SciPy `stats.kstwo.sf(d, n)`), by the method Simard & L'Ecuyer choose for (n, n·d²).
 *
 * @param n - a positive integer.
 */
export function kolmogorovSmirnovSf(n: number, d: number): number {
  if (!(Number.isInteger(n) && n > 0) || Number.isNaN(d)) return Number.NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    // Ruben–Gambino: for 1/(2n) ≤ d ≤ 1/n, P(D_n < d) = n!/nⁿ (2nd − 1)ⁿ.
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i += 1) prob *= (i / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - d) ** n);
  // Above 1/2, D⁺ ≥ d and D⁻ ≥ d exclude each other: the two-sided tail is twice the one-sided.
  if (d >= 0.5) return clip(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clip(1 - durbinCdf(n, d));
    if (nd2 <= 4) return clip(1 - pomeranzCdf(n, d));
    return clip(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d));
  const cdf = n <= 100_000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clip(1 - cdf);
}
