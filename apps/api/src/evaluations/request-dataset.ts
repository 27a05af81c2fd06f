import type { DatasetFormat } from '@assay/core';
import type { Dataset, Project, Registry } from '@assay/registry';
import type { z } from 'zod';
import { notFound } from '../http/problem.js';
import type { ComputePool } from '../jobs/compute/compute-pool.js';
import type { ZDatasetSourceSchema } from './run-evaluation.contract.js';

/** The data an evaluation runs on: the file's bytes and format, its shape, its stored id. */
export interface EvaluationData {
  bytes: Uint8Array;
  format: DatasetFormat;
  rows: number;
  columns: string[];
  datasetId?: string;
}

/** A stored dataset's bytes (verified against its sha256) and shape. */
async function loadDataset(registry: Registry, dataset: Dataset): Promise<EvaluationData> {
  const bytes = await registry.datasets.read(dataset);
  return {
    bytes,
    format: dataset.format,
    rows: dataset.rows,
    columns: [...dataset.columns],
    datasetId: dataset.id,
  };
}

/**
 * A batch test's dataset as its request gave it — inline CSV/JSON text or a stored dataset's id —
 * with its shape known before anything runs, so that columns are checked and the work sized at
 * once.
 */
export interface RequestDataset {
  readonly rows: number;
  readonly columns: readonly string[];
  /** The stored dataset the request named (none for inline data). */
  readonly stored: Dataset | undefined;
  /** The bytes to test on: inline ones, or the stored dataset's, read now. */
  data(): Promise<EvaluationData>;
  /** The stored dataset, storing inline data as one first (a job's input names it by id). */
  store(actor: string): Promise<Dataset>;
}

/**
 * Opens a request's dataset: inline data is parsed (bounds first) in a compute thread for its
 * shape — the test parses it again — and a stored one is looked up (404 when absent; its row has
 * the shape).
 */
export async function openRequestDataset(
  deps: { registry: Registry; compute: ComputePool },
  project: Project,
  dataset: z.infer<typeof ZDatasetSourceSchema>,
  signal?: AbortSignal,
): Promise<RequestDataset> {
  const { registry } = deps;
  if ('content' in dataset) {
    const bytes = new TextEncoder().encode(dataset.content);
    const shape = await deps.compute.run(
      { kind: 'dataset', format: dataset.format, bytes },
      { signal },
    );
    const inline: EvaluationData = { bytes, format: dataset.format, ...shape };
    let stored: Dataset | undefined;
    return {
      rows: shape.rows,
      columns: shape.columns,
      stored: undefined,
      data: async () => inline,
      store: async (actor) => {
        stored ??= await registry.datasets.create({
          projectId: project.id,
          format: dataset.format,
          artifact: bytes,
          rows: shape.rows,
          columns: shape.columns,
          createdBy: actor,
        });
        return stored;
      },
    };
  }
  const found = await registry.datasets.get(project.id, dataset.id);
  if (!found) throw notFound(`Dataset '${dataset.id}'`);
  return {
    rows: found.rows,
    columns: found.columns,
    stored: found,
    data: () => loadDataset(registry, found),
    store: async () => found,
  };
}
