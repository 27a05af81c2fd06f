import type { Prisma, Tx } from '../db/client.js';

export interface AuditEntry {
  projectId: string | null;
  actor: string;
  /** `<entity>.<verb>`, e.g. `model.register`. */
  action: string;
  entity: string;
  entityId: string;
  details?: Prisma.InputJsonObject;
}

/** Appends to the audit log; always called with the transaction of the write it records. */
export async function writeAuditLog(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      projectId: entry.projectId,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      details: entry.details ?? {},
    },
  });
}
