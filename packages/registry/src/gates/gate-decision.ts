import type { Tx } from '../db/client.js';
import { RegistryError } from '../errors.js';
import type { TGateCheckResultSchema } from './gate.schemas.js';
import type { GateRefusal } from './gate.types.js';

/** What a move of an alias to a version rests on, as far as its gate is concerned. */
export type GateDecision =
  | { guarded: false }
  | { guarded: true; gateReportId: string }
  | { guarded: true; override: string };

/**
 * Inside a move's transaction: is `alias` guarded (it has a gate policy), and if so, does the
 * newest gate report of the target version under the current policy version pass? A passing report
 * is what the move rests on; without one, an `override` reason lets it through (the API allows
 * overrides to admins only); otherwise the move is refused with `conflict` and the failing checks
 * (`details.gate`, a {@link GateRefusal}).
 */
export async function decideGate(
  tx: Tx,
  move: {
    modelId: string;
    modelName: string;
    alias: string;
    versionId: string;
    version: number;
    override?: { reason: string } | undefined;
  },
): Promise<GateDecision> {
  const policy = await tx.gatePolicy.findFirst({
    where: { modelId: move.modelId, alias: move.alias },
    orderBy: { version: 'desc' },
    select: { id: true, version: true },
  });
  if (policy === null) {
    if (move.override !== undefined) {
      throw new RegistryError(
        'invalid',
        `Alias "${move.alias}" of model "${move.modelName}" has no gate policy: there is nothing to override (drop override)`,
      );
    }
    return { guarded: false };
  }
  const report = await tx.gateReport.findFirst({
    where: { policyId: policy.id, candidateVersionId: move.versionId },
    orderBy: { id: 'desc' },
    select: { id: true, passed: true, checks: true },
  });
  if (report?.passed) return { guarded: true, gateReportId: report.id };
  if (move.override !== undefined) return { guarded: true, override: move.override.reason };
  const failedChecks = report
    ? (report.checks as unknown as TGateCheckResultSchema[]).filter((c) => !c.passed)
    : [];
  const gate: GateRefusal = {
    alias: move.alias,
    policyId: policy.id,
    policyVersion: policy.version,
    candidateVersion: move.version,
    gateReportId: report?.id ?? null,
    failedChecks,
  };
  const why = report
    ? `its newest gate report (${report.id}) under policy version ${policy.version} failed ${failedChecks.length} check(s): ${failedChecks.map((c) => c.label).join('; ')}`
    : `version ${move.version} has no gate report under policy version ${policy.version}: run the gate first`;
  throw new RegistryError(
    'conflict',
    `Alias "${move.alias}" of model "${move.modelName}" is guarded by a gate policy and ${why}; an admin may override with a reason`,
    { details: { gate } },
  );
}
