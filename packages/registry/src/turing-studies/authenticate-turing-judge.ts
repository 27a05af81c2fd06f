import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import { hashJudgeToken } from './judge-token.js';
import {
  judgeInclude,
  studyInclude,
  toTuringJudge,
  toTuringStudy,
} from './turing-study.mappers.js';
import { ZTuringJudgeTokenSchema } from './turing-study.schemas.js';
import type { TuringJudgeSession } from './turing-study.types.js';

/**
 * The judge an invitation token belongs to, with their study; `null` for a malformed, unknown or
 * revoked token (a malformed one is not looked up).
 */
export async function authenticateJudge(
  ctx: RegistryContext,
  token: string,
): Promise<TuringJudgeSession | null> {
  if (!ZTuringJudgeTokenSchema.safeParse(token).success) return null;
  const row = await withDbErrors(() =>
    ctx.db.turingJudge.findUnique({
      where: { tokenHash: hashJudgeToken(token) },
      include: { ...judgeInclude, study: { include: studyInclude } },
    }),
  );
  if (row === null || row.revokedAt !== null) return null;
  return { judge: toTuringJudge(row), study: toTuringStudy(row.study) };
}
