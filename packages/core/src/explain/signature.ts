/** Which Assay and which reference behaviour explanation signatures stand for. */
export const EXPLAIN_SIGNATURE_VERSION = 'assay-core.0.1.0';

/** `key:value|key:value|…|version:…`, the metrics' signature style (sacrebleu's). */
export function makeSignature(parts: Record<string, string | number | boolean>): string {
  const body = Object.entries(parts).map(([k, v]) => `${k}:${String(v)}`);
  return [...body, `version:${EXPLAIN_SIGNATURE_VERSION}`].join('|');
}
