import { describe, expect, it } from 'vitest';
import { createDataTable } from '../../data/createDataTable.js';
import { readDataset } from '../../data/readDataset.js';
import type { DataTable } from '../../data/types.js';
import { InvalidInputError } from '../../errors/index.js';
import type { TextModel } from '../../models/remoteText.js';
import { checkTextEvaluationRequest, evaluateTextModel } from '../evaluateTextModel.js';
import reference from './reference/text_confidence.json' with { type: 'json' };

// Expected values: scripts/reference/sacrebleu_confidence.py (sacrebleu 2.6.0
// `corpus_score(hyps, refs, n_bootstrap)` with SACREBLEU_SEED; ROUGE as that script documents).

interface RefCase {
  name: string;
  seed: number;
  nResamples: number;
  hypotheses: string[];
  references: string[][];
  metrics: Record<string, { score: number; mean: number; ci: number; signature?: string }>;
}
const cases = (reference as { cases: RefCase[] }).cases;

function tableOf(c: RefCase, withOutputs = true): DataTable {
  const nrefs = (c.references[0] as string[]).length;
  return createDataTable([
    { name: 'prompt', kind: 'label', values: c.hypotheses.map((_, i) => `prompt ${i}`) },
    ...Array.from({ length: nrefs }, (_, k) => ({
      name: `ref${k}`,
      kind: 'label' as const,
      values: c.references.map((r) => r[k] as string),
    })),
    ...(withOutputs ? [{ name: 'output', kind: 'label' as const, values: c.hypotheses }] : []),
  ]);
}

/** A model that answers the reference case's hypothesis of each prompt (`prompt i`). */
function echoModel(c: RefCase, calls: number[]): TextModel {
  return {
    kind: 'test:lookup',
    async generate(prompts) {
      calls.push(prompts.length);
      return prompts.map((p) => c.hypotheses[Number(p.slice('prompt '.length))] as string);
    },
  };
}

const sacrebleuVersion = (signature: string) => signature.replace(/version:.*$/, 'version:2.6.0');

describe('evaluateTextModel(stored outputs, confidence) equals sacrebleu corpus_score(n_bootstrap)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const nrefs = (c.references[0] as string[]).length;
      const report = await evaluateTextModel({
        table: tableOf(c),
        prompt: 'prompt',
        references: Array.from({ length: nrefs }, (_, k) => `ref${k}`),
        outputs: 'output',
        confidence: { nResamples: c.nResamples, seed: c.seed },
      });
      expect(report.model).toBe('column:output');
      expect(report.metrics.map((m) => m.name)).toEqual([
        'bleu',
        'chrf',
        'ter',
        'rouge1',
        'rouge2',
        'rougeL',
      ]);
      for (const m of report.metrics) {
        const want = c.metrics[m.name] as RefCase['metrics'][string];
        expect(m.value, m.name).toBeCloseTo(want.score, 10);
        expect(m.confidenceInterval?.mean, `${m.name} mean`).toBeCloseTo(want.mean, 9);
        expect(m.confidenceInterval?.ci, `${m.name} ci`).toBeCloseTo(want.ci, 9);
        expect(m.confidenceInterval?.low).toBeCloseTo(want.mean - want.ci, 9);
        expect(m.confidenceInterval?.high).toBeCloseTo(want.mean + want.ci, 9);
        if (want.signature !== undefined)
          expect(sacrebleuVersion(m.signature), m.name).toBe(want.signature);
        else expect(m.signature).toContain(`|bs:${c.nResamples}|seed:${c.seed}|`);
      }
    });
  }
});

describe('evaluateTextModel(model)', () => {
  const c = cases[0] as RefCase;

  it('scores what the injected model generates, in batches, as the stored column would score', async () => {
    const calls: number[] = [];
    const generated = await evaluateTextModel({
      table: tableOf(c, false),
      model: echoModel(c, calls),
      prompt: 'prompt',
      references: ['ref0'],
      metrics: [{ name: 'bleu' }, { name: 'chrf' }],
      batchSize: 16,
    });
    expect(calls).toEqual([16, 16, 8]);
    expect(generated.model).toBe('test:lookup');
    expect(generated.timing.modelCalls).toBe(3);
    expect(generated.metrics[0]?.value).toBeCloseTo(c.metrics.bleu?.score as number, 10);
    expect(generated.metrics[1]?.value).toBeCloseTo(c.metrics.chrf?.score as number, 10);
    // without confidence: no interval, and sacrebleu's signature has no bs/seed
    expect(generated.metrics[0]?.confidenceInterval).toBeUndefined();
    expect(generated.metrics[0]?.signature).toMatch(/^nrefs:1\|case:mixed\|eff:no\|tok:13a/);
  });

  it('refuses a model that answers fewer outputs than prompts', async () => {
    const short: TextModel = { kind: 'short', generate: async (p) => p.slice(1) };
    await expect(
      evaluateTextModel({
        table: tableOf(c, false),
        model: short,
        prompt: 'prompt',
        references: ['ref0'],
      }),
    ).rejects.toThrow(/answered 39 outputs for 40 prompts/);
  });

  it('refuses to run without a model or an outputs column', async () => {
    await expect(
      evaluateTextModel({ table: tableOf(c, false), prompt: 'prompt', references: ['ref0'] }),
    ).rejects.toThrow(/give a text model .* or a column of stored outputs/);
  });
});

describe('checkTextEvaluationRequest(request, columns)', () => {
  it('names a missing column and lists the dataset’s', () => {
    const message =
      "the reference column 'answer' is not in the dataset (its columns: 'prompt', 'ref')";
    expect(() =>
      checkTextEvaluationRequest({ prompt: 'prompt', references: ['answer'] }, ['prompt', 'ref']),
    ).toThrow(message);
    try {
      checkTextEvaluationRequest({ prompt: 'prompt', references: ['answer'] }, ['prompt', 'ref']);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues).toEqual([{ path: ['references', 0], message }]);
    }
  });

  it('refuses the outputs column as a reference too, and a metric asked twice', () => {
    expect(() =>
      checkTextEvaluationRequest({ prompt: 'p', references: ['r'], outputs: 'r' }, ['p', 'r']),
    ).toThrow(/both a reference and the outputs/);
    expect(() =>
      checkTextEvaluationRequest(
        { prompt: 'p', references: ['r'], metrics: [{ name: 'bleu' }, { name: 'bleu' }] },
        ['p', 'r'],
      ),
    ).toThrow(/asked for twice/);
  });
});

describe('evaluateTextModel on cells that look like numbers', () => {
  // The references are text (one is "n/a"); the stored outputs are all number-like, so a number
  // parser would read them as 1.5, 7, 1000 and score those instead of what the file says.
  const refs = ['1.50', '007', 'n/a', '1e3'];
  const outs = ['1.50', '007', '8', '1e3'];
  const csv = `p,ref,out\n${refs.map((r, i) => `q${i},${r},${outs[i]}`).join('\n')}\n`;
  const literal = (outs: string[]) =>
    createDataTable([
      { name: 'p', kind: 'label', values: ['q0', 'q1', 'q2', 'q3'] },
      { name: 'ref', kind: 'label', values: refs },
      { name: 'out', kind: 'label', values: outs },
    ]);
  const score = async (table: DataTable) =>
    (
      await evaluateTextModel({
        table,
        prompt: 'p',
        references: ['ref'],
        outputs: 'out',
        metrics: [{ name: 'chrf' }],
      })
    ).metrics[0]?.value;

  it('scores a CSV read with textColumns exactly as the cells are written', async () => {
    const table = await readDataset(new TextEncoder().encode(csv), {
      format: 'csv',
      textColumns: ['p', 'ref', 'out'],
    });
    const asWritten = await score(literal(outs));
    expect(await score(table)).toBe(asWritten);
    // what reading the outputs as numbers would have scored: a different chrF
    expect(await score(literal(['1.5', '7', '8', '1000']))).not.toBeCloseTo(asWritten as number, 3);
  });

  it('refuses a column read as numbers rather than score its numbers turned back into text', async () => {
    const table = await readDataset(new TextEncoder().encode(csv), { format: 'csv' });
    await expect(score(table)).rejects.toThrow(
      "column 'out' was read as numbers, which loses how its cells were written (1.50 becomes 1.5); read the dataset with textColumns naming the prompt, reference and outputs columns",
    );
  });
});
