import { createHash, randomBytes } from 'node:crypto';

/** Reviewer tokens start with this, so they are never mistaken for API keys (`assay_`). */
export const REVIEWER_TOKEN_PREFIX = 'asrev_';
const DISPLAY_LENGTH = REVIEWER_TOKEN_PREFIX.length + 6;
const PATTERN = /^asrev_[A-Za-z0-9_-]{43}$/;

/** A new token: the prefix and 32 random bytes in base64url. */
export function generateReviewerToken(): { token: string; prefix: string; hash: string } {
  const token = `${REVIEWER_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, prefix: token.slice(0, DISPLAY_LENGTH), hash: hashReviewerToken(token) };
}

/** Whether a string has the shape of a reviewer token. */
export function isReviewerToken(value: string): boolean {
  return PATTERN.test(value);
}

/** Hex sha256 of the whole token: the only form in which it is stored. */
export function hashReviewerToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
