import { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import type { ComputeLimits } from '../limits/index.js';
import { cohenKappaScore } from '../metrics/classification/cohenKappa.js';
import { defineMetric } from '../metrics/defineMetric.js';
import { corpusBleu } from '../metrics/text/bleu.js';
import { chrf } from '../metrics/text/chrf.js';
import { rouge } from '../metrics/text/rouge.js';
import { binomTest } from '../stats/binomTest.js';
import { pairedBootstrapResampling } from '../stats/pairedBootstrapResampling.js';
import { ZPairedTextResultSchema } from '../stats/pairedTextSystems.js';
import { fleissKappa } from './fleissKappa.js';
import { krippendorffAlpha } from './krippendorffAlpha.js';

export const TURING_ORIGINS = ['human', 'machine'] as const;
export const ZTuringOriginSchema = z.enum(TURING_ORIGINS);
export type TuringOrigin = z.infer<typeof ZTuringOriginSchema>;

/**
 * One item as the report sees it. Side by side: `origin` is `machine` (the judge names which of
 * the two answers is the machine's), `answer` the machine's and `humanAnswer` the human's. Single:
 * `origin` is the answer's true origin.
 */
export const ZTuringReportItemSchema = z.strictObject({
  id: z.string(),
  prompt: z.string(),
  origin: ZTuringOriginSchema,
  system: z
    .string()
    .nullable()
    .meta({ description: 'The machine system (null for a human answer).' }),
  answer: z.string().meta({ description: 'The answer judged (the machine’s, side by side).' }),
  humanAnswer: z.string().nullable().meta({ description: 'Side by side: the human answer.' }),
});
export type TTuringReportItem = z.infer<typeof ZTuringReportItemSchema>;

/** One judgement: the origin the judge gave the answer in `item` (its `origin`) — right or not. */
export const ZTuringReportJudgementSchema = z.strictObject({
  judge: z.string(),
  item: z.string(),
  label: ZTuringOriginSchema,
});
export type TTuringReportJudgement = z.infer<typeof ZTuringReportJudgementSchema>;

export const ZTuringReportInputSchema = z.strictObject({
  items: z.array(ZTuringReportItemSchema),
  judgements: z.array(ZTuringReportJudgementSchema),
});
export type TTuringReportInput = z.infer<typeof ZTuringReportInputSchema>;

const ZBinomialSchema = z.object({
  correct: z.number().int(),
  total: z.number().int(),
  proportion: z.number(),
  pValue: z.number().meta({ description: 'Two-sided exact binomial test against chance (0.5).' }),
  ci95: z
    .tuple([z.number(), z.number()])
    .meta({ description: 'Clopper–Pearson 95 % interval of the proportion.' }),
});

const nullableNumber = (description: string) =>
  z
    .number()
    .nullable()
    .meta({ description: `${description} null where it is undefined.` });

const ZTextScoresSchema = z.object({
  system: z.string(),
  segments: z.number().int(),
  bleu: z.object({ score: z.number(), signature: z.string() }),
  chrf: z.object({ score: z.number(), signature: z.string() }),
  rouge: z.object({
    rouge1: z.number(),
    rouge2: z.number(),
    rougeL: z.number(),
    signature: z.string(),
  }),
});

export const ZTuringReportSchema = z.object({
  chance: z.number(),
  items: z.number().int(),
  judges: z.number().int(),
  accuracy: ZBinomialSchema.nullable().meta({
    description: 'Judges’ accuracy over all judgements (null before any judgement).',
  }),
  deception: z
    .object({
      machineJudgements: z.number().int(),
      deceived: z.number().int(),
      rate: z.number(),
      ci95: z.tuple([z.number(), z.number()]),
    })
    .nullable()
    .meta({
      description:
        'Machine answers judged human, over judgements of machine answers (Clopper–Pearson interval).',
    }),
  perJudge: z.array(ZBinomialSchema.extend({ judge: z.string() })),
  perSystem: z.array(
    ZBinomialSchema.extend({
      system: z.string(),
      deceptionRate: z.number(),
    }),
  ),
  agreement: z.object({
    judges: z.number().int().meta({ description: 'Judges with at least one judgement.' }),
    cohenKappa: nullableNumber(
      "Cohen's κ of the two judges on the items both judged (two judges only);",
    ),
    fleissKappa: nullableNumber("Fleiss' κ on the items every judge judged;"),
    fleissItems: z.number().int(),
    krippendorffAlpha: nullableNumber(
      "Krippendorff's α (nominal) on every item two judges judged;",
    ),
  }),
  text: z.array(ZTextScoresSchema).meta({
    description:
      'BLEU, chrF and ROUGE F1 of each system’s answers against the human answers to the same prompts.',
  }),
  pairedTest: z
    .object({
      baseline: z.string(),
      candidate: z.string(),
      segments: z.number().int(),
      result: ZPairedTextResultSchema,
    })
    .nullable()
    .meta({
      description: 'Two systems: sacrebleu’s paired bootstrap on the prompts both answered.',
    }),
});
export type TTuringReport = z.infer<typeof ZTuringReportSchema>;

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function binomial(correct: number, total: number): z.infer<typeof ZBinomialSchema> {
  const r = binomTest(correct, total, { p: 0.5 });
  return { correct, total, proportion: r.proportion, pValue: r.pValue, ci95: r.ci95 };
}

/** The human answers of each prompt: side-by-side pairs and single human items alike. */
function humanAnswersByPrompt(items: readonly TTuringReportItem[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (prompt: string, text: string) => {
    const list = out.get(prompt) ?? [];
    if (!list.includes(text)) list.push(text);
    out.set(prompt, list);
  };
  for (const item of items) {
    if (item.humanAnswer !== null) add(item.prompt, item.humanAnswer);
    if (item.origin === 'human') add(item.prompt, item.answer);
  }
  return out;
}

/** Each system's answer per prompt (the first one given) where a human answered it too. */
function machineAnswersBySystem(
  items: readonly TTuringReportItem[],
  human: Map<string, string[]>,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const item of items) {
    if (item.origin !== 'machine' || !human.has(item.prompt)) continue;
    const system = item.system ?? 'machine';
    const answers = out.get(system) ?? new Map<string, string>();
    if (!answers.has(item.prompt)) answers.set(item.prompt, item.answer);
    out.set(system, answers);
  }
  return out;
}

function agreement(
  items: readonly TTuringReportItem[],
  judgements: readonly TTuringReportJudgement[],
): TTuringReport['agreement'] {
  const judges = [...new Set(judgements.map((j) => j.judge))];
  const ratings = new Map<string, TuringOrigin>();
  for (const j of judgements) ratings.set(`${j.judge}\u0000${j.item}`, j.label);
  const rating = (judge: string, item: string) => ratings.get(`${judge}\u0000${item}`);
  const none = {
    judges: judges.length,
    cohenKappa: null,
    fleissKappa: null,
    fleissItems: 0,
    krippendorffAlpha: null,
  };
  if (judges.length < 2) return none;
  let cohen: number | null = null;
  if (judges.length === 2) {
    const [a, b] = judges as [string, string];
    const both = items.filter((i) => rating(a, i.id) && rating(b, i.id));
    if (both.length > 0)
      cohen = finiteOrNull(
        cohenKappaScore(
          both.map((i) => rating(a, i.id) as string),
          both.map((i) => rating(b, i.id) as string),
        ),
      );
  }
  const full = items.filter((i) => judges.every((j) => rating(j, i.id) !== undefined));
  const fleiss =
    full.length === 0
      ? null
      : finiteOrNull(
          fleissKappa(
            full.map((i) =>
              TURING_ORIGINS.map((o) => judges.filter((j) => rating(j, i.id) === o).length),
            ),
          ),
        );
  let alpha: number | null = null;
  const labels = new Set(judgements.map((j) => j.label));
  if (labels.size > 1) {
    alpha = finiteOrNull(
      krippendorffAlpha(judges.map((j) => items.map((i) => rating(j, i.id) ?? null))),
    );
  }
  return {
    judges: judges.length,
    cohenKappa: cohen,
    fleissKappa: fleiss,
    fleissItems: full.length,
    krippendorffAlpha: alpha,
  };
}

/**
 * The report of a Turing test: how well judges tell machine from human answers, and how close the
 * machine's answers are to the human ones.
 *
 * - accuracy: correct judgements over all, with SciPy's `binomtest(k, n, 0.5)` two-sided p-value
 *   and Clopper–Pearson 95 % interval ({@link binomTest}); the same per judge and per system;
 * - deception: machine answers judged human, over judgements of machine answers;
 * - agreement on the origin each judge gave each item: Cohen's κ for exactly two judges
 *   (scikit-learn `cohen_kappa_score` on the items both judged), Fleiss' κ (statsmodels
 *   `fleiss_kappa`) on the items every judge judged, Krippendorff's α (nominal) on all;
 * - text: sacrebleu BLEU and chrF and rouge-score ROUGE-1/2/L F1 of each system's answers against
 *   the human answers to the same prompts; with exactly two systems, sacrebleu's paired bootstrap
 *   (BLEU and chrF, 1000 resamples, seed 12345) on the prompts both answered, the system named
 *   first alphabetically as the baseline.
 *
 * @throws InvalidInputError when a judgement names an unknown item, or one judge judged an item
 * twice.
 */
export function turingReport(
  input: TTuringReportInput,
  limits?: Partial<ComputeLimits>,
): TTuringReport {
  const { items, judgements } = input;
  const byId = new Map(items.map((i) => [i.id, i]));
  const seen = new Set<string>();
  judgements.forEach((j, n) => {
    if (!byId.has(j.item)) {
      const message = `judgements[${n}] names item ${JSON.stringify(j.item)}, which the study does not hold`;
      throw new InvalidInputError(message, [{ path: ['judgements', n, 'item'], message }]);
    }
    const key = `${j.judge}\u0000${j.item}`;
    if (seen.has(key)) {
      const message = `judgements[${n}]: judge ${JSON.stringify(j.judge)} judged item ${JSON.stringify(j.item)} twice`;
      throw new InvalidInputError(message, [{ path: ['judgements', n], message }]);
    }
    seen.add(key);
  });
  const correct = (j: TTuringReportJudgement) =>
    (byId.get(j.item) as TTuringReportItem).origin === j.label;
  const count = (list: readonly TTuringReportJudgement[]) => list.filter(correct).length;

  const judgeNames = [...new Set(judgements.map((j) => j.judge))].sort();
  const perJudge = judgeNames.map((judge) => {
    const mine = judgements.filter((j) => j.judge === judge);
    return { judge, ...binomial(count(mine), mine.length) };
  });
  const machineJudgements = judgements.filter((j) => byId.get(j.item)?.origin === 'machine');
  const systems = [
    ...new Set(items.filter((i) => i.origin === 'machine').map((i) => i.system ?? 'machine')),
  ].sort();
  const perSystem = systems.flatMap((system) => {
    const mine = machineJudgements.filter(
      (j) => ((byId.get(j.item) as TTuringReportItem).system ?? 'machine') === system,
    );
    if (mine.length === 0) return [];
    const right = count(mine);
    return [
      {
        system,
        ...binomial(right, mine.length),
        deceptionRate: (mine.length - right) / mine.length,
      },
    ];
  });
  let deception: TTuringReport['deception'] = null;
  if (machineJudgements.length > 0) {
    const deceived = machineJudgements.filter((j) => j.label === 'human').length;
    const r = binomTest(deceived, machineJudgements.length, { p: 0.5 });
    deception = {
      machineJudgements: machineJudgements.length,
      deceived,
      rate: r.proportion,
      ci95: r.ci95,
    };
  }

  const human = humanAnswersByPrompt(items);
  const machine = machineAnswersBySystem(items, human);
  const text = [...machine.keys()].sort().map((system) => {
    const answers = machine.get(system) as Map<string, string>;
    const prompts = [...answers.keys()];
    const hyps = prompts.map((p) => answers.get(p) as string);
    const refs = prompts.map((p) => human.get(p) as string[]);
    const bleu = corpusBleu(hyps, refs);
    const chrfResult = chrf(hyps, refs);
    const r = rouge(
      hyps,
      refs.map((list) => list[0] as string),
      { rougeTypes: ['rouge1', 'rouge2', 'rougeL'] },
      limits,
    );
    const f = (t: string) => (r.mean[t] as { fmeasure: number }).fmeasure;
    return {
      system,
      segments: prompts.length,
      bleu: { score: bleu.score, signature: bleu.signature },
      chrf: { score: chrfResult.score, signature: chrfResult.signature },
      rouge: {
        rouge1: f('rouge1'),
        rouge2: f('rouge2'),
        rougeL: f('rougeL'),
        signature: r.signature,
      },
    };
  });
  let pairedTest: TTuringReport['pairedTest'] = null;
  if (text.length === 2) {
    const [a, b] = [text[0]?.system as string, text[1]?.system as string];
    const aAnswers = machine.get(a) as Map<string, string>;
    const bAnswers = machine.get(b) as Map<string, string>;
    const shared = [...aAnswers.keys()].filter((p) => bAnswers.has(p));
    if (shared.length > 0) {
      pairedTest = {
        baseline: a,
        candidate: b,
        segments: shared.length,
        result: pairedBootstrapResampling(
          shared.map((p) => aAnswers.get(p) as string),
          shared.map((p) => bAnswers.get(p) as string),
          shared.map((p) => human.get(p) as string[]),
          { metrics: ['bleu', 'chrf'], nSamples: 1000, seed: 12345, limits },
        ),
      };
    }
  }
  return {
    chance: 0.5,
    items: items.length,
    judges: judgeNames.length,
    accuracy: judgements.length === 0 ? null : binomial(count(judgements), judgements.length),
    deception,
    perJudge,
    perSystem,
    agreement: agreement(items, judgements),
    text,
    pairedTest,
  };
}

export const turingReportMetric = defineMetric({
  name: 'turingReport',
  family: 'stats',
  description:
    'The report of a Turing test from its items and judgements: accuracy against chance (binomial test, Clopper–Pearson), deception rate, per-judge and per-system accuracy, agreement (Cohen, Fleiss, Krippendorff), BLEU/chrF/ROUGE against the human answers and the paired test between two systems.',
  input: ZTuringReportInputSchema,
  params: z.strictObject({}),
  result: ZTuringReportSchema,
  compute: (input, _params, context) => turingReport(input, context.limits),
});
