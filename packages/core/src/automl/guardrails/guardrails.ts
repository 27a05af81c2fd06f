import type { DataTable } from '../../data/types.js';
import { encodeRawValue } from '../featurize/transform.js';
import type { CategoricalPlan, FeaturizerSpec, HashedPlan } from '../featurize/types.js';
import type { PreparedTarget } from '../prepareTarget.js';
import type { ValidationPlan } from '../validation/folds.js';

/** What a guardrail found: nothing to do, something it fixed, or something the user should look at. */
export type GuardrailStatus = 'passed' | 'done' | 'alerted';

export interface Guardrail {
  readonly name:
    | 'missing_values'
    | 'class_imbalance'
    | 'high_cardinality'
    | 'target_leakage'
    | 'too_little_data'
    | 'dropped_columns'
    | 'validation';
  readonly status: GuardrailStatus;
  readonly message: string;
  /** The numbers behind the verdict. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** Thresholds of {@link runGuardrails}. */
export interface GuardrailOptions {
  /** The smallest class under this share of the largest is an imbalance. @default 0.2 (Azure's rule) */
  imbalanceRatio?: number;
  /** Fewer rows than this are too little data. @default 50 */
  minRows?: number;
  /** A single column scoring at least this alone (accuracy, or R² for regression) is suspect. @default 0.99 */
  leakageScore?: number;
  /**
   * Categorical columns with more categories than this are high-cardinality (the featurizer's
   * `maxCategories`; only quoted in messages, the verdict reads the featurizer's plans). @default 20
   */
  maxCategories?: number;
}

const BINS = 10;

/**
 * How well one raw column predicts the target on its own, in sample: values fall into up to 10
 * quantile bins (numbers, dates) or their categories, and each bin predicts its majority class
 * (accuracy) or its mean (R²). Coarse on purpose: a column that alone reaches ≥ 0.99 this way is
 * as good as the answer.
 */
function singleColumnScore(
  codes: Float64Array,
  target: PreparedTarget,
  categorical: boolean,
): number {
  const n = codes.length;
  const key = new Int32Array(n);
  if (categorical) {
    for (let i = 0; i < n; i++)
      key[i] = Number.isNaN(codes[i] as number) ? -2 : (codes[i] as number);
  } else {
    const sorted = Float64Array.from(codes.filter((v) => !Number.isNaN(v))).sort();
    const edges: number[] = [];
    for (let b = 1; b < BINS; b++)
      edges.push(sorted[Math.floor((b * sorted.length) / BINS)] as number);
    for (let i = 0; i < n; i++) {
      const v = codes[i] as number;
      if (Number.isNaN(v)) key[i] = -2;
      else {
        let b = 0;
        while (b < edges.length && v >= (edges[b] as number)) b++;
        key[i] = b;
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = groups.get(key[i] as number);
    if (list) list.push(i);
    else groups.set(key[i] as number, [i]);
  }
  const y = target.y;
  if (target.task === 'regression') {
    let mean = 0;
    for (const v of y) mean += v;
    mean /= n;
    let total = 0;
    let residual = 0;
    for (const members of groups.values()) {
      let m = 0;
      for (const i of members) m += y[i] as number;
      m /= members.length;
      for (const i of members) {
        residual += ((y[i] as number) - m) ** 2;
        total += ((y[i] as number) - mean) ** 2;
      }
    }
    return total > 0 ? 1 - residual / total : 0;
  }
  let correct = 0;
  for (const members of groups.values()) {
    const counts = new Map<number, number>();
    for (const i of members) counts.set(y[i] as number, (counts.get(y[i] as number) ?? 0) + 1);
    correct += Math.max(...counts.values());
  }
  return correct / n;
}

/**
 * Azure AutoML's data guardrails, each passed / done (fixed by the featurization) / alerted, with
 * the numbers: missing values (imputed, with indicators), class imbalance, high cardinality
 * (hashed or grouped, per column: its categories, the encoding and the columns it became), target
 * leakage suspicion (one column predicting the target almost perfectly alone),
 * too little data, the columns dropped and the validation chosen.
 */
export function runGuardrails(
  table: DataTable,
  spec: FeaturizerSpec,
  target: PreparedTarget,
  validation: ValidationPlan,
  options: GuardrailOptions = {},
): Guardrail[] {
  const { imbalanceRatio = 0.2, minRows = 50, leakageScore = 0.99, maxCategories = 20 } = options;
  const rows = target.rows;
  const out: Guardrail[] = [];
  const codes = spec.columns.map((plan) => {
    const column = table.column(plan.name);
    return Float64Array.from(rows, (i) => encodeRawValue(plan, column.values[i]));
  });

  const missing: Record<string, number> = {};
  spec.columns.forEach((plan, j) => {
    const count = (codes[j] as Float64Array).filter((v) => Number.isNaN(v)).length;
    if (count > 0) missing[plan.name] = count;
  });
  const gaps = Object.keys(missing).length;
  out.push({
    name: 'missing_values',
    status: gaps > 0 || target.missing > 0 ? 'done' : 'passed',
    message:
      gaps > 0 || target.missing > 0
        ? `${gaps} feature column${gaps === 1 ? '' : 's'} had missing values (imputed, with an indicator column each); ${target.missing} row${target.missing === 1 ? '' : 's'} without a target left out`
        : 'no missing values',
    details: { missingByColumn: missing, rowsWithoutTarget: target.missing },
  });

  if (target.task !== 'regression') {
    const counts = target.classes.map(() => 0);
    for (const k of target.y) counts[k] = (counts[k] as number) + 1;
    const ratio = Math.min(...counts) / Math.max(...counts);
    out.push({
      name: 'class_imbalance',
      status: ratio < imbalanceRatio ? 'alerted' : 'passed',
      message:
        ratio < imbalanceRatio
          ? `the smallest class has ${(ratio * 100).toFixed(1)} % of the largest's rows (under ${imbalanceRatio * 100} %): prefer a metric such as f1_macro or roc_auc to accuracy`
          : `classes are balanced enough (smallest / largest = ${ratio.toFixed(3)})`,
      details: {
        classCounts: Object.fromEntries(target.classes.map((c, k) => [String(c), counts[k]])),
        ratio,
      },
    });
  }

  const hashed = spec.columns.filter((p): p is HashedPlan => p.type === 'hashed');
  const grouped = spec.columns.filter(
    (p): p is CategoricalPlan => p.type === 'categorical' && p.infrequent,
  );
  const what: string[] = [];
  for (const p of hashed) {
    what.push(
      `'${p.name}' (${p.nCategories} categories) hashed into ${p.nFeatures} columns (unseen categories hash too)`,
    );
  }
  for (const p of grouped) {
    what.push(
      `'${p.name}' (${p.categories.length} categories): the ${p.kept.length} most frequent keep a column, the other ${p.categories.length - p.kept.length} and unseen ones share one`,
    );
  }
  const high = hashed.length + grouped.length;
  const details: Record<string, unknown> = {};
  for (const p of hashed) {
    details[p.name] = { categories: p.nCategories, encoding: 'hashing', columns: p.nFeatures };
  }
  for (const p of grouped) {
    details[p.name] = {
      categories: p.categories.length,
      encoding: 'infrequent',
      columns: p.kept.length + 1,
    };
  }
  out.push({
    name: 'high_cardinality',
    status: high > 0 ? 'done' : 'passed',
    message:
      high > 0
        ? `${high} column${high === 1 ? ' has' : 's have'} more than ${maxCategories} categories: ${what.join('; ')}`
        : `no categorical column has more than ${maxCategories} categories`,
    details,
  });

  const suspects: Record<string, number> = {};
  let baseline = 0;
  if (target.task !== 'regression') {
    const counts = new Map<number, number>();
    for (const k of target.y) counts.set(k, (counts.get(k) ?? 0) + 1);
    baseline = Math.max(...counts.values()) / target.y.length;
  }
  spec.columns.forEach((plan, j) => {
    const score = singleColumnScore(
      codes[j] as Float64Array,
      target,
      plan.type === 'categorical' || plan.type === 'hashed',
    );
    if (score >= leakageScore && score > baseline) suspects[plan.name] = score;
  });
  const leaks = Object.keys(suspects);
  out.push({
    name: 'target_leakage',
    status: leaks.length > 0 ? 'alerted' : 'passed',
    message:
      leaks.length > 0
        ? `${leaks.map((n) => `'${n}'`).join(', ')} alone predict${leaks.length === 1 ? 's' : ''} the target almost perfectly (${target.task === 'regression' ? 'R²' : 'accuracy'} ≥ ${leakageScore}): check it is known at prediction time`
        : 'no single column predicts the target almost perfectly',
    details: {
      scores: suspects,
      threshold: leakageScore,
      metric: target.task === 'regression' ? 'r2' : 'accuracy',
    },
  });

  const n = rows.length;
  const smallest =
    target.task === 'regression'
      ? n
      : Math.min(...target.classes.map((_, k) => target.y.filter((v) => v === k).length));
  const tooLittle = n < minRows || smallest < 2;
  out.push({
    name: 'too_little_data',
    status: tooLittle ? 'alerted' : 'passed',
    message: tooLittle
      ? `${n} rows${target.task === 'regression' ? '' : ` (smallest class: ${smallest})`}: under ${minRows} rows, scores are unreliable`
      : `${n} rows`,
    details: {
      rows: n,
      minRows,
      ...(target.task === 'regression' ? {} : { smallestClass: smallest }),
    },
  });

  out.push({
    name: 'dropped_columns',
    status: spec.dropped.length > 0 ? 'done' : 'passed',
    message:
      spec.dropped.length > 0
        ? `${spec.dropped.length} column${spec.dropped.length === 1 ? '' : 's'} dropped: ${spec.dropped.map((d) => `'${d.name}' (${d.reason})`).join('; ')}`
        : 'no column dropped',
    details: { dropped: spec.dropped },
  });

  out.push({
    name: 'validation',
    status: 'passed',
    message:
      validation.kind === 'cv'
        ? `${validation.folds}-fold${validation.stratified ? ' stratified' : ''} cross-validation (${n} rows)`
        : `a ${validation.fraction * 100} % holdout (${n} rows)`,
    details: { ...validation },
  });
  return out;
}
