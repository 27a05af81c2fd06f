/** What went wrong, in terms a caller can act on (the API maps each code to an HTTP status). */
export type RegistryErrorCode = 'not_found' | 'conflict' | 'invalid' | 'integrity' | 'unavailable';

/** The one error type the registry throws on purpose. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code: RegistryErrorCode;
  /** Machine-readable extra information (e.g. validation issues); never secrets. */
  readonly details: unknown;

  constructor(
    code: RegistryErrorCode,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
