import { writeAuditLog } from '../audit/write-audit-log.js';
import { insertComparison } from '../comparisons/insert-comparison.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import type { Prisma } from '../db/client.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { insertEvaluation } from '../evaluations/insert-evaluation.js';
import { parseInput } from '../validate.js';
import { gateReportInclude, toGateReport } from './gate.mappers.js';
import { type TCreateGateReportSchema, ZCreateGateReportSchema } from './gate.schemas.js';
import type { GateReport } from './gate.types.js';

/**
 * Stores a gate report (each check's numbers, pass or fail and why) with the candidate's batch
 * test and its comparison with the holder, all in one transaction. `passed` is every check
 * passing. The policy version must be of this model; the evaluation (if given) of the candidate.
 * With a `jobId` already stored, returns that report: a retried gate job stores it once.
 */
export async function create(
  ctx: RegistryContext,
  input: TCreateGateReportSchema,
): Promise<GateReport> {
  const data = parseInput(ZCreateGateReportSchema, input, 'gate report');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      if (data.jobId !== undefined) {
        const earlier = await tx.gateReport.findUnique({
          where: { jobId: data.jobId },
          include: gateReportInclude,
        });
        if (earlier !== null) return toGateReport(earlier);
      }
      const policy = await tx.gatePolicy.findFirst({
        where: { id: data.policyId, projectId: data.projectId },
        select: {
          id: true,
          modelId: true,
          alias: true,
          version: true,
          model: { select: { name: true } },
        },
      });
      if (policy === null || policy.model.name !== data.modelName) {
        throw new RegistryError(
          'not_found',
          `Model "${data.modelName}" has no gate policy ${data.policyId}`,
        );
      }
      const candidate = await tx.modelVersion.findUnique({
        where: { modelId_number: { modelId: policy.modelId, number: data.candidateVersion } },
        select: { id: true },
      });
      if (candidate === null) {
        throw new RegistryError(
          'not_found',
          `Model "${data.modelName}" has no version ${data.candidateVersion}`,
        );
      }
      const sameVersion = (what: string, model: string, version: number) => {
        if (model !== data.modelName || version !== data.candidateVersion) {
          throw new RegistryError(
            'invalid',
            `Invalid gate report: its ${what} is of ${model} version ${version}, not of the candidate (${data.modelName} version ${data.candidateVersion})`,
          );
        }
      };
      let evaluationId: string | null = null;
      if (data.evaluation !== undefined) {
        sameVersion('evaluation', data.evaluation.modelName, data.evaluation.version);
        evaluationId = (await insertEvaluation(tx, data.evaluation, { gate: policy.id })).id;
      }
      let comparisonId: string | null = null;
      if (data.comparison !== undefined) {
        sameVersion('comparison', data.comparison.modelName, data.comparison.candidateVersion);
        comparisonId = (await insertComparison(tx, data.comparison)).id;
      }
      const passed = data.checks.every((check) => check.passed);
      const row = await tx.gateReport.create({
        data: {
          projectId: data.projectId,
          modelId: policy.modelId,
          policyId: policy.id,
          candidateVersionId: candidate.id,
          holderVersion: data.holderVersion,
          passed,
          checks: data.checks as Prisma.InputJsonArray,
          evidence: data.evidence as Prisma.InputJsonObject,
          evaluationId,
          comparisonId,
          jobId: data.jobId ?? null,
          createdBy: data.createdBy ?? null,
        },
        include: gateReportInclude,
      });
      await writeAuditLog(tx, {
        projectId: data.projectId,
        actor: data.createdBy ?? SYSTEM_ACTOR,
        action: 'gate_report.create',
        entity: 'gate_report',
        entityId: row.id,
        details: {
          model: data.modelName,
          alias: policy.alias,
          policyVersion: policy.version,
          candidateVersion: data.candidateVersion,
          passed,
          failed: data.checks.filter((c) => !c.passed).map((c) => c.label),
        },
      });
      return toGateReport(row);
    }),
  );
}
