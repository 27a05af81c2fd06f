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

/** The activation, in place on out[0..n). */
function activate(out: Float64Array, n: number, act: DenseLayer['act']): void {
  switch (act) {
    case 'relu':
      // (v + |v|) / 2 is v for v > 0 and 0 otherwise, exactly, and has no branch to mispredict
      // (half of the units are negative: `if (v < 0)` ran 5× slower); |v| ≥ 2¹⁰²³ would overflow
      // and takes the (never mispredicted) plain path, as do ±∞ and NaN
      for (let i = 0; i < n; i++) {
        const v = out[i] as number;
        const a = Math.abs(v);
        out[i] = a < RELU_EXACT_BELOW ? (v + a) * 0.5 : Math.max(v, 0);
      }
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(out[i] as number);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = sigmoid(out[i] as number);
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

/**
 * Most float64 values a spec model caches for {@link Model.columnVariants} (64 MiB); beyond that
 * it declines and the caller falls back to `predict`.
 */
const MAX_VARIANT_CACHE = 1 << 23;

/** The variant columns, checked: distinct indices of the model's inputs. */
function variantColumns(cols: readonly number[], n: number): Int32Array {
  const seen = new Uint8Array(n);
  for (const c of cols) {
    if (!Number.isInteger(c) || c < 0 || c >= n || seen[c] === 1) {
      throw new InvalidInputError(
        `columnVariants: column ${c} is repeated or not one of the model's ${n} inputs`,
      );
    }
    seen[c] = 1;
  }
  return Int32Array.from(cols);
}

/** True when every value of columns `cols` of `x` is finite. */
function finiteColumns(x: Matrix, cols: Int32Array): boolean {
  const { rows, cols: m, data } = x;
  for (const c of cols) {
    for (let r = 0; r < rows; r++) if (!Number.isFinite(data[r * m + c] as number)) return false;
  }
  return true;
}

/** The number of variants in `values` (each holds `count × rows` values). */
function variantCount(values: readonly Float64Array[], nCols: number, rows: number): number {
  const count = rows === 0 ? 0 : (values[0]?.length ?? 0) / rows;
  if (
    values.length !== nCols ||
    !Number.isInteger(count) ||
    values.some((v) => v.length !== count * rows)
  ) {
    throw new InvalidInputError(
      `columnVariants: expected ${nCols} replacement column(s) of the same multiple of ${rows} values`,
    );
  }
  return count;
}

/**
 * The first layer's pre-activation without the variant columns: its transposed weights with those
 * inputs' weights set to zero run through the ordinary kernels. For finite x (checked by the
 * caller), x·0 adds an exact zero, so every other term is summed in the same order as `predict`
 * sums it.
 */
function preactivationWithout(
  x: Matrix,
  nOut: number,
  wt: Float64Array,
  b: Float64Array,
  cols: Int32Array,
): Float64Array {
  const nIn = x.cols;
  const zeroed = wt.slice();
  for (let k = 0; k < nOut; k++) for (const c of cols) zeroed[k * nIn + c] = 0;
  const rest = new Float64Array(x.rows * nOut);
  denseLinear(x.data, x.rows, nIn, nOut, zeroed, b, rest);
  return rest;
}

/**
 * out[r·nOut + k] = rest[(r0 + r)·nOut + k] + Σₜ values[t][v0 + r]·w[t·nOut + k] for r < rows: the
 * pre-activation of rows r0… with the variant columns put back (`w` holds their weight rows;
 * `v0` is where the variant's row r0 sits in `values`), the first one in the same pass as the
 * copy of `rest`.
 */
function addVariantColumns(
  rest: Float64Array,
  values: readonly Float64Array[],
  w: Float64Array,
  nOut: number,
  r0: number,
  v0: number,
  rows: number,
  out: Float64Array,
): void {
  for (let t = 0; t < values.length; t++) {
    const v = values[t] as Float64Array;
    const wo = t * nOut;
    const from = t === 0 ? rest : out;
    const base = t === 0 ? r0 * nOut : 0;
    if (nOut === 1) {
      const wv = w[wo] as number;
      for (let r = 0; r < rows; r++)
        out[r] = (from[base + r] as number) + (v[v0 + r] as number) * wv;
    } else {
      for (let r = 0; r < rows; r++) {
        const vr = v[v0 + r] as number;
        const o = r * nOut;
        for (let k = 0; k < nOut; k++)
          out[o + k] = (from[base + o + k] as number) + vr * (w[wo + k] as number);
      }
    }
  }
}

/** The weight rows of the variant columns, `cols.length × nOut`, from transposed weights. */
function variantWeights(
  wt: Float64Array,
  nIn: number,
  nOut: number,
  cols: Int32Array,
): Float64Array {
  const w = new Float64Array(cols.length * nOut);
  for (let t = 0; t < cols.length; t++)
    for (let k = 0; k < nOut; k++) w[t * nOut + k] = wt[k * nIn + (cols[t] as number)] as number;
  return w;
}

/**
 * {@link Model.columnVariants} of a linear predictor z = x·coef + b: z without the variant columns
 * is computed once, and each variant adds their terms back (O(rows · cols.length)).
 */
function linearVariants(
  x: Matrix,
  colsIn: readonly number[],
  coef: Float64Array,
  intercept: number,
): { rows: number; z: (values: readonly Float64Array[]) => Float64Array } | undefined {
  const cols = variantColumns(colsIn, coef.length);
  if (!finiteColumns(x, cols)) return undefined;
  const rest = preactivationWithout(x, 1, coef, Float64Array.of(intercept), cols);
  const w = variantWeights(coef, coef.length, 1, cols);
  const rows = x.rows;
  return {
    rows,
    z: (values) => {
      const count = variantCount(values, cols.length, rows);
      const out = new Float64Array(count * rows);
      for (let q = 0; q < count; q++) {
        addVariantColumns(rest, values, w, 1, 0, q * rows, rows, out.subarray(q * rows));
      }
      return out;
    },
  };
}

/** Rows per block of an MLP variant: the block's cached pre-activation and its activations stay
 * in the L1/L2 cache while every variant of the call runs over it. */
const VARIANT_BLOCK_ROWS = 256;

/**
 * {@link Model.columnVariants} of an MLP: the first layer's pre-activation without the variant
 * columns is computed once (rows × units of the first layer); then, block of rows by block, each
 * variant adds their terms back and runs the activation and the later layers in preallocated
 * buffers. The first layer is most of an MLP's cost, so a variant costs a few of its columns
 * instead of all of them.
 */
function mlpVariants(
  x: Matrix,
  colsIn: readonly number[],
  layers: DenseLayer[],
): ColumnVariants | undefined {
  const first = layers[0] as DenseLayer;
  const cols = variantColumns(colsIn, first.nIn);
  if (x.rows * first.nOut > MAX_VARIANT_CACHE || !finiteColumns(x, cols)) return undefined;
  const rest = preactivationWithout(x, first.nOut, first.wt, first.b, cols);
  const w = variantWeights(first.wt, first.nIn, first.nOut, cols);
  const block = Math.min(VARIANT_BLOCK_ROWS, x.rows);
  const buffers = layers.map((layer) => new Float64Array(block * layer.nOut));
  const last = layers[layers.length - 1] as DenseLayer;
  const n = x.rows;
  return {
    rows: n,
    predict: (values) => {
      const count = variantCount(values, cols.length, n);
      const out = new Float64Array(count * n);
      for (let r0 = 0; r0 < n; r0 += block) {
        const rows = Math.min(block, n - r0);
        for (let q = 0; q < count; q++) {
          let h = buffers[0] as Float64Array;
          addVariantColumns(rest, values, w, first.nOut, r0, q * n + r0, rows, h);
          activate(h, rows * first.nOut, first.act);
          for (let l = 1; l < layers.length; l++)
            h = denseForward(h, rows, layers[l] as DenseLayer, buffers[l] as Float64Array);
          const o = q * n + r0;
          for (let r = 0; r < rows; r++) out[o + r] = h[r * last.nOut] as number;
        }
      }
      return out;
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
        columnVariants: (x, cols) => {
          checkCols(x, n);
          const v = linearVariants(x, cols, coef, s.intercept);
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
        columnVariants: (x, cols) => {
          checkCols(x, n);
          const v = linearVariants(x, cols, coef, s.intercept);
          return (
            v && {
              rows: v.rows,
              predict: (values) => {
                const z = v.z(values);
                for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i] as number);
                return z;
              },
              predictClasses: (values) =>
                Array.from(v.z(values), (z) => (z > 0 ? classes[1] : classes[0])),
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
        columnVariants: (x, cols) => {
          checkCols(x, n);
          return mlpVariants(x, cols, layers);
        },
      };
    }
  }
}
