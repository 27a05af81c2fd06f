import { type DataTable, type Matrix, readDataset } from '@assay/core';
import type { Project, Registry } from '@assay/registry';
import { z } from 'zod';
import { notFound, ProblemError, problem } from '../http/problem.js';

/**
 * A slice of an uploaded dataset standing for one field of an explainer's input: a matrix of
 * `columns` (each numeric), or one `column` as a vector (numbers or labels), over rows
 * `[start, end)`. It keeps large data out of request bodies and job rows: the data is read
 * where the explainer runs.
 */
export const ZDatasetSliceSchema = z
  .object({
    dataset: z.uuid().describe('An uploaded dataset of the project'),
    columns: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('A matrix of these numeric columns, in this order'),
    column: z.string().min(1).optional().describe('A vector: this one column'),
    rows: z
      .object({
        start: z.number().int().min(0).default(0),
        end: z.number().int().min(1).optional().describe('Exclusive; default: the last row'),
      })
      .strict()
      .optional()
      .describe('Rows [start, end) (default: all)'),
  })
  .strict()
  .refine((s) => (s.columns === undefined) !== (s.column === undefined), {
    message: 'give columns (a matrix) or column (a vector), not both',
    path: ['columns'],
  });

type Slice = z.infer<typeof ZDatasetSliceSchema>;

const isSliceLike = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && 'dataset' in value;

const bad = (path: string, message: string) =>
  new ProblemError(
    problem(400, 'invalid-request', `${path}: ${message}`, { errors: [{ path, message }] }),
  );

/**
 * Replaces each top-level field of an explainer's input that is a dataset slice
 * (`{ "dataset": id, "columns" | "column", "rows"? }`) by the matrix or vector it names. Other
 * fields pass through for the core to validate.
 */
export async function resolveDatasetSlices(
  registry: Registry,
  project: Project,
  input: unknown,
): Promise<unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const tables = new Map<string, Promise<DataTable>>();
  const table = (id: string) => {
    let found = tables.get(id);
    if (found === undefined) {
      found = (async () => {
        const dataset = await registry.datasets.get(project.id, id);
        if (!dataset) throw notFound(`Dataset '${id}'`);
        return readDataset(await registry.datasets.read(dataset), { format: dataset.format });
      })();
      tables.set(id, found);
    }
    return found;
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (!isSliceLike(value)) {
      out[field] = value;
      continue;
    }
    const path = `body.input.${field}`;
    const spec = parseSlice(value, path);
    out[field] = slice(await table(spec.dataset), spec, path);
  }
  return out;
}

/**
 * Checks, without reading them, that the datasets an explainer's input cites are the project's:
 * the request that queues a job answers as the request that runs at once would (400 for a
 * malformed slice, 404 for a dataset of another project or none), instead of a job that fails.
 */
export async function checkDatasetSlices(
  registry: Registry,
  project: Project,
  input: unknown,
): Promise<void> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return;
  const seen = new Set<string>();
  for (const [field, value] of Object.entries(input)) {
    if (!isSliceLike(value)) continue;
    const id = parseSlice(value, `body.input.${field}`).dataset;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!(await registry.datasets.get(project.id, id))) throw notFound(`Dataset '${id}'`);
  }
}

function parseSlice(value: unknown, path: string): Slice {
  const parsed = ZDatasetSliceSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw bad(
    `${path}${issue?.path.length ? `.${issue.path.join('.')}` : ''}`,
    issue?.message ?? 'invalid',
  );
}

function slice(data: DataTable, spec: Slice, path: string): Matrix | number[] | string[] {
  const start = spec.rows?.start ?? 0;
  const end = spec.rows?.end ?? data.rows;
  if (!(start < end && end <= data.rows)) {
    throw bad(
      `${path}.rows`,
      `rows [${start}, ${end}) are not within the dataset's ${data.rows} rows`,
    );
  }
  const column = (name: string) => {
    if (!data.columns.includes(name)) {
      throw bad(
        path,
        `the dataset has no column '${name}'; its columns are ${data.columns.join(', ')}`,
      );
    }
    return data.column(name);
  };
  if (spec.column !== undefined) {
    const values = column(spec.column).values;
    return Array.from(values.slice(start, end) as ArrayLike<number | string>) as
      | number[]
      | string[];
  }
  const names = spec.columns as string[];
  const rows = end - start;
  const matrix = new Float64Array(rows * names.length);
  names.forEach((name, j) => {
    const c = column(name);
    if (c.kind !== 'numeric')
      throw bad(path, `column '${name}' holds labels; a matrix needs numbers`);
    for (let i = 0; i < rows; i++) matrix[i * names.length + j] = c.values[start + i] as number;
  });
  return { rows, cols: names.length, data: matrix };
}
