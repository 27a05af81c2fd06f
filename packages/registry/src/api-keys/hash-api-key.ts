import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'assay_';
/** Characters of the key kept in clear (`assay_` + 6) to tell keys apart. */
export const API_KEY_DISPLAY_LENGTH = API_KEY_PREFIX.length + 6;
/** Generated keys (43 characters after the prefix) and caller-supplied ones (32–200). */
const API_KEY_PATTERN = /^assay_[A-Za-z0-9_-]{32,200}$/;

/** A new key: `assay_` + 32 random bytes in base64url (43 characters). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a string has the shape of a key this registry issues. */
export function isWellFormedApiKey(plaintext: string): boolean {
  return API_KEY_PATTERN.test(plaintext);
}

/** Hex sha256 of the whole key: the only form in which a key is stored. */
export function hashApiKey(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}
