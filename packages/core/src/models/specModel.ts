import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import type { Matrix } from '../linalg/index.js';
import { defaultFeatures, type FeatureSpec, type Model } from './types.js';

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

/** x·coef + intercept for every row. */
function linearPredictor(x: Matrix, coef: Float64Array, intercept: number): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = intercept;
    const off = i * cols;
    for (let j = 0; j < cols; j++) s += (data[off + j] as number) * (coef[j] as number);
    out[i] = s;
  }
  return out;
}

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

function denseForward(h: Float64Array, rows: number, layer: DenseLayer): Float64Array {
  const { nIn, nOut, wt, b, act } = layer;
  const out = new Float64Array(rows * nOut);
  // one dot product per (row, unit) over contiguous memory: wt is W transposed (nOut × nIn)
  for (let r = 0; r < rows; r++) {
    const ho = r * nIn;
    const oo = r * nOut;
    for (let k = 0; k < nOut; k++) {
      const wo = k * nIn;
      let s = b[k] as number;
      for (let i = 0; i < nIn; i++) s += (h[ho + i] as number) * (wt[wo + i] as number);
      out[oo + k] = s;
    }
  }
  const n = out.length;
  switch (act) {
    case 'relu':
      for (let i = 0; i < n; i++) if ((out[i] as number) < 0) out[i] = 0;
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
        output: { kind: 'regression', nOutputs: 1 },
        predict: (x) => {
          checkCols(x, n);
          return linearPredictor(x, coef, s.intercept);
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
      };
    }
    case 'mlp': {
      const layers = mlpLayers(s);
      const n = (layers[0] as DenseLayer).nIn;
      const last = layers[layers.length - 1] as DenseLayer;
      return {
        kind: 'spec:mlp',
        inputSchema: { features: features(n, s.featureNames) },
        output: { kind: 'regression', nOutputs: 1 },
        predict: (x) => {
          checkCols(x, n);
          let h = x.data;
          for (const layer of layers) h = denseForward(h, x.rows, layer);
          if (last.nOut === 1) return h;
          const out = new Float64Array(x.rows);
          for (let r = 0; r < x.rows; r++) out[r] = h[r * last.nOut] as number;
          return out;
        },
      };
    }
  }
}
