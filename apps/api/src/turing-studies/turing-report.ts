import type { TTuringReport } from '@assay/core/human';
import type { Registry, TuringStudy } from '@assay/registry';
import type { ComputePool } from '../jobs/compute/compute-pool.js';

/**
 * A study's report: the registry's items and judgements, scored by the core's `turingReport` in a
 * compute thread (the text metrics grow with the answers' length), with each judge's name.
 */
export async function buildTuringReport(
  registry: Registry,
  pool: ComputePool,
  study: TuringStudy,
  signal?: AbortSignal,
): Promise<{ study: TuringStudy; judges: { id: string; name: string }[]; report: TTuringReport }> {
  const [data, judges] = await Promise.all([
    registry.turingStudies.reportData(study.projectId, study.id),
    registry.turingStudies.listJudges(study.projectId, study.id),
  ]);
  const report = (await pool.run(
    { kind: 'metric', name: 'turingReport', input: data, params: {} },
    signal ? { signal } : {},
  )) as TTuringReport;
  return { study, judges: judges.map((j) => ({ id: j.id, name: j.name })), report };
}
