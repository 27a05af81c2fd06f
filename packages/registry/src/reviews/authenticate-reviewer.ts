import type { RegistryContext } from '../context.js';
import { withDbErrors } from '../db/map-db-error.js';
import type { AuthenticatedReviewer } from './review.types.js';
import { hashReviewerToken, isReviewerToken } from './reviewer-token.js';

/**
 * The reviewer a token belongs to, or `null` when it is malformed, unknown or revoked (the caller
 * cannot tell which). Looked up by its sha256 only.
 */
export async function authenticateReviewer(
  ctx: RegistryContext,
  token: string,
): Promise<AuthenticatedReviewer | null> {
  if (typeof token !== 'string' || !isReviewerToken(token)) return null;
  return withDbErrors(async () => {
    const rows = await ctx.db.$queryRawUnsafe<AuthenticatedReviewer[]>(
      `SELECT r.id::text AS id, r.project_id::text AS "projectId", p.name AS "projectName", r.model_id::text AS "modelId",
              m.name AS "modelName", r.name
         FROM reviewers r JOIN registered_models m ON m.id = r.model_id
         JOIN projects p ON p.id = r.project_id
        WHERE r.token_hash = $1 AND r.revoked_at IS NULL`,
      hashReviewerToken(token),
    );
    return rows[0] ?? null;
  });
}
