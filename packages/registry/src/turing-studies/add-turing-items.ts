import { randomUUID } from 'node:crypto';
import { writeAuditLog } from '../audit/write-audit-log.js';
import { ZActorSchema } from '../common.js';
import { type RegistryContext, SYSTEM_ACTOR } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { RegistryError } from '../errors.js';
import { parseInput } from '../validate.js';
import { requireStudy } from './require-turing-study.js';
import {
  MAX_TURING_ITEMS,
  type TTuringItemInputSchema,
  ZTuringItemBatchSchema,
} from './turing-study.schemas.js';

type Item = ReturnType<typeof ZTuringItemBatchSchema.parse>[number];

/** The fields each mode needs and refuses, as issues naming the item and field. */
function modeIssues(mode: string, items: readonly Item[]): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const need = (i: number, item: Item, fields: (keyof Item)[]) => {
    for (const f of fields)
      if (item[f] === undefined)
        issues.push({ path: ['items', String(i), f], message: `a ${mode} item needs ${f}` });
  };
  const refuse = (i: number, item: Item, fields: (keyof Item)[]) => {
    for (const f of fields)
      if (item[f] !== undefined)
        issues.push({ path: ['items', String(i), f], message: `a ${mode} item has no ${f}` });
  };
  items.forEach((item, i) => {
    if (mode === 'side-by-side') {
      need(i, item, ['prompt', 'humanAnswer', 'machineAnswer']);
      refuse(i, item, ['answer', 'origin']);
    } else {
      need(i, item, ['answer', 'origin']);
      refuse(i, item, ['humanAnswer', 'machineAnswer']);
      if (item.origin === 'human' && item.system !== undefined)
        issues.push({
          path: ['items', String(i), 'system'],
          message: 'a human answer has no system; system names the machine that wrote an answer',
        });
    }
  });
  return issues;
}

/**
 * Adds a batch of items (up to 1000) to a study that is not closed, after the ones already there:
 * `invalid` naming each item whose fields do not fit the study's mode, `conflict` on a closed
 * study or beyond 50 000 items. Item ids are random, so they carry no upload order to judges.
 */
export async function addItems(
  ctx: RegistryContext,
  projectId: string,
  studyId: string,
  items: readonly TTuringItemInputSchema[],
  actor: string = SYSTEM_ACTOR,
): Promise<{ added: number; total: number }> {
  const batch = parseInput(ZTuringItemBatchSchema, items, 'items');
  const by = parseInput(ZActorSchema, actor, 'actor');
  return withDbErrors(() =>
    ctx.db.$transaction(async (tx) => {
      const study = await requireStudy(tx, projectId, studyId);
      const issues = modeIssues(study.mode, batch);
      if (issues.length > 0) {
        throw new RegistryError(
          'invalid',
          `Invalid items: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          { details: issues },
        );
      }
      if (study.status === 'closed')
        throw new RegistryError('conflict', 'The study is closed; it takes no more items');
      // The increment locks the study row: concurrent batches get disjoint positions.
      const { itemCount } = await tx.turingStudy.update({
        where: { id: study.id },
        data: { itemCount: { increment: batch.length } },
        select: { itemCount: true },
      });
      if (itemCount > MAX_TURING_ITEMS)
        throw new RegistryError(
          'conflict',
          `A study holds at most ${MAX_TURING_ITEMS} items; this batch would make ${itemCount}`,
        );
      const first = itemCount - batch.length;
      await tx.turingItem.createMany({
        data: batch.map((item, i) => ({
          id: randomUUID(),
          studyId: study.id,
          position: first + i,
          prompt: item.prompt ?? '',
          humanAnswer: item.humanAnswer ?? null,
          machineAnswer: item.machineAnswer ?? null,
          answer: item.answer ?? null,
          origin: item.origin ?? null,
          system: item.system ?? null,
        })),
      });
      await writeAuditLog(tx, {
        projectId,
        actor: by,
        action: 'turing_study.add_items',
        entity: 'turing_study',
        entityId: study.id,
        details: { added: batch.length, total: itemCount },
      });
      return { added: batch.length, total: itemCount };
    }),
  );
}
