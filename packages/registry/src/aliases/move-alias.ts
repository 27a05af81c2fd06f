import { writeAuditLog } from '../audit/write-audit-log.js';
import type { RegistryContext } from '../context.js';
import type { Tx } from '../db/client.js';
import { mapDbError } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { decideGate, type GateDecision } from '../gates/gate-decision.js';
import { aliasInclude, toModelAlias } from './alias.mappers.js';
import type { ModelAlias } from './alias.types.js';
import { findModelOrThrow } from './find-model.js';

export interface AliasMove {
  projectId: string;
  modelName: string;
  alias: string;
  /** The version number to point at, or `null` to remove the alias. */
  version: number | null;
  expectedRevision?: number;
  reason?: string;
  evaluationId?: string;
  /** Moves a guarded alias without a passing gate report, recording the reason. */
  override?: { reason: string } | undefined;
  actor: string;
}

/** Raised inside the transaction when an unconditional move lost a race; the move is retried. */
class LostRace extends Error {}

const MAX_ATTEMPTS = 8;

/**
 * Moves an alias and appends the move to its ledger, in one transaction.
 *
 * The alias row is updated only if its revision is still the one read (`UPDATE … WHERE revision
 * = r`), which also locks it until commit: concurrent moves of one alias are serialised, every
 * move gets the next revision, and the ledger stays linear. A move with `expectedRevision` that
 * finds another revision fails with `conflict`; one without is retried on the new state.
 *
 * A cited `evaluationId` must be a completed evaluation of this model and, for a move to a
 * version, of that very version (`invalid` otherwise: evidence about another version proves
 * nothing about this one).
 *
 * A move to a version of an alias guarded by a gate policy needs a passing gate report of that
 * version under the current policy version, recorded as `gateReportId`, or an `override` with a
 * reason; otherwise `conflict` with the failing checks in `details.gate` (`decideGate`). Removing
 * a guarded alias is not gated.
 */
export async function moveAlias(ctx: RegistryContext, move: AliasMove): Promise<ModelAlias> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.$transaction((tx) => moveOnce(tx, move));
    } catch (error) {
      const mapped =
        error instanceof LostRace
          ? error
          : mapDbError(error, {
              conflict: `Alias "${move.alias}" was created concurrently by another move`,
            });
      const lostRace =
        mapped instanceof LostRace ||
        (mapped instanceof RegistryError &&
          mapped.code === 'conflict' &&
          // A refusal by the alias's gate is an answer, not a race.
          (mapped.details as { gate?: unknown } | undefined)?.gate === undefined);
      // Without expectedRevision the caller asked for "point it there, whatever it was": retry.
      if (lostRace && move.expectedRevision === undefined && attempt < MAX_ATTEMPTS) continue;
      if (mapped instanceof LostRace) {
        throw new RegistryError(
          'conflict',
          `Alias "${move.alias}" kept moving concurrently; try again`,
        );
      }
      throw mapped;
    }
  }
}

async function moveOnce(tx: Tx, move: AliasMove): Promise<ModelAlias> {
  const model = await findModelOrThrow(tx, move.projectId, move.modelName);
  let targetId: string | null = null;
  if (move.version !== null) {
    const version = await tx.modelVersion.findUnique({
      where: { modelId_number: { modelId: model.id, number: move.version } },
      select: { id: true },
    });
    if (version === null) {
      throw new RegistryError('not_found', `Model "${model.name}" has no version ${move.version}`);
    }
    targetId = version.id;
  }
  if (move.evaluationId !== undefined) {
    const evaluation = await tx.evaluation.findUnique({
      where: { id: move.evaluationId },
      select: {
        modelId: true,
        status: true,
        versionId: true,
        version: { select: { number: true } },
      },
    });
    if (evaluation === null || evaluation.modelId !== model.id) {
      // Another model's (or project's) evaluation is reported as absent: ids do not leak across.
      throw new RegistryError(
        'not_found',
        `Model "${model.name}" has no evaluation ${move.evaluationId}`,
      );
    }
    if (evaluation.status !== 'completed') {
      throw new RegistryError(
        'invalid',
        `Evaluation ${move.evaluationId} is ${evaluation.status}: an alias move can rest only on a completed evaluation`,
      );
    }
    // Evidence for a move must be about the version the alias moves to.
    if (targetId !== null && evaluation.versionId !== targetId) {
      throw new RegistryError(
        'invalid',
        `Evaluation ${move.evaluationId} evaluated version ${evaluation.version.number} of model "${model.name}", not version ${move.version}: an alias move can cite only an evaluation of the version it points the alias at`,
      );
    }
  }
  const current = await tx.modelAlias.findUnique({
    where: { modelId_name: { modelId: model.id, name: move.alias } },
    include: aliasInclude,
  });
  const currentRevision = current?.revision ?? 0;
  if (move.expectedRevision !== undefined && move.expectedRevision !== currentRevision) {
    throw new RegistryError(
      'conflict',
      `Alias "${move.alias}" of model "${model.name}" is at revision ${currentRevision}, not ${move.expectedRevision}: ` +
        'it was moved by someone else; read it again and retry',
      { details: { currentRevision, expectedRevision: move.expectedRevision } },
    );
  }
  if (current === null && targetId === null) {
    throw new RegistryError('not_found', `Model "${model.name}" has no alias "${move.alias}"`);
  }
  if (current !== null && current.versionId === targetId) {
    return toModelAlias(current, model); // already there: nothing to record
  }
  let gate: GateDecision = { guarded: false };
  if (targetId !== null && move.version !== null) {
    gate = await decideGate(tx, {
      modelId: model.id,
      modelName: model.name,
      alias: move.alias,
      versionId: targetId,
      version: move.version,
      override: move.override,
    });
  }
  const now = new Date();
  const revision = currentRevision + 1;
  let aliasId: string;
  if (current === null) {
    const created = await tx.modelAlias.create({
      data: { modelId: model.id, name: move.alias, versionId: targetId, revision, updatedAt: now },
    });
    aliasId = created.id;
  } else {
    const updated = await tx.modelAlias.updateMany({
      where: { id: current.id, revision: currentRevision },
      data: { versionId: targetId, revision, updatedAt: now },
    });
    if (updated.count === 0) {
      if (move.expectedRevision !== undefined) {
        throw new RegistryError(
          'conflict',
          `Alias "${move.alias}" of model "${model.name}" was moved concurrently (expected revision ${move.expectedRevision})`,
          { details: { expectedRevision: move.expectedRevision } },
        );
      }
      throw new LostRace();
    }
    aliasId = current.id;
  }
  await tx.modelAliasEvent.create({
    data: {
      aliasId,
      modelId: model.id,
      alias: move.alias,
      revision,
      fromVersionId: current?.versionId ?? null,
      toVersionId: targetId,
      actor: move.actor,
      reason: move.reason ?? null,
      evaluationId: move.evaluationId ?? null,
      gateReportId: gate.guarded && 'gateReportId' in gate ? gate.gateReportId : null,
      overrideReason: gate.guarded && 'override' in gate ? gate.override : null,
    },
  });
  await writeAuditLog(tx, {
    projectId: model.projectId,
    actor: move.actor,
    action: targetId === null ? 'alias.remove' : 'alias.set',
    entity: 'model_alias',
    entityId: aliasId,
    details: {
      model: model.name,
      alias: move.alias,
      revision,
      fromVersion: current?.version?.number ?? null,
      toVersion: move.version,
      ...(gate.guarded
        ? 'gateReportId' in gate
          ? { gateReportId: gate.gateReportId }
          : { override: gate.override }
        : {}),
    },
  });
  const row = await tx.modelAlias.findUniqueOrThrow({
    where: { id: aliasId },
    include: aliasInclude,
  });
  return toModelAlias(row, model);
}
