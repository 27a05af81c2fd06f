import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import type { Label } from '../labels/index.js';
import {
  type Matrix,
  type MatrixLike,
  RandomState,
  sampleWithoutReplacement,
  toMatrix,
} from '../linalg/index.js';
import type { Model } from '../models/types.js';
import { ZLabelsSchema } from '../schemas/index.js';
import {
  parseParams,
  resolveFeatureNames,
  resolveModel,
  resolveSeed,
  ZMatrixSchema,
  ZModelInputSchema,
} from './inputs.js';
import { ModelEvaluator } from './modelEvaluator.js';
import { bindScorer } from './scorers.js';
import { makeSignature } from './signature.js';
import type { ExplainerDefinition, Explanation } from './types.js';

export const ZPermutationImportanceParamsSchema = z.strictObject({
  scoring: z.string().default('r2').meta({
    description:
      'scikit-learn scorer name (r2, accuracy, neg_mean_squared_error, roc_auc…) or a catalog metric name.',
  }),
  scoringParams: z
    .record(z.string(), z.unknown())
    .default({})
    .meta({ description: 'Params of the scoring metric (e.g. posLabel, average).' }),
  nRepeats: z.int().min(1).default(5),
  seed: z.int().min(0).max(0xffffffff).optional().meta({
    description: 'scikit-learn random_state: the same seed permutes the same way as scikit-learn.',
  }),
  maxSamples: z.number().positive().default(1).meta({
    description:
      '≤ 1: fraction of rows; > 1: number of rows drawn per feature (scikit-learn max_samples).',
  }),
  groups: z
    .array(z.array(z.int().min(0)).min(1))
    .optional()
    .meta({ description: 'Column groups permuted together (one importance per group).' }),
  groupNames: z.array(z.string()).optional(),
});
export type TPermutationImportanceParams = z.input<typeof ZPermutationImportanceParamsSchema>;

export const ZPermutationImportanceInputSchema = z.strictObject({
  model: ZModelInputSchema,
  X: ZMatrixSchema,
  y: ZLabelsSchema,
  permutations: z
    .array(z.array(z.array(z.int())))
    .optional()
    .meta({
      description:
        'permutations[j][r]: row order applied to column (group) j in repeat r, on the original X.',
    }),
  featureNames: z.array(z.string()).optional(),
});

/** Options of {@link permutationImportance}. */
export type PermutationImportanceOptions = TPermutationImportanceParams & {
  /** `permutations[j][r]`: the rows that replace column (group) j in repeat r. */
  permutations?: readonly (readonly (readonly number[])[])[];
  featureNames?: readonly string[];
};

function checkPermutation(perm: readonly number[], n: number, j: number, r: number): Int32Array {
  const seen = new Uint8Array(n);
  const fail = () => {
    const message = `permutations[${j}][${r}] is not a permutation of 0…${n - 1}: a permutation must contain every row index exactly once`;
    throw new InvalidInputError(message, [{ path: ['permutations', j, r], message }]);
  };
  if (perm.length !== n) fail();
  for (const i of perm) {
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i]) fail();
    seen[i] = 1;
  }
  return Int32Array.from(perm);
}

// The hot loops live in small top-level functions with every array passed in, so that V8
// optimises them once (loops over closure variables of an async function stay slow).

/** out[i] = src[idx[i]] for i < n. */
function gather(src: Float64Array, idx: Int32Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = src[idx[i] as number] as number;
}

/** Column c of a row-major matrix with m columns into out[0..n). */
function copyColumn(data: Float64Array, m: number, c: number, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = data[i * m + c] as number;
}

/**
 * Consecutive groups in chunks predicted by one model call: disjoint (a model's column variants
 * take disjoint groups) and with at most `budget` stacked values per column of a chunk (a group
 * of k columns counts k). `together` false: one group per chunk.
 */
function chunkGroups(groups: number[][], perColumn: number, together: boolean): number[][] {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let used = new Set<number>();
  let size = 0;
  groups.forEach((cols, g) => {
    const overlaps = cols.some((c) => used.has(c));
    if (
      chunk.length > 0 &&
      (!together || overlaps || (size + cols.length) * perColumn > PFI_MEMORY.chunkValues)
    ) {
      chunks.push(chunk);
      chunk = [];
      used = new Set();
      size = 0;
    }
    chunk.push(g);
    for (const c of cols) used.add(c);
    size += cols.length;
  });
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Columns `cols` of a row-major matrix into `out`, in one pass over its rows. */
function copyColumns(x: Matrix, cols: readonly number[], out: Map<number, Float64Array>): void {
  const k = cols.length;
  const index = Int32Array.from(cols);
  const flat = new Float64Array(k * x.rows);
  copyColumnsFlat(x.data, x.rows, x.cols, index, flat);
  cols.forEach((c, t) => {
    out.set(c, flat.subarray(t * x.rows, (t + 1) * x.rows));
  });
}

/** flat[t·n + i] = data[i·m + cols[t]]. */
function copyColumnsFlat(
  data: Float64Array,
  n: number,
  m: number,
  cols: Int32Array,
  flat: Float64Array,
): void {
  const k = cols.length;
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let t = 0; t < k; t++) flat[t * n + i] = data[o + (cols[t] as number)] as number;
  }
}

/** values[0..n) into column c of a row-major matrix with m columns. */
function writeColumn(
  data: Float64Array,
  m: number,
  c: number,
  values: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) data[i * m + c] = values[i] as number;
}

/**
 * Memory bounds of {@link permutationImportance}'s buffers. Not exported from the package: the
 * tests lower them to exercise the paths that large inputs take.
 *
 * @internal
 */
export const PFI_MEMORY = {
  /** Most shuffle indices kept for reuse across features (64 MiB of Int32). */
  cachedShuffleIndices: 1 << 24,
  /** Most permuted values stacked per column for one model call (32 MiB of float64). */
  stackedValues: 1 << 22,
  /**
   * Most permuted values stacked for all the columns of one model call (64 MiB of float64, and
   * as much again for the predictions).
   */
  chunkValues: 1 << 23,
};

/**
 * The row orders of the repeats, as scikit-learn's `_calculate_permutation_scores` draws them:
 * `shuffling_idx = arange(n)` shuffled in place once per repeat. Every feature starts from the same
 * generator state, so these are the same for every feature.
 */
function drawShufflings(rng: RandomState, n: number, nRepeats: number): Int32Array[] {
  const out: Int32Array[] = [];
  const shuffling = new Int32Array(n);
  for (let i = 0; i < n; i++) shuffling[i] = i;
  for (let r = 0; r < nRepeats; r++) {
    rng.shuffle(shuffling);
    out.push(shuffling.slice());
  }
  return out;
}

function meanStd(values: readonly number[]): [number, number] {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return [mean, Math.sqrt(ss / values.length)];
}

/**
 * Permutation feature importance, exactly scikit-learn's `permutation_importance`:
 * importances[j][r] = score(X) − score(X with column j permuted), mean and population std over
 * repeats. With a `seed`, the permutations are scikit-learn's for that `random_state`: one seed
 * drawn from it is reused for every column, whose rows (and `maxSamples` subset) are shuffled
 * cumulatively from a fresh `RandomState(seed)` (numpy's MT19937, reproduced bit for bit). With
 * explicit `permutations`, `permutations[j][r]` replaces column j of the original X.
 *
 * Beyond scikit-learn: `groups` permutes several (correlated) columns with the same row order, one
 * importance per group; any scoring of the metric catalog.
 *
 * Reference: scikit-learn 1.2.1 `sklearn/inspection/_permutation_importance.py`
 * (`permutation_importance`, `_calculate_permutation_scores`), Breiman (2001).
 *
 * @throws InvalidInputError when X and y differ in length, the scoring is unknown, a permutation
 * is not one, or groups name missing columns.
 */
export async function permutationImportance(
  model: Model,
  xIn: MatrixLike,
  y: readonly Label[],
  options: PermutationImportanceOptions = {},
): Promise<Explanation> {
  const params = parseParams(ZPermutationImportanceParamsSchema, options);
  const x = toMatrix(xIn, 'X');
  const n = x.rows;
  const m = x.cols;
  if (y.length !== n) {
    const message = `X/y length mismatch: X has ${n} rows but y has ${y.length} labels`;
    throw new InvalidInputError(message, [{ path: ['y'], message }]);
  }
  const evaluator = new ModelEvaluator(model);
  evaluator.checkFeatures('X', x);
  const featureNames = resolveFeatureNames(model, options.featureNames);
  const groups = params.groups ?? Array.from({ length: m }, (_, j) => [j]);
  groups.forEach((g, gi) => {
    for (const c of g) {
      if (c >= m) {
        const message = `groups[${gi}] names column ${c} but X has ${m} columns`;
        throw new InvalidInputError(message, [{ path: ['params', 'groups', gi], message }]);
      }
    }
  });
  const names =
    params.groupNames ??
    (params.groups === undefined
      ? featureNames
      : groups.map((g) => g.map((c) => featureNames[c] as string).join('+')));
  if (names.length !== groups.length) {
    throw new InvalidInputError(`groupNames has ${names.length} names for ${groups.length} groups`);
  }
  const scorer = bindScorer(params.scoring, evaluator, params.scoringParams);
  const explicit = options.permutations;
  if (explicit !== undefined && explicit.length !== groups.length) {
    const message = `permutations has ${explicit.length} entries but there are ${groups.length} features (groups)`;
    throw new InvalidInputError(message, [{ path: ['permutations'], message }]);
  }
  const nRepeats =
    explicit !== undefined ? ((explicit[0] ?? []).length as number) : params.nRepeats;
  if (explicit !== undefined) {
    explicit.forEach((perms, j) => {
      if (perms.length !== nRepeats || nRepeats === 0) {
        const message = `permutations[${j}] has ${perms.length} repeats; every feature needs the same number (≥ 1)`;
        throw new InvalidInputError(message, [{ path: ['permutations', j], message }]);
      }
    });
  }
  const nSub =
    params.maxSamples <= 1 ? Math.trunc(params.maxSamples * n) : Math.trunc(params.maxSamples);
  if (nSub < 1 || nSub > n) {
    const message = `maxSamples gives ${nSub} rows; expected between 1 and ${n}`;
    throw new InvalidInputError(message, [{ path: ['params', 'maxSamples'], message }]);
  }
  if (explicit !== undefined && nSub < n) {
    throw new InvalidInputError('maxSamples < 1 cannot be combined with explicit permutations');
  }

  const baseline = await scorer.score(x, y);
  const seed = explicit === undefined ? resolveSeed(params.seed) : null;
  // scikit-learn: random_seed = check_random_state(random_state).randint(np.iinfo(np.int32).max + 1)
  const columnSeed = seed === null ? 0 : new RandomState(seed).randint(0, 2 ** 31);

  // Every feature starts from a fresh RandomState(columnSeed): the rows subset is the same for
  // all, so it is drawn once and the generator's state after it is cloned; so are the shuffles,
  // which are therefore drawn once for all features when they fit in memory.
  const start = new RandomState(columnSeed);
  const rowsIdx =
    explicit === undefined && nSub < n ? sampleWithoutReplacement(n, nSub, start) : undefined;
  let base: Matrix = x;
  let ySub: readonly Label[] = y;
  if (rowsIdx !== undefined) {
    const data = new Float64Array(nSub * m);
    for (let k = 0; k < nSub; k++) {
      const i = rowsIdx[k] as number;
      data.set(x.data.subarray(i * m, (i + 1) * m), k * m);
    }
    base = { rows: nSub, cols: m, data };
    ySub = Array.from(rowsIdx, (i) => y[i] as Label);
  }
  const shufflings =
    explicit === undefined && nRepeats * nSub <= PFI_MEMORY.cachedShuffleIndices
      ? drawShufflings(start.clone(), nSub, nRepeats)
      : undefined;
  // Each permuted column lives in a contiguous buffer, so that the random gather reads nSub
  // doubles (cache-resident) rather than strided rows of the whole matrix. All of them are copied
  // in one pass over X when that fits, else each when its group comes.
  const copies = new Map<number, Float64Array>();
  const columnsOf = groups.map((g) => [...new Set(g)]);
  const wanted = [...new Set(columnsOf.flat())];
  if (wanted.length * nSub <= PFI_MEMORY.stackedValues) copyColumns(base, wanted, copies);
  const original = (c: number): Float64Array => {
    const copy = copies.get(c);
    if (copy !== undefined) return copy;
    const col = new Float64Array(nSub);
    copyColumn(base.data, m, c, col, nSub);
    return col;
  };
  const perCall = Math.max(1, Math.min(nRepeats, Math.floor(PFI_MEMORY.stackedValues / nSub)));
  const importances: number[][] = groups.map(() => []);
  // Only models without column variants need a working copy of X, whose permuted columns are
  // written in place and restored afterwards (scikit-learn copies X per feature instead).
  let work: Matrix | undefined;
  const shuffling = new Int32Array(nSub);

  for (const chunk of chunkGroups(
    columnsOf,
    perCall * nSub,
    shufflings !== undefined || explicit !== undefined,
  )) {
    const states = chunk.map((g) => {
      const cols = columnsOf[g] as number[];
      const originals = cols.map(original);
      // without cached shuffles, a group reshuffles `shuffling` from its own generator
      const rng = explicit === undefined && shufflings === undefined ? start.clone() : undefined;
      if (rng !== undefined) for (let i = 0; i < nSub; i++) shuffling[i] = i;
      return { g, cols, originals, previous: originals.slice(), rng };
    });
    const permutation = (state: (typeof states)[number], r: number): Int32Array => {
      if (explicit !== undefined) {
        return checkPermutation(explicit[state.g]?.[r] as number[], n, state.g, r);
      }
      if (shufflings !== undefined) return shufflings[r] as Int32Array;
      (state.rng as RandomState).shuffle(shuffling);
      return shuffling;
    };
    // explicit: permutations[g][r] of the original column; seeded: X_permuted[:, col] =
    // X_permuted[shuffling_idx, col], cumulatively over repeats (from `previous`)
    const next = (
      state: (typeof states)[number],
      t: number,
      perm: Int32Array,
      out: Float64Array,
    ) => {
      const from = explicit !== undefined ? state.originals[t] : state.previous[t];
      gather(from as Float64Array, perm, out, nSub);
    };
    const variants = evaluator.columnVariants(
      base,
      states.map((state) => state.cols),
    );
    if (variants !== undefined) {
      // every group's permuted columns of `perCall` repeats, stacked: one model call for all
      const stacked = states.map((state) => state.cols.map(() => new Float64Array(perCall * nSub)));
      for (let r0 = 0; r0 < nRepeats; r0 += perCall) {
        const count = Math.min(perCall, nRepeats - r0);
        states.forEach((state, i) => {
          for (let q = 0; q < count; q++) {
            const perm = permutation(state, r0 + q);
            for (let t = 0; t < state.cols.length; t++) {
              const col = (stacked[i] as Float64Array[])[t] as Float64Array;
              const out = col.subarray(q * nSub, (q + 1) * nSub);
              next(state, t, perm, out);
              state.previous[t] = out;
            }
          }
        });
        const values = stacked.map((cols) => cols.map((v) => v.subarray(0, count * nSub)));
        const scores = await scorer.scoreVariants({ variants, values, count }, ySub);
        states.forEach((state, i) => {
          for (const score of scores[i] as number[])
            (importances[state.g] as number[]).push(baseline - score);
          // the next call overwrites `stacked`, so the last permuted columns move out of it
          if (r0 + count < nRepeats) state.previous = state.previous.map((col) => col.slice());
        });
      }
      continue;
    }
    work ??= { rows: nSub, cols: m, data: base.data.slice() };
    const permuted = new Float64Array(nSub);
    for (const state of states) {
      state.previous = state.originals.map((col) => col.slice());
      for (let r = 0; r < nRepeats; r++) {
        const perm = permutation(state, r);
        state.cols.forEach((c, t) => {
          next(state, t, perm, permuted);
          (state.previous[t] as Float64Array).set(permuted);
          writeColumn((work as Matrix).data, m, c, permuted, nSub);
        });
        (importances[state.g] as number[]).push(baseline - (await scorer.score(work, ySub)));
      }
      state.cols.forEach((c, t) => {
        writeColumn((work as Matrix).data, m, c, state.originals[t] as Float64Array, nSub);
      });
    }
  }
  const stats = importances.map(meanStd);
  const importancesMean = stats.map(([mean]) => mean);
  const importancesStd = stats.map(([, std]) => std);
  return {
    method: 'permutationImportance',
    algorithm: params.groups === undefined ? 'permutation' : 'grouped-permutation',
    params: { ...params, nRepeats, maxSamples: params.maxSamples },
    seed,
    featureNames: names,
    values: importancesMean,
    globalImportance: importancesMean,
    baseValue: null,
    additivity: null,
    fidelity: null,
    baselineScore: baseline,
    importancesMean,
    importancesStd,
    importances,
    timing: evaluator.timing(),
    signature: makeSignature({
      method: params.groups === undefined ? 'pfi' : 'grouped-pfi',
      scoring: params.scoring,
      repeats: nRepeats,
      perm: explicit === undefined ? 'seeded' : 'explicit',
      seed: seed ?? 'none',
      maxSamples: nSub,
      model: model.kind,
      ref: 'sklearn.1.2.1',
    }),
  };
}

export const permutationImportanceExplainer: ExplainerDefinition<
  z.output<typeof ZPermutationImportanceInputSchema>,
  z.output<typeof ZPermutationImportanceParamsSchema>
> = {
  name: 'permutationImportance',
  description:
    'Permutation feature importance exactly as scikit-learn permutation_importance (seeded or explicit permutations), plus grouped importance.',
  input: ZPermutationImportanceInputSchema,
  params: ZPermutationImportanceParamsSchema,
  run: (input, params) =>
    permutationImportance(resolveModel(input.model), input.X, input.y, {
      ...params,
      permutations: input.permutations,
      featureNames: input.featureNames,
    }),
};
