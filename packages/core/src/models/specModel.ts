import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { type ColumnVariants, defaultFeatures, type FeatureSpec, type Model } from './types.js';

const finite = z.number();

export const ZLinearSpecSchema = z.strictObject({
  type: z.literal('linear'),
  coef: z.array(finite).min(1),
  intercept: finite.default(0),
  featureNames: z.array(z.string()).optional(),
});

export const ZLogisticSpecSchema = z.strictObject({
  type: z.literal('logistic'),
  coef: z.array(finite).min(1),
  intercept: finite.default(0),
  classes: z
    .tuple([z.union([z.number(), z.string()]), z.union([z.number(), z.string()])])
    .default([0, 1])
    .meta({ description: 'Negative and positive class labels.' }),
  featureNames: z.array(z.string()).optional(),
});

export const ZActivationSchema = z.enum(['relu', 'tanh', 'sigmoid', 'linear'], {
  error: (issue) =>
    `unknown activation ${JSON.stringify(issue.input)}; expected relu, tanh, sigmoid or linear`,
});

export const ZMlpLayerSchema = z.strictObject({
  weights: z.array(z.array(finite).min(1)).min(1).meta({ description: 'in × out matrix.' }),
  bias: z.array(finite).min(1),
  activation: ZActivationSchema,
});

export const ZMlpSpecSchema = z.strictObject({
  type: z.literal('mlp'),
  layers: z.array(ZMlpLayerSchema).min(1),
  featureNames: z.array(z.string()).optional(),
});

/**
 * A model written as JSON (the golden cases' models): `linear` → x·coef + b; `logistic` →
 * σ(x·coef + b), P(classes[1]); `mlp` → h ← act(h·W + b) per layer, output column 0.
 */
export const ZModelSpecSchema = z.discriminatedUnion('type', [
  ZLinearSpecSchema,
  ZLogisticSpecSchema,
  ZMlpSpecSchema,
]);
export type TModelSpec = z.input<typeof ZModelSpecSchema>;
type ParsedSpec = z.output<typeof ZModelSpecSchema>;

function features(n: number, names: string[] | undefined): FeatureSpec[] {
  if (names === undefined) return defaultFeatures(n);
  if (names.length !== n) {
    throw new InvalidInputError(`model has ${n} features but featureNames has ${names.length}`, [
      { path: ['model', 'featureNames'], message: `expected ${n} names` },
    ]);
  }
  return names.map((name) => ({ name, type: 'numeric' }));
}

function checkCols(x: Matrix, n: number): void {
  if (x.cols !== n) {
    throw new InvalidInputError(`the model expects ${n} features but the data has ${x.cols}`);
  }
}

/**
 * out[r] = bias + h[r]·w for every row, four rows at a time: four independent accumulators
 * instead of one dependent chain of additions (≈ 2× faster in V8).
 */
function rowDots(
  h: Float64Array,
  rows: number,
  nIn: number,
  w: Float64Array,
  wOff: number,
  bias: number,
  out: Float64Array,
  stride: number,
  col: number,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o0 = r * nIn;
    const o1 = o0 + nIn;
    const o2 = o1 + nIn;
    const o3 = o2 + nIn;
    let s0 = bias;
    let s1 = bias;
    let s2 = bias;
    let s3 = bias;
    for (let i = 0; i < nIn; i++) {
      const wv = w[wOff + i] as number;
      s0 += (h[o0 + i] as number) * wv;
      s1 += (h[o1 + i] as number) * wv;
      s2 += (h[o2 + i] as number) * wv;
      s3 += (h[o3 + i] as number) * wv;
    }
    out[r * stride + col] = s0;
    out[(r + 1) * stride + col] = s1;
    out[(r + 2) * stride + col] = s2;
    out[(r + 3) * stride + col] = s3;
  }
  for (; r < rows; r++) {
    let s0 = bias;
    const o = r * nIn;
    for (let i = 0; i < nIn; i++) s0 += (h[o + i] as number) * (w[wOff + i] as number);
    out[r * stride + col] = s0;
  }
}

/** x·coef + intercept for every row. */
function linearPredictor(x: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const out = new Float64Array(x.rows);
  rowDots(x.data, x.rows, x.cols, coef, 0, intercept, out, 1, 0);
  return out;
}

/** Batches of this many rows keep a spec model's input and activations in the CPU cache. */
const SPEC_BATCH_ROWS = 8192;

/** The logistic function, computed without overflow for either sign. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

interface DenseLayer {
  nIn: number;
  nOut: number;
  /** W transposed: nOut × nIn, row-major. */
  wt: Float64Array;
  b: Float64Array;
  act: 'relu' | 'tanh' | 'sigmoid' | 'linear';
}

/**
 * Rows r and r + 1 of a dense layer, four units at a time: a 2 × 4 register tile (eight
 * independent accumulators; each loaded weight serves two rows, each input value four units).
 */
function denseTile2(
  h: Float64Array,
  r: number,
  nIn: number,
  nOut: number,
  wt: Float64Array,
  b: Float64Array,
  out: Float64Array,
): void {
  const ha = r * nIn;
  const hb = ha + nIn;
  const oa = r * nOut;
  const ob = oa + nOut;
  const k4 = nOut - (nOut % 4);
  let k = 0;
  for (; k < k4; k += 4) {
    const w0 = k * nIn;
    const w1 = w0 + nIn;
    const w2 = w1 + nIn;
    const w3 = w2 + nIn;
    let a0 = b[k] as number;
    let a1 = b[k + 1] as number;
    let a2 = b[k + 2] as number;
    let a3 = b[k + 3] as number;
    let c0 = a0;
    let c1 = a1;
    let c2 = a2;
    let c3 = a3;
    for (let i = 0; i < nIn; i++) {
      const x = h[ha + i] as number;
      const y = h[hb + i] as number;
      const v0 = wt[w0 + i] as number;
      const v1 = wt[w1 + i] as number;
      const v2 = wt[w2 + i] as number;
      const v3 = wt[w3 + i] as number;
      a0 += x * v0;
      a1 += x * v1;
      a2 += x * v2;
      a3 += x * v3;
      c0 += y * v0;
      c1 += y * v1;
      c2 += y * v2;
      c3 += y * v3;
    }
    out[oa + k] = a0;
    out[oa + k + 1] = a1;
    out[oa + k + 2] = a2;
    out[oa + k + 3] = a3;
    out[ob + k] = c0;
    out[ob + k + 1] = c1;
    out[ob + k + 2] = c2;
    out[ob + k + 3] = c3;
  }
  for (; k < nOut; k++) {
    const wo = k * nIn;
    let a = b[k] as number;
    let c = a;
    for (let i = 0; i < nIn; i++) {
      const v = wt[wo + i] as number;
      a += (h[ha + i] as number) * v;
      c += (h[hb + i] as number) * v;
    }
    out[oa + k] = a;
    out[ob + k] = c;
  }
}

/** One row of a dense layer (the odd row left over by {@link denseTile2}). */
function denseRow(
  h: Float64Array,
  r: number,
  nIn: number,
  nOut: number,
  wt: Float64Array,
  b: Float64Array,
  out: Float64Array,
): void {
  const ho = r * nIn;
  const oo = r * nOut;
  for (let k = 0; k < nOut; k++) {
    const wo = k * nIn;
    let s = b[k] as number;
    for (let i = 0; i < nIn; i++) s += (h[ho + i] as number) * (wt[wo + i] as number);
    out[oo + k] = s;
  }
}

/** out ← h·W + b for `rows` rows (pre-activation), into `out` (rows × nOut). */
function denseLinear(
  h: Float64Array,
  rows: number,
  nIn: number,
  nOut: number,
  wt: Float64Array,
  b: Float64Array,
  out: Float64Array,
): void {
  if (nOut < 4) {
    for (let k = 0; k < nOut; k++) rowDots(h, rows, nIn, wt, k * nIn, b[k] as number, out, nOut, k);
  } else {
    let r = 0;
    for (; r + 2 <= rows; r += 2) denseTile2(h, r, nIn, nOut, wt, b, out);
    if (r < rows) denseRow(h, r, nIn, nOut, wt, b, out);
  }
}

/** 2¹⁰²³: below it, v + |v| cannot overflow. */
const RELU_EXACT_BELOW = 2 ** 1023;

/**
 * max(v, 0) without a branch to mispredict (half of an MLP's units are negative, and
 * `if (v < 0)` ran 5× slower): (v + |v|) / 2 is v for v > 0 and 0 otherwise, exactly. |v| ≥ 2¹⁰²³
 * would overflow and takes the plain path (never mispredicted), as do ±∞ and NaN.
 */
function relu(v: number): number {
  const a = Math.abs(v);
  return a < RELU_EXACT_BELOW ? (v + a) * 0.5 : Math.max(v, 0);
}

/** The activation, in place on out[from..from + n). */
function activate(out: Float64Array, n: number, act: DenseLayer['act'], from = 0): void {
  const end = from + n;
  switch (act) {
    case 'relu':
      for (let i = from; i < end; i++) out[i] = relu(out[i] as number);
      break;
    case 'tanh':
      for (let i = from; i < end; i++) out[i] = Math.tanh(out[i] as number);
      break;
    case 'sigmoid':
      for (let i = from; i < end; i++) out[i] = sigmoid(out[i] as number);
      break;
    case 'linear':
      break;
  }
}

function denseForward(
  h: Float64Array,
  rows: number,
  layer: DenseLayer,
  out: Float64Array = new Float64Array(rows * layer.nOut),
): Float64Array {
  denseLinear(h, rows, layer.nIn, layer.nOut, layer.wt, layer.b, out);
  activate(out, rows * layer.nOut, layer.act);
  return out;
}

function mlpLayers(spec: Extract<ParsedSpec, { type: 'mlp' }>): DenseLayer[] {
  const layers: DenseLayer[] = [];
  let nIn = (spec.layers[0] as { weights: number[][] }).weights.length;
  spec.layers.forEach((layer, l) => {
    const nOut = layer.bias.length;
    const path = ['model', 'layers', l];
    if (layer.weights.length !== nIn) {
      const message = `layer ${l} has ${layer.weights.length} weight rows but its input has ${nIn} units`;
      throw new InvalidInputError(message, [{ path: [...path, 'weights'], message }]);
    }
    const wt = new Float64Array(nIn * nOut);
    layer.weights.forEach((row, i) => {
      if (row.length !== nOut) {
        const message = `layer ${l} weights row ${i} has ${row.length} values but bias has ${nOut}`;
        throw new InvalidInputError(message, [{ path: [...path, 'weights', i], message }]);
      }
      for (let k = 0; k < nOut; k++) wt[k * nIn + i] = row[k] as number;
    });
    layers.push({ nIn, nOut, wt, b: Float64Array.from(layer.bias), act: layer.activation });
    nIn = nOut;
  });
  return layers;
}

/** The variant column groups, checked: indices of the model's inputs, no column twice. */
function variantGroups(groups: readonly (readonly number[])[], n: number): Int32Array[] {
  const seen = new Uint8Array(n);
  return groups.map((cols) => {
    for (const c of cols) {
      if (!Number.isInteger(c) || c < 0 || c >= n || seen[c] === 1) {
        throw new InvalidInputError(
          `columnVariants: column ${c} is repeated or not one of the model's ${n} inputs`,
        );
      }
      seen[c] = 1;
    }
    return Int32Array.from(cols);
  });
}

/** True when every value of `x` in columns `cols` is finite. */
function finiteColumns(x: Matrix, cols: Int32Array): boolean {
  const { rows, cols: m, data } = x;
  for (let r = 0; r < rows; r++) {
    const o = r * m;
    for (let t = 0; t < cols.length; t++)
      if (!Number.isFinite(data[o + (cols[t] as number)] as number)) return false;
  }
  return true;
}

/** The number of variants in `values` (each column holds `count × rows` values). */
function variantCount(
  values: readonly (readonly Float64Array[])[],
  groups: readonly Int32Array[],
  rows: number,
): number {
  const count = rows === 0 ? 0 : (values[0]?.[0]?.length ?? 0) / rows;
  const ok =
    values.length === groups.length &&
    Number.isInteger(count) &&
    values.every(
      (v, g) =>
        v.length === (groups[g] as Int32Array).length && v.every((c) => c.length === count * rows),
    );
  if (!ok) {
    throw new InvalidInputError(
      `columnVariants: expected, per group, one replacement per column of the same multiple of ${rows} values`,
    );
  }
  return count;
}

/** acc[r·nOut + k] += Σ_{c ∈ cols} x[r0 + r][c]·wc[c·nOut + k] for r < rows, c in order. */
function addTerms(
  x: Float64Array,
  nIn: number,
  r0: number,
  rows: number,
  cols: Int32Array,
  wc: Float64Array,
  nOut: number,
  acc: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const xo = (r0 + r) * nIn;
    const o = r * nOut;
    for (let t = 0; t < cols.length; t++) {
      const c = cols[t] as number;
      const xv = x[xo + c] as number;
      const wo = c * nOut;
      for (let k = 0; k < nOut; k++)
        acc[o + k] = (acc[o + k] as number) + xv * (wc[wo + k] as number);
    }
  }
}

/**
 * A dense first layer's pre-activation without each group's columns ("rest"), block of rows by
 * block, for disjoint column groups: rest_g = P_g + S_g, where P_g is the bias, the columns in no
 * group and groups 0…g−1, and S_g is groups g+1…, each summed in column order. Every term is
 * added and none subtracted, so rest_g carries the rounding of one more order of summing its
 * terms (no cancellation of a removed term); and all groups together cost about two passes over
 * their columns, where computing each rest on its own costs one pass over all columns per group.
 */
class GroupRests {
  readonly block: number;
  /** rests[g]: group g's rest for the current block, `block × nOut`. */
  readonly rests: Float64Array[];
  private readonly prefix: Float64Array;
  private readonly others: Int32Array;
  /** The weights with the grouped columns set to zero, for the columns in no group. */
  private readonly zeroed: Float64Array;
  /** The weights by input, `nIn × nOut`. */
  private readonly wc: Float64Array;

  constructor(
    private readonly x: Matrix,
    private readonly nOut: number,
    wt: Float64Array,
    private readonly b: Float64Array,
    private readonly groups: Int32Array[],
  ) {
    const nIn = x.cols;
    const grouped = new Uint8Array(nIn);
    for (const g of groups) for (const c of g) grouped[c] = 1;
    this.others = Int32Array.from({ length: nIn }, (_, i) => i).filter((i) => grouped[i] === 0);
    this.zeroed = wt.slice();
    this.wc = new Float64Array(nIn * nOut);
    for (let k = 0; k < nOut; k++) {
      for (let i = 0; i < nIn; i++) {
        this.wc[i * nOut + k] = wt[k * nIn + i] as number;
        if (grouped[i] === 1) this.zeroed[k * nIn + i] = 0;
      }
    }
    // a block's partial sums (one per group) stay within ~512 KiB
    this.block = Math.max(
      4,
      Math.min(VARIANT_BLOCK_ROWS, Math.floor(65536 / (nOut * groups.length)), x.rows),
    );
    this.rests = groups.map(() => new Float64Array(this.block * nOut));
    this.prefix = new Float64Array(this.block * nOut);
  }

  /** Fills {@link rests} for rows r0…r0 + rows. */
  compute(r0: number, rows: number): void {
    const { x, nOut, groups, rests, prefix, wc } = this;
    const nIn = x.cols;
    const n = rows * nOut;
    const last = groups.length - 1;
    // suffixes, from the last group back: rests[g] ← groups g+1…
    for (let g = last - 1; g >= 0; g--) {
      const s = rests[g] as Float64Array;
      if (g === last - 1) s.fill(0, 0, n);
      else s.set((rests[g + 1] as Float64Array).subarray(0, n));
      addTerms(x.data, nIn, r0, rows, groups[g + 1] as Int32Array, wc, nOut, s);
    }
    // prefix: the bias and the columns in no group, then group after group
    if (this.others.length === 0) {
      for (let r = 0; r < rows; r++) prefix.set(this.b, r * nOut);
    } else {
      // x·0 adds exact zeros for the grouped columns (they are finite: checked by the caller)
      const h = x.data.subarray(r0 * nIn, (r0 + rows) * nIn);
      denseLinear(h, rows, nIn, nOut, this.zeroed, this.b, prefix);
    }
    for (let g = 0; g <= last; g++) {
      const rest = rests[g] as Float64Array;
      if (g === last) rest.set(prefix.subarray(0, n));
      else for (let i = 0; i < n; i++) rest[i] = (prefix[i] as number) + (rest[i] as number);
      if (g < last) addTerms(x.data, nIn, r0, rows, groups[g] as Int32Array, wc, nOut, prefix);
    }
  }
}

/**
 * out[o0 + r·nOut + k] = rest[r·nOut + k] + Σₜ values[t][v0 + r]·w[t·nOut + k] for r < rows (the
 * pre-activation with a group's columns put back; `w` holds their weight rows), then the
 * activation; a ReLU shares the last column's pass (one pass fewer over the block).
 */
function addVariantColumns(
  rest: Float64Array,
  values: readonly Float64Array[],
  w: Float64Array,
  nOut: number,
  v0: number,
  rows: number,
  out: Float64Array,
  o0: number,
  act: DenseLayer['act'],
): void {
  const last = values.length - 1;
  for (let t = 0; t <= last; t++) {
    const v = values[t] as Float64Array;
    const wo = t * nOut;
    const from = t === 0 ? rest : out;
    const base = t === 0 ? 0 : o0;
    if (t === last && act === 'relu') {
      for (let r = 0; r < rows; r++) {
        const vr = v[v0 + r] as number;
        const o = r * nOut;
        for (let k = 0; k < nOut; k++)
          out[o0 + o + k] = relu((from[base + o + k] as number) + vr * (w[wo + k] as number));
      }
      return;
    }
    for (let r = 0; r < rows; r++) {
      const vr = v[v0 + r] as number;
      const o = r * nOut;
      for (let k = 0; k < nOut; k++)
        out[o0 + o + k] = (from[base + o + k] as number) + vr * (w[wo + k] as number);
    }
  }
  activate(out, rows * nOut, act, o0);
}

/** Each group's weight rows, `cols.length × nOut`, from transposed weights (`nOut × nIn`). */
function groupWeights(wt: Float64Array, nIn: number, nOut: number, groups: Int32Array[]) {
  return groups.map((cols) => {
    const w = new Float64Array(cols.length * nOut);
    for (let t = 0; t < cols.length; t++)
      for (let k = 0; k < nOut; k++) w[t * nOut + k] = wt[k * nIn + (cols[t] as number)] as number;
    return w;
  });
}

/**
 * {@link Model.columnVariants} of a linear predictor z = x·coef + b: per block of rows, each
 * group's z without its columns ({@link GroupRests}), then each variant adds their terms back.
 * Returns z for every group and variant.
 */
function linearVariants(
  x: Matrix,
  groupsIn: readonly (readonly number[])[],
  coef: Float64Array,
  intercept: number,
):
  | { rows: number; z: (values: readonly (readonly Float64Array[])[]) => Float64Array[] }
  | undefined {
  const nIn = coef.length;
  const groups = variantGroups(groupsIn, nIn);
  if (!finiteColumns(x, Int32Array.from(groups.flatMap((g) => Array.from(g))))) return undefined;
  const weights = groupWeights(coef, nIn, 1, groups);
  const n = x.rows;
  return {
    rows: n,
    z: (values) => {
      const count = variantCount(values, groups, n);
      const outs = groups.map(() => new Float64Array(count * n));
      const rests = new GroupRests(x, 1, coef, Float64Array.of(intercept), groups);
      for (let r0 = 0; r0 < n; r0 += rests.block) {
        const rows = Math.min(rests.block, n - r0);
        rests.compute(r0, rows);
        groups.forEach((_, g) => {
          for (let q = 0; q < count; q++) {
            const o = q * n + r0;
            const rest = rests.rests[g] as Float64Array;
            addVariantColumns(
              rest,
              values[g] as Float64Array[],
              weights[g] as Float64Array,
              1,
              o,
              rows,
              outs[g] as Float64Array,
              o,
              'linear',
            );
          }
        });
      }
      return outs;
    },
  };
}

/** Rows per block of column variants: a block's partial sums stay in the L1/L2 cache. */
const VARIANT_BLOCK_ROWS = 256;

/**
 * The output of a one-hidden-layer ReLU network with one column replaced, for `rows` rows:
 * out[o0 + r] = b2 + Σₖ relu(rest[r·h + k] + v[v0 + r]·w[k])·w2[k], summed over k in order (as
 * {@link rowDots} sums the output layer). Four rows at a time: four independent sums keep the
 * adder busy and the hidden units never leave registers (2–3× faster than writing them out and
 * reading them back for the output layer), with a branch-free ReLU.
 */
function reluHiddenToOne(
  rest: Float64Array,
  v: Float64Array,
  w: Float64Array,
  w2: Float64Array,
  b2: number,
  h: number,
  v0: number,
  rows: number,
  out: Float64Array,
  o0: number,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const va = v[v0 + r] as number;
    const vb = v[v0 + r + 1] as number;
    const vc = v[v0 + r + 2] as number;
    const vd = v[v0 + r + 3] as number;
    const oa = r * h;
    const ob = oa + h;
    const oc = ob + h;
    const od = oc + h;
    let sa = b2;
    let sb = b2;
    let sc = b2;
    let sd = b2;
    for (let k = 0; k < h; k++) {
      const wk = w[k] as number;
      const w2k = w2[k] as number;
      // relu(z) = (z + |z|) / 2 without the guard of relu(): it is exact unless |z| ≥ 2¹⁰²³ or z
      // is not finite, and then the row's sum is not finite either and the row is redone below
      const za = (rest[oa + k] as number) + va * wk;
      const zb = (rest[ob + k] as number) + vb * wk;
      const zc = (rest[oc + k] as number) + vc * wk;
      const zd = (rest[od + k] as number) + vd * wk;
      sa += (za + Math.abs(za)) * 0.5 * w2k;
      sb += (zb + Math.abs(zb)) * 0.5 * w2k;
      sc += (zc + Math.abs(zc)) * 0.5 * w2k;
      sd += (zd + Math.abs(zd)) * 0.5 * w2k;
    }
    out[o0 + r] = sa;
    out[o0 + r + 1] = sb;
    out[o0 + r + 2] = sc;
    out[o0 + r + 3] = sd;
    if (!Number.isFinite(sa + sb + sc + sd))
      reluHiddenToOneRows(rest, v, w, w2, b2, h, r, v0, r + 4, out, o0);
  }
  // the last rows in a function of their own: a second loop here made V8 stop inlining in the
  // first one
  if (r < rows) reluHiddenToOneRows(rest, v, w, w2, b2, h, r, v0, rows, out, o0);
}

/** Rows from…rows of {@link reluHiddenToOne}, one at a time, with the exact {@link relu}. */
function reluHiddenToOneRows(
  rest: Float64Array,
  v: Float64Array,
  w: Float64Array,
  w2: Float64Array,
  b2: number,
  h: number,
  from: number,
  v0: number,
  rows: number,
  out: Float64Array,
  o0: number,
): void {
  for (let r = from; r < rows; r++) {
    const vr = v[v0 + r] as number;
    const o = r * h;
    let s = b2;
    for (let k = 0; k < h; k++)
      s += relu((rest[o + k] as number) + vr * (w[k] as number)) * (w2[k] as number);
    out[o0 + r] = s;
  }
}

/**
 * {@link Model.columnVariants} of an MLP: per block of rows, each group's first-layer
 * pre-activation without its columns ({@link GroupRests}); then each variant puts their terms
 * back and runs the activation and the later layers in preallocated buffers, all while the block
 * is in the CPU cache. The first layer is most of an MLP's cost, so a variant costs a few of its
 * columns instead of all of them.
 */
function mlpVariants(
  x: Matrix,
  groupsIn: readonly (readonly number[])[],
  layers: DenseLayer[],
): ColumnVariants | undefined {
  const first = layers[0] as DenseLayer;
  const last = layers[layers.length - 1] as DenseLayer;
  const groups = variantGroups(groupsIn, first.nIn);
  if (!finiteColumns(x, Int32Array.from(groups.flatMap((g) => Array.from(g))))) return undefined;
  const weights = groupWeights(first.wt, first.nIn, first.nOut, groups);
  const n = x.rows;
  // the common regression MLP: one ReLU hidden layer, one output
  const fused = layers.length === 2 && first.act === 'relu' && last.nOut === 1;
  return {
    rows: n,
    predict: (values) => {
      const count = variantCount(values, groups, n);
      const outs = groups.map(() => new Float64Array(count * n));
      const rests = new GroupRests(x, first.nOut, first.wt, first.b, groups);
      const buffers = layers.map((layer) => new Float64Array(rests.block * layer.nOut));
      for (let r0 = 0; r0 < n; r0 += rests.block) {
        const rows = Math.min(rests.block, n - r0);
        rests.compute(r0, rows);
        for (let g = 0; g < groups.length; g++) {
          const rest = rests.rests[g] as Float64Array;
          const vals = values[g] as Float64Array[];
          const w = weights[g] as Float64Array;
          const out = outs[g] as Float64Array;
          for (let q = 0; q < count; q++) {
            const o = q * n + r0;
            if (fused && vals.length === 1) {
              const b2 = last.b[0] as number;
              reluHiddenToOne(
                rest,
                vals[0] as Float64Array,
                w,
                last.wt,
                b2,
                first.nOut,
                o,
                rows,
                out,
                o,
              );
              activate(out, rows, last.act, o);
              continue;
            }
            let h = buffers[0] as Float64Array;
            addVariantColumns(rest, vals, w, first.nOut, o, rows, h, 0, first.act);
            for (let l = 1; l < layers.length; l++)
              h = denseForward(h, rows, layers[l] as DenseLayer, buffers[l] as Float64Array);
            for (let r = 0; r < rows; r++) out[o + r] = h[r * last.nOut] as number;
          }
        }
      }
      return outs;
    },
  };
}

/**
 * Builds a {@link Model} from a JSON spec (validated with {@link ZModelSpecSchema}). The logistic
 * model predicts P(classes[1]) and decides class 1 iff x·coef + b > 0, as scikit-learn's
 * `LogisticRegression.predict` does; the MLP predicts output column 0 of its last layer.
 *
 * @throws InvalidInputError when the spec is malformed (unknown type or activation, layer shapes
 * that do not chain).
 */
export function createSpecModel(spec: TModelSpec | ParsedSpec): Model {
  const parsed = ZModelSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: ['model', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      message: issue.message,
    }));
    throw new InvalidInputError(
      `invalid model spec: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const s = parsed.data;
  switch (s.type) {
    case 'linear': {
      const coef = Float64Array.from(s.coef);
      const n = coef.length;
      return {
        kind: 'spec:linear',
        inputSchema: { features: features(n, s.featureNames) },
        preferredBatchRows: SPEC_BATCH_ROWS,
        output: { kind: 'regression', nOutputs: 1 },
        predict: (x) => {
          checkCols(x, n);
          return linearPredictor(x, coef, s.intercept);
        },
        columnVariants: (x, groups) => {
          checkCols(x, n);
          const v = linearVariants(x, groups, coef, s.intercept);
          return v && { rows: v.rows, predict: v.z };
        },
      };
    }
    case 'logistic': {
      const coef = Float64Array.from(s.coef);
      const n = coef.length;
      const classes = s.classes as [Label, Label];
      return {
        kind: 'spec:logistic',
        inputSchema: { features: features(n, s.featureNames) },
        preferredBatchRows: SPEC_BATCH_ROWS,
        output: { kind: 'probability', classes },
        predict: (x) => {
          checkCols(x, n);
          const z = linearPredictor(x, coef, s.intercept);
          for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i] as number);
          return z;
        },
        predictClasses: (x) => {
          checkCols(x, n);
          const z = linearPredictor(x, coef, s.intercept);
          return Array.from(z, (v) => (v > 0 ? classes[1] : classes[0]));
        },
        columnVariants: (x, groups) => {
          checkCols(x, n);
          const v = linearVariants(x, groups, coef, s.intercept);
          return (
            v && {
              rows: v.rows,
              predict: (values) =>
                v.z(values).map((z) => {
                  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i] as number);
                  return z;
                }),
              predictClasses: (values) =>
                v.z(values).map((z) => Array.from(z, (m) => (m > 0 ? classes[1] : classes[0]))),
            }
          );
        },
      };
    }
    case 'mlp': {
      const layers = mlpLayers(s);
      const n = (layers[0] as DenseLayer).nIn;
      const last = layers[layers.length - 1] as DenseLayer;
      return {
        kind: 'spec:mlp',
        inputSchema: { features: features(n, s.featureNames) },
        preferredBatchRows: SPEC_BATCH_ROWS,
        output: { kind: 'regression', nOutputs: 1 },
        predict: (x) => {
          checkCols(x, n);
          const out = new Float64Array(x.rows);
          // blocks of rows, so that each block's activations stay in the CPU cache
          for (let r0 = 0; r0 < x.rows; r0 += SPEC_BATCH_ROWS) {
            const rows = Math.min(SPEC_BATCH_ROWS, x.rows - r0);
            let h = x.data.subarray(r0 * n, (r0 + rows) * n);
            for (const layer of layers) h = denseForward(h, rows, layer);
            for (let r = 0; r < rows; r++) out[r0 + r] = h[r * last.nOut] as number;
          }
          return out;
        },
        columnVariants: (x, groups) => {
          checkCols(x, n);
          return mlpVariants(x, groups, layers);
        },
      };
    }
  }
}
