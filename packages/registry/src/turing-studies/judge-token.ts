import { createHash, randomBytes } from 'node:crypto';

export const JUDGE_TOKEN_PREFIX = 'assay_judge_';
/** Characters kept in clear (`assay_judge_` + 6) to tell invitations apart. */
export const JUDGE_TOKEN_DISPLAY_LENGTH = JUDGE_TOKEN_PREFIX.length + 6;

/** A new invitation token: the prefix + 32 random bytes in base64url (43 characters). */
export function generateJudgeToken(): string {
  return `${JUDGE_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Hex sha256 of the whole token: the only form in which it is stored (as API keys are). */
export function hashJudgeToken(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}
