import { z } from 'zod';
import { InvalidInputError } from '../../errors/index.js';
import { compareLabels, type Label, uniqueLabels } from '../../labels/index.js';
import {
  type Matrix,
  type MatrixLike,
  RandomState,
  takeRows,
  toMatrix,
} from '../../linalg/index.js';
import type { Model } from '../../models/types.js';
import { ZLabelsSchema } from '../../schemas/index.js';
import {
  parseParams,
  resolveModel,
  resolveSeed,
  ZMatrixSchema,
  ZModelInputSchema,
} from '../inputs.js';
import { ModelEvaluator } from '../modelEvaluator.js';
import { makeSignature } from '../signature.js';
import type { ExplainerDefinition, Explanation } from '../types.js';
import { surrogateFidelity } from './fidelity.js';
import { fitLinear, type LinearFit, predictLinear } from './linearSurrogate.js';
import { fitLogistic, fitMultinomial } from './logisticSurrogate.js';
import { fitTreeEnsembleSurrogate } from './treeEnsembleSurrogate.js';
import { fitTree, predictTree, treeRules } from './treeSurrogate.js';

export const ZSurrogateParamsSchema = z.strictObject({
  surrogate: z
    .enum(['linear', 'ridge', 'logistic', 'tree', 'random_forest', 'hist_gbm'])
    .default('linear'),
  alpha: z.number().nonnegative().default(1).meta({ description: 'Ridge penalty (ridge only).' }),
  C: z.number().positive().default(1).meta({ description: 'Inverse L2 strength (logistic only).' }),
  maxDepth: z.int().min(1).max(32).default(3).meta({ description: 'tree and random_forest.' }),
  minSamplesLeaf: z.int().min(1).default(1),
  task: z.enum(['regression', 'classification']).optional().meta({
    description:
      'Trees and tree ensembles only. @default classification for string labels, else regression',
  }),
  testFraction: z.number().min(0).lt(1).default(0).meta({
    description:
      'Fraction of rows held out (scikit-learn train_test_split with random_state = seed); fidelity is reported on them.',
  }),
  seed: z.int().min(0).max(0xffffffff).optional(),
  tol: z.number().positive().default(1e-12).meta({ description: 'Logistic gradient tolerance.' }),
});
export type TSurrogateParams = z.input<typeof ZSurrogateParamsSchema>;

export const ZSurrogateInputSchema = z.strictObject({
  X: ZMatrixSchema,
  blackBoxPredictions: ZLabelsSchema.optional().meta({
    description: "The black box's predictions on X (or give `model` to compute them).",
  }),
  model: ZModelInputSchema.optional(),
  featureNames: z.array(z.string()).optional(),
});

function standardDeviations(x: Matrix): number[] {
  const out: number[] = [];
  for (let j = 0; j < x.cols; j++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * x.cols + j] as number;
    mean /= x.rows;
    let ss = 0;
    for (let i = 0; i < x.rows; i++) ss += ((x.data[i * x.cols + j] as number) - mean) ** 2;
    out.push(Math.sqrt(ss / x.rows));
  }
  return out;
}

/**
 * The mimic (global surrogate) explainer: fits an interpretable model to the black box's
 * predictions on X and reports how faithfully it copies it.
 *
 * - `linear` (OLS with intercept) and `ridge` → `coef`, `intercept`, `fidelityR2`;
 * - `logistic` (L2, C, solved to convergence; binary, or multinomial/softmax for more classes) →
 *   `coef`, `intercept` (per class for more than two classes: `coef[k]`, `intercept[k]` of
 *   `classes[k]`), `fidelityAccuracy`;
 * - `tree` (CART, `maxDepth`) → `tree` (nodes), `rules`, and fidelity of its kind;
 * - `random_forest` (100 trees of `maxDepth`) and `hist_gbm` (100 boosting rounds of 31 leaves),
 *   AutoML's tree learners → `classes`, `shapExpectedValue`, `shapSpace`, and fidelity of its
 *   kind; their importances are the mean |exact Tree SHAP| over the first 500 training rows.
 *
 * Feature importances: |coef|·sd(x) for linear models (standardised coefficients; averaged
 * over the classes of a multinomial logistic surrogate), the normalised impurity decrease for
 * trees. With `testFraction` > 0 the rows are split as
 * scikit-learn's `train_test_split(test_size, random_state=seed)` and fidelity is measured on the
 * held-out rows (training fidelity is reported too); otherwise on X itself.
 *
 * Reference: interpret-community `MimicExplainer`; scikit-learn 1.2.1 `LinearRegression`,
 * `Ridge`, `LogisticRegression`, `DecisionTreeRegressor/Classifier`, `train_test_split`.
 */
export async function fitSurrogate(
  xIn: MatrixLike,
  blackBoxIn: readonly Label[] | undefined,
  options: TSurrogateParams & { model?: Model; featureNames?: readonly string[] } = {},
): Promise<Explanation> {
  const t0 = performance.now();
  const params = parseParams(ZSurrogateParamsSchema, options);
  const x = toMatrix(xIn, 'X');
  let evaluator: ModelEvaluator | undefined;
  let blackBox: readonly Label[];
  const treeKind =
    params.surrogate === 'tree' ||
    params.surrogate === 'random_forest' ||
    params.surrogate === 'hist_gbm';
  const classification =
    params.surrogate === 'logistic' ||
    (treeKind &&
      (params.task === 'classification' ||
        (params.task === undefined && typeof blackBoxIn?.[0] === 'string')));
  if (blackBoxIn !== undefined) blackBox = blackBoxIn;
  else if (options.model !== undefined) {
    evaluator = new ModelEvaluator(options.model);
    evaluator.checkFeatures('X', x);
    blackBox = classification
      ? await evaluator.predictClasses(x)
      : Array.from(await evaluator.predict(x));
  } else {
    throw new InvalidInputError('give either blackBoxPredictions or model', [
      { path: ['blackBoxPredictions'], message: 'required when no model is given' },
    ]);
  }
  if (blackBox.length !== x.rows) {
    const message = `X/blackBoxPredictions length mismatch: X has ${x.rows} rows but blackBoxPredictions has ${blackBox.length}`;
    throw new InvalidInputError(message, [{ path: ['blackBoxPredictions'], message }]);
  }
  const featureNames =
    options.featureNames !== undefined
      ? [...options.featureNames]
      : (options.model?.inputSchema.features.map((f) => f.name) ??
        Array.from({ length: x.cols }, (_, j) => `x${j}`));
  if (featureNames.length !== x.cols) {
    throw new InvalidInputError(
      `featureNames has ${featureNames.length} names but X has ${x.cols} columns`,
    );
  }

  // hold-out split: ShuffleSplit's permutation, test rows first
  let train = x;
  let test: Matrix | undefined;
  let yTrain = blackBox;
  let yTest: readonly Label[] = [];
  const ensemble = params.surrogate === 'random_forest' || params.surrogate === 'hist_gbm';
  const seed = params.testFraction > 0 || ensemble ? resolveSeed(params.seed) : null;
  if (seed !== null && params.testFraction > 0) {
    const nTest = Math.ceil(params.testFraction * x.rows);
    const nTrain = x.rows - nTest;
    if (nTest < 1 || nTrain < 2) {
      throw new InvalidInputError(
        `testFraction ${params.testFraction} leaves ${nTrain} training and ${nTest} test rows`,
      );
    }
    const perm = new RandomState(seed).permutation(x.rows);
    const testIdx = perm.subarray(0, nTest);
    const trainIdx = perm.subarray(nTest);
    train = takeRows(x, trainIdx);
    test = takeRows(x, testIdx);
    yTrain = Array.from(trainIdx, (i) => blackBox[i] as Label);
    yTest = Array.from(testIdx, (i) => blackBox[i] as Label);
  }

  const sd = standardDeviations(train);
  let result: Record<string, unknown>;
  let predict: (m: Matrix) => Label[];
  let importances: number[];
  let task: 'regression' | 'classification';
  if (params.surrogate === 'linear' || params.surrogate === 'ridge') {
    task = 'regression';
    if (typeof yTrain[0] !== 'number')
      throw new InvalidInputError('a linear surrogate needs numeric predictions');
    const fit = fitLinear(
      train,
      Float64Array.from(yTrain as number[]),
      params.surrogate === 'ridge' ? params.alpha : 0,
    );
    predict = (m) => Array.from(predictLinear(m, fit));
    importances = fit.coef.map((c, j) => Math.abs(c) * (sd[j] as number));
    result = { coef: fit.coef, intercept: fit.intercept };
  } else if (params.surrogate === 'logistic') {
    task = 'classification';
    const classes = uniqueLabels(yTrain).sort(compareLabels);
    if (classes.length < 2) {
      throw new InvalidInputError(
        `a logistic surrogate needs at least two classes; the black box predicts ${classes.length}`,
      );
    }
    if (classes.length === 2) {
      const [neg, pos] = classes as [Label, Label];
      const y = Uint8Array.from(yTrain, (v) => (v === pos ? 1 : 0));
      const fit: LinearFit = fitLogistic(train, y, params.C, params.tol);
      predict = (m) => Array.from(predictLinear(m, fit), (z) => (z > 0 ? pos : neg));
      importances = fit.coef.map((c, j) => Math.abs(c) * (sd[j] as number));
      result = { coef: fit.coef, intercept: fit.intercept, classes };
    } else {
      const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
      const y = Int32Array.from(yTrain, (v) => index.get(v) as number);
      const fit = fitMultinomial(train, y, classes.length, params.C, params.tol);
      const perClass = fit.coef.map((coef, k) => ({ coef, intercept: fit.intercept[k] as number }));
      predict = (m) => {
        const z = perClass.map((f) => predictLinear(m, f));
        // the largest margin; ties go to the first class, as numpy.argmax
        return Array.from({ length: m.rows }, (_, i) => {
          let best = 0;
          for (let k = 1; k < z.length; k++)
            if ((z[k]?.[i] as number) > (z[best]?.[i] as number)) best = k;
          return classes[best] as Label;
        });
      };
      // standardised coefficients, averaged over the classes
      importances = sd.map(
        (s, j) =>
          (s * fit.coef.reduce((t, coef) => t + Math.abs(coef[j] as number), 0)) / classes.length,
      );
      result = { coef: fit.coef, intercept: fit.intercept, classes };
    }
  } else if (params.surrogate === 'random_forest' || params.surrogate === 'hist_gbm') {
    task = classification ? 'classification' : 'regression';
    let classes: Label[] | undefined;
    let y: Float64Array;
    if (task === 'classification') {
      classes = uniqueLabels(yTrain).sort(compareLabels);
      if (classes.length < 2) {
        throw new InvalidInputError(
          `a classification surrogate needs at least two classes; the black box predicts ${classes.length}`,
        );
      }
      const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
      y = Float64Array.from(yTrain, (v) => index.get(v) as number);
    } else {
      if (typeof yTrain[0] !== 'number')
        throw new InvalidInputError(`a regression ${params.surrogate} needs numeric predictions`);
      y = Float64Array.from(yTrain as number[]);
    }
    const fit = await fitTreeEnsembleSurrogate(params.surrogate, train, y, classes, {
      maxDepth: params.maxDepth,
      minSamplesLeaf: params.minSamplesLeaf,
      seed: seed as number,
    });
    predict = fit.predict;
    importances = fit.importances;
    result = {
      classes: classes ?? null,
      shapExpectedValue: fit.expectedValue,
      shapSpace: fit.shapSpace,
    };
  } else {
    task = classification ? 'classification' : 'regression';
    const options2 = { maxDepth: params.maxDepth, minSamplesLeaf: params.minSamplesLeaf };
    let fit: ReturnType<typeof fitTree>;
    if (task === 'classification') {
      const classes = uniqueLabels(yTrain).sort(compareLabels);
      const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
      fit = fitTree(
        train,
        Int32Array.from(yTrain, (v) => index.get(v) as number),
        task,
        classes,
        options2,
      );
    } else {
      if (typeof yTrain[0] !== 'number')
        throw new InvalidInputError('a regression tree needs numeric predictions');
      fit = fitTree(train, Float64Array.from(yTrain as number[]), task, undefined, options2);
    }
    predict = (m) => predictTree(m, fit);
    importances = fit.featureImportances;
    result = { tree: fit.nodes, rules: treeRules(fit, featureNames), classes: fit.classes ?? null };
  }
  const trainFidelity = surrogateFidelity(yTrain, predict(train), task);
  const fidelity =
    test === undefined ? trainFidelity : surrogateFidelity(yTest, predict(test), task);
  const named =
    task === 'regression'
      ? { fidelityR2: fidelity.r2 as number, fidelityRmse: fidelity.rmse as number }
      : { fidelityAccuracy: fidelity.accuracy as number, fidelityF1: fidelity.f1 as number };
  const timing = evaluator?.timing() ?? {
    totalMs: 0,
    modelMs: 0,
    modelCalls: 0,
    modelRows: 0,
    modelShare: 0,
  };
  timing.totalMs = performance.now() - t0;
  timing.modelShare = timing.totalMs > 0 ? timing.modelMs / timing.totalMs : 0;
  return {
    method: 'surrogate',
    algorithm: params.surrogate,
    params: { ...params, task },
    seed,
    featureNames,
    values: importances,
    globalImportance: importances,
    featureImportances: importances,
    baseValue: null,
    additivity: null,
    fidelity,
    trainFidelity,
    ...result,
    ...named,
    timing,
    signature: makeSignature({
      method: 'surrogate',
      surrogate: params.surrogate,
      task,
      ...(params.surrogate === 'ridge' ? { alpha: params.alpha } : {}),
      ...(params.surrogate === 'logistic' ? { C: params.C, tol: params.tol } : {}),
      ...(params.surrogate === 'tree' || params.surrogate === 'random_forest'
        ? { depth: params.maxDepth, leaf: params.minSamplesLeaf }
        : {}),
      ...(params.surrogate === 'hist_gbm' ? { leaf: params.minSamplesLeaf } : {}),
      holdout: params.testFraction,
      seed: seed ?? 'none',
    }),
  };
}

export const surrogateExplainer: ExplainerDefinition<
  z.output<typeof ZSurrogateInputSchema>,
  z.output<typeof ZSurrogateParamsSchema>
> = {
  name: 'surrogate',
  description:
    'Mimic explainer: fit a linear/ridge, logistic, CART tree, random forest or histogram gradient boosting surrogate to the black box predictions and report its fidelity, coefficients, rules or mean |Tree SHAP| importances.',
  input: ZSurrogateInputSchema,
  params: ZSurrogateParamsSchema,
  run: (input, params) =>
    fitSurrogate(input.X, input.blackBoxPredictions, {
      ...params,
      model: input.model === undefined ? undefined : resolveModel(input.model),
      featureNames: input.featureNames,
    }),
};
