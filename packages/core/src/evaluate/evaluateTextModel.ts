import type { DataTable } from '../data/types.js';
import { InvalidInputError } from '../errors/index.js';
import type { ComputeLimits } from '../limits/index.js';
import { corpusBleu } from '../metrics/text/bleu.js';
import { chrf } from '../metrics/text/chrf.js';
import { rouge } from '../metrics/text/rouge.js';
import {
  bleuSegmentStatistics,
  chrfSegmentStatistics,
  type TextSystemStatistics,
  terSegmentStatistics,
} from '../metrics/text/segmentStatistics.js';
import { ter } from '../metrics/text/ter.js';
import type { TextModel } from '../models/remoteText.js';
import { bootstrapScores, estimateCi, numpyMean } from '../stats/pairedTextSystems.js';
import { NumpyPcg64 } from '../stats/random/pcg64.js';
import {
  type TTextEvaluationRequest,
  type TTextMetricRequest,
  ZTextEvaluationRequestSchema,
} from './textSchemas.js';
import type { EvaluationProgress } from './types.js';

/** Options of {@link evaluateTextModel}: the request, the table, and where outputs come from. */
export type EvaluateTextModelOptions = TTextEvaluationRequest & {
  table: DataTable;
  /** Generates the outputs of the prompts; required unless `outputs` names a column. */
  model?: TextModel;
  /** Prompts per `generate` call (progress is reported after each). @default 256 */
  batchSize?: number;
  onProgress?: (progress: EvaluationProgress) => void | Promise<void>;
  signal?: AbortSignal;
  /** TER's `maxTerTokens` and ROUGE-L's `maxLcsTokens` bounds. */
  limits?: Partial<ComputeLimits>;
};

/**
 * sacrebleu's bootstrap interval of a corpus score: the mean of the resampled scores and the
 * half-width `ci` of their central 95 % (`estimate_ci`); `low`/`high` = mean ∓ ci.
 */
export interface TextInterval {
  low: number;
  high: number;
  mean: number;
  ci: number;
  level: 0.95;
  nResamples: number;
  seed: number;
  method: 'sacrebleu';
}

/** One text metric's corpus score. */
export interface TextEvaluatedMetric {
  /** `bleu`, `chrf`, `ter`, `rouge1`, `rouge2` or `rougeL`. */
  name: string;
  params: Record<string, unknown>;
  /** BLEU, chrF, TER on 0–100; ROUGE's mean F-measure on 0–1 (as rouge-score). */
  value: number;
  /** The core's result of the metric (BLEU's counts and brevity penalty, ROUGE's P/R/F means). */
  result: Record<string, unknown>;
  /**
   * sacrebleu-style: `nrefs:1|bs:1000|seed:12345|case:mixed|eff:no|tok:13a|smooth:exp|version:…`
   * (`bs` and `seed` only with an interval, where sacrebleu puts them).
   */
  signature: string;
  confidenceInterval?: TextInterval;
}

/** What {@link evaluateTextModel} returns. */
export interface TextModelEvaluation {
  task: 'text';
  /** The model's kind (`remote:openai-completions`, …), or `column:<name>` for stored outputs. */
  model: string;
  prompt: string;
  references: string[];
  /** The column of stored outputs, or null when the model generated them. */
  outputs: string | null;
  rows: number;
  metrics: TextEvaluatedMetric[];
  /** The first outputs (at most 5), to show what was scored. */
  examples: { prompt: string; output: string; references: string[] }[];
  timing: { totalMs: number; generateMs: number; metricsMs: number; modelCalls: number };
}

function fail(path: string | (string | number)[], message: string): never {
  throw new InvalidInputError(message, [{ path: Array.isArray(path) ? path : [path], message }]);
}

function texts(table: DataTable, name: string): string[] {
  const column = table.column(name);
  if (column.kind === 'label') return [...column.values];
  // Turning numbers back into text would score "1.5" for a written "1.50" (or "7" for "007").
  return fail(
    name,
    `column '${name}' was read as numbers, which loses how its cells were written (1.50 becomes 1.5); read the dataset with textColumns naming the prompt, reference and outputs columns`,
  );
}

/**
 * Checks a text batch test's columns against a table's before any model is called or a job is
 * queued: each named column exists, and a column is not both a reference and the outputs.
 * @throws InvalidInputError naming the missing column and listing the table's.
 */
export function checkTextEvaluationRequest(
  request: TTextEvaluationRequest,
  columns: readonly string[],
): void {
  const parsed = ZTextEvaluationRequestSchema.parse(request);
  const have = new Set(columns);
  const list = columns.map((c) => `'${c}'`).join(', ');
  const need = (path: string | (string | number)[], name: string, what: string) => {
    if (!have.has(name))
      fail(path, `${what} column '${name}' is not in the dataset (its columns: ${list})`);
  };
  need('prompt', parsed.prompt, 'the prompt');
  parsed.references.forEach((r, i) => {
    need(['references', i], r, 'the reference');
  });
  if (parsed.outputs !== undefined) {
    need('outputs', parsed.outputs, 'the outputs');
    if (parsed.references.includes(parsed.outputs))
      fail('outputs', `column '${parsed.outputs}' is both a reference and the outputs`);
  }
  const seen = new Set<string>();
  for (const m of parsed.metrics) {
    if (seen.has(m.name)) fail('metrics', `metric '${m.name}' is asked for twice`);
    seen.add(m.name);
  }
}

/** sacrebleu puts `bs` and `seed` right after `nrefs` in a signature with a bootstrap. */
function withBootstrap(signature: string, nResamples: number, seed: number): string {
  const bar = signature.indexOf('|');
  return `${signature.slice(0, bar)}|bs:${nResamples}|seed:${seed}${signature.slice(bar)}`;
}

function interval(scores: Float64Array, nResamples: number, seed: number): TextInterval {
  const { mean, ci } = estimateCi(scores);
  return {
    low: mean - ci,
    high: mean + ci,
    mean,
    ci,
    level: 0.95,
    nResamples,
    seed,
    method: 'sacrebleu',
  };
}

/**
 * A batch test of a text model: reads the prompts and references (one or several columns) of a
 * table, gets one output per prompt — from `model.generate` (the only I/O, injected), or from a
 * column of outputs stored beforehand — and scores the corpus with BLEU, chrF and TER (sacrebleu
 * 2.6.0, as {@link corpusBleu}, {@link chrf}, {@link ter}) and ROUGE-1/2/L (rouge-score 0.1.2's
 * mean F-measure; with several references each prompt keeps the one of highest F per type, as
 * `RougeScorer.score_multi`).
 *
 * With `confidence`, each score gets sacrebleu's bootstrap interval (`corpus_score(...,
 * n_bootstrap)`, i.e. `sacrebleu --confidence`): `numpy.random.default_rng(seed).choice(n,
 * (nResamples, n))` draws the resampled segments (NumPy's PCG64, ported), each resample's
 * per-segment statistics are summed in float32 and rescored, and `estimate_ci` gives the mean and
 * the ± half-width of the central 95 % (sorted scores n//40 from each end). The signature then has
 * `bs:` and `seed:` as sacrebleu's. ROUGE is not a sacrebleu metric: its interval applies the
 * same draws and `estimate_ci` to the mean of the per-prompt F-measures.
 *
 * Reference: sacrebleu 2.6.0 `metrics/base.py` (`Metric.corpus_score`) and `significance.py`
 * (`_bootstrap_resample`, `estimate_ci`); values checked against it in the tests.
 *
 * The cells are scored exactly as the table holds them: read a file with `textColumns` naming the
 * prompt, reference and outputs columns (`readDataset`), so that a CSV's `1.50` stays `1.50`.
 *
 * @throws InvalidInputError when a column is missing or numeric (read without `textColumns`), a
 * row has no reference, no model is given without `outputs`, or the model answers a different
 * number of outputs than prompts.
 */
export async function evaluateTextModel(
  options: EvaluateTextModelOptions,
): Promise<TextModelEvaluation> {
  const start = performance.now();
  const { table, model, signal, onProgress, limits } = options;
  const request = ZTextEvaluationRequestSchema.parse({
    prompt: options.prompt,
    references: options.references,
    ...(options.outputs === undefined ? {} : { outputs: options.outputs }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
  });
  checkTextEvaluationRequest(request, table.columns);
  const n = table.rows;
  if (n === 0) fail('dataset', 'the dataset has no rows to score');
  const prompts = texts(table, request.prompt);
  const refColumns = request.references.map((r) => texts(table, r));
  // With several reference columns, an empty cell is a missing reference (sacrebleu documents
  // "'' or None" for a variable number of references; its code drops only None, and a CSV has
  // no None). One column: every cell is the reference, empty or not, as sacrebleu scores it.
  const references = prompts.map((_, i) => {
    const refs = refColumns.map((c) => c[i] as string);
    const present = refColumns.length === 1 ? refs : refs.filter((r) => r !== '');
    if (present.length === 0)
      fail('references', `row ${i + 1} has no reference (every reference column is empty)`);
    return present;
  });

  let hypotheses: string[];
  let generateMs = 0;
  let modelCalls = 0;
  const share = request.outputs === undefined ? 0.6 : 0;
  if (request.outputs !== undefined) {
    hypotheses = texts(table, request.outputs);
  } else {
    if (model === undefined)
      fail('outputs', 'give a text model to generate the outputs, or a column of stored outputs');
    const batchSize = options.batchSize ?? 256;
    hypotheses = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i += batchSize) {
      signal?.throwIfAborted();
      const chunk = prompts.slice(i, i + batchSize);
      const out = await model.generate(chunk, signal);
      modelCalls += 1;
      if (out.length !== chunk.length)
        fail('model', `the model answered ${out.length} outputs for ${chunk.length} prompts`);
      hypotheses.push(...out);
      await onProgress?.({
        fraction: (share * hypotheses.length) / n,
        message: `generating ${hypotheses.length} of ${n} outputs`,
      });
    }
    generateMs = performance.now() - t0;
  }

  const t1 = performance.now();
  const confidence = request.confidence;
  const nResamples = confidence?.nResamples ?? 1000;
  const seed = confidence?.seed ?? 12345;
  // One draw of segment indices for every metric, as sacrebleu reseeds identically per metric.
  const draws: Draws | undefined =
    confidence === undefined
      ? undefined
      : { indices: new NumpyPcg64(seed).integers(n, nResamples * n), nResamples, seed };
  const metrics: TextEvaluatedMetric[] = [];
  for (const [k, m] of request.metrics.entries()) {
    signal?.throwIfAborted();
    metrics.push(...scoreMetric(m, hypotheses, references, limits, draws));
    await onProgress?.({
      fraction: share + ((1 - share) * (k + 1)) / request.metrics.length,
      message: `metric ${k + 1} of ${request.metrics.length}: ${m.name}`,
    });
  }
  const metricsMs = performance.now() - t1;
  return {
    task: 'text',
    model: request.outputs === undefined ? (model as TextModel).kind : `column:${request.outputs}`,
    prompt: request.prompt,
    references: request.references,
    outputs: request.outputs ?? null,
    rows: n,
    metrics,
    examples: hypotheses.slice(0, 5).map((output, i) => ({
      prompt: prompts[i] as string,
      output,
      references: references[i] as string[],
    })),
    timing: { totalMs: performance.now() - start, generateMs, metricsMs, modelCalls },
  };
}

/** The bootstrap's resampled segments (nResamples × n, row-major) and how they were drawn. */
interface Draws {
  indices: Uint32Array;
  nResamples: number;
  seed: number;
}

/** A corpus score, with sacrebleu's interval and signature fields when there are draws. */
function scored(
  name: string,
  params: Record<string, unknown>,
  value: number,
  result: Record<string, unknown>,
  signature: string,
  draws: Draws | undefined,
  resampled: (() => Float64Array) | undefined,
): TextEvaluatedMetric {
  if (draws === undefined || resampled === undefined)
    return { name, params, value, result, signature };
  return {
    name,
    params,
    value,
    result,
    signature: withBootstrap(signature, draws.nResamples, draws.seed),
    confidenceInterval: interval(resampled(), draws.nResamples, draws.seed),
  };
}

function scoreMetric(
  m: TTextMetricRequest,
  hypotheses: string[],
  references: string[][],
  limits: Partial<ComputeLimits> | undefined,
  draws: Draws | undefined,
): TextEvaluatedMetric[] {
  const params = (m.params ?? {}) as Record<string, unknown>;
  const n = hypotheses.length;
  const resample = (stats: () => TextSystemStatistics) =>
    draws && (() => bootstrapScores(stats(), draws.indices, draws.nResamples, n));
  switch (m.name) {
    case 'bleu': {
      const r = corpusBleu(hypotheses, references, m.params);
      const stats = () => bleuSegmentStatistics(hypotheses, references, m.params);
      return [scored('bleu', params, r.score, r, r.signature, draws, resample(stats))];
    }
    case 'chrf': {
      const r = chrf(hypotheses, references, m.params);
      const stats = () => chrfSegmentStatistics(hypotheses, references, m.params);
      return [scored('chrf', params, r.score, r, r.signature, draws, resample(stats))];
    }
    case 'ter': {
      const r = ter(hypotheses, references, m.params, limits);
      const stats = () => terSegmentStatistics(hypotheses, references, m.params, limits);
      return [scored('ter', params, r.score, r, r.signature, draws, resample(stats))];
    }
    case 'rouge':
      return scoreRouge(m.params ?? {}, hypotheses, references, limits, draws);
  }
}

function scoreRouge(
  params: NonNullable<Extract<TTextMetricRequest, { name: 'rouge' }>['params']>,
  hypotheses: string[],
  references: string[][],
  limits: Partial<ComputeLimits> | undefined,
  draws: Draws | undefined,
): TextEvaluatedMetric[] {
  const rougeTypes = params.rougeTypes ?? ['rouge1', 'rouge2', 'rougeL'];
  // Every (output, reference) pair in one call, then per prompt the best pair per type.
  const pairsHyp: string[] = [];
  const pairsRef: string[] = [];
  const owner: number[] = [];
  references.forEach((refs, i) => {
    for (const ref of refs) {
      pairsHyp.push(hypotheses[i] as string);
      pairsRef.push(ref);
      owner.push(i);
    }
  });
  const pairs = rouge(
    pairsHyp,
    pairsRef,
    {
      rougeTypes,
      ...(params.useStemmer === undefined ? {} : { useStemmer: params.useStemmer }),
      ...(params.tokenizer === undefined ? {} : { tokenizer: params.tokenizer }),
    },
    limits,
  );
  const n = hypotheses.length;
  const nrefsSet = new Set(references.map((r) => r.length));
  const nrefs = nrefsSet.size === 1 ? String([...nrefsSet][0]) : 'var';
  return rougeTypes.map((type) => {
    const best = new Array<{ precision: number; recall: number; fmeasure: number } | undefined>(n);
    pairs.scores.forEach((s, p) => {
      const score = s[type] as { precision: number; recall: number; fmeasure: number };
      const i = owner[p] as number;
      const kept = best[i];
      if (kept === undefined || score.fmeasure > kept.fmeasure) best[i] = score;
    });
    const f = Float64Array.from(best, (s) => (s as { fmeasure: number }).fmeasure);
    const mean = (key: 'precision' | 'recall' | 'fmeasure') =>
      best.reduce((acc, s) => acc + ((s as Record<string, number>)[key] as number), 0) / n;
    const result = {
      precision: mean('precision'),
      recall: mean('recall'),
      fmeasure: mean('fmeasure'),
    };
    const signature = `nrefs:${nrefs}|${pairs.signature.replace(/^types:[^|]*/, `type:${type}`)}`;
    const resampled =
      draws &&
      (() => {
        const scores = new Float64Array(draws.nResamples);
        const picked = new Float64Array(n);
        for (let b = 0; b < draws.nResamples; b++) {
          for (let j = 0; j < n; j++) picked[j] = f[draws.indices[b * n + j] as number] as number;
          scores[b] = numpyMean(picked);
        }
        return scores;
      });
    const typeParams = { ...params, rougeTypes: [type] };
    return scored(type, typeParams, result.fmeasure, result, signature, draws, resampled);
  });
}
