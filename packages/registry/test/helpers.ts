import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { RegistryError } from '../src/index.js';

export const sha256 = (bytes: Uint8Array | string) =>
  createHash('sha256').update(bytes).digest('hex');
export const bytesOf = (text: string) => new TextEncoder().encode(text);

let counter = 0;
/** A name no other test uses (the suite shares one database per backend). */
export const unique = (prefix: string) => {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
};

export async function expectRegistryError(
  promise: Promise<unknown>,
  code: RegistryError['code'],
): Promise<RegistryError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected RegistryError(${code}) but the call succeeded`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RegistryError);
  expect((error as RegistryError).code).toBe(code);
  return error as RegistryError;
}
