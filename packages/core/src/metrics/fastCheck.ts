import type { z } from 'zod';

/** True when a value is valid for the schema the check was compiled from. */
export type FastCheck = (value: unknown) => boolean;

/** The parts of zod 4's schema definitions (`schema._zod.def`) that the compiler reads. */
interface Def {
  type: string;
  coerce?: boolean;
  checks?: { _zod: { def: { check: string; value?: unknown; inclusive?: boolean } } }[];
  element?: Schema;
  innerType?: Schema;
  options?: Schema[];
  shape?: Record<string, Schema>;
}
interface Schema {
  _zod: { def: Def };
}

const defOf = (schema: unknown): Def => (schema as Schema)._zod.def;

/** `x ≥ 0` is the only check a number may carry (sample weights); anything else is not compiled. */
function numberKind(def: Def): 'number' | 'nonnegative' | undefined {
  if (def.type !== 'number' || def.coerce) return undefined;
  const checks = def.checks ?? [];
  if (checks.length === 0) return 'number';
  const [check] = checks;
  const c = check?._zod.def;
  return checks.length === 1 && c?.check === 'greater_than' && c.value === 0 && c.inclusive
    ? 'nonnegative'
    : undefined;
}

function compile(schema: Schema): FastCheck | undefined {
  const def = schema._zod.def;
  switch (def.type) {
    case 'number': {
      const kind = numberKind(def);
      if (kind === undefined) return undefined;
      return kind === 'number'
        ? (v) => typeof v === 'number' && Number.isFinite(v)
        : (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    }
    case 'string':
      return def.coerce || def.checks?.length ? undefined : (v) => typeof v === 'string';
    case 'boolean':
      return def.coerce ? undefined : (v) => typeof v === 'boolean';
    case 'optional': {
      const inner = def.innerType && compile(def.innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
      const checks = options as FastCheck[];
      return (v) => checks.some((check) => check(v));
    }
    case 'array':
      return def.checks?.length || def.element === undefined ? undefined : arrayCheck(def.element);
    default:
      return undefined;
  }
}

/** Arrays of numbers and strings get a tight loop (these are the million-element inputs). */
function arrayCheck(element: Schema): FastCheck | undefined {
  const def = element._zod.def;
  const kind = numberKind(def);
  if (kind === 'number') {
    return (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x !== 'number' || !Number.isFinite(x)) return false;
      }
      return true;
    };
  }
  if (kind === 'nonnegative') {
    return (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) return false;
      }
      return true;
    };
  }
  const check = compile(element);
  if (check === undefined) return undefined;
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
    return true;
  };
}

/**
 * Compiles a metric's input schema into a plain-loop validity check, or returns `undefined` when
 * the schema uses anything the compiler does not know (then zod alone validates). It covers
 * objects whose fields are numbers, strings, booleans and (nested, optional) arrays and unions of
 * them — the schemas of the large inputs (labels, scores, weights, texts).
 *
 * The check only answers "valid or not", exactly as zod would for these schemas: a `true` lets
 * `computeMetric` hand the caller's object to the metric as is (no copy, no per-element zod work:
 * on 10M rows zod takes longer than the metric and doubles the memory); a `false` sends the input
 * through zod, which produces the usual issues and messages. An accepted object has only known
 * keys (so zod's strict and strip modes would both return an equal object) and a plain prototype.
 */
export function compileInputCheck(schema: z.ZodType): FastCheck | undefined {
  const def = defOf(schema);
  if (def.type !== 'object' || def.shape === undefined) return undefined;
  const fields = Object.entries(def.shape).map(([key, field]) => [key, compile(field)] as const);
  if (fields.some(([, check]) => check === undefined)) return undefined;
  const known = new Set(fields.map(([key]) => key));
  return (input) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
    if (Object.getPrototypeOf(input) !== Object.prototype) return false;
    const record = input as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!known.has(key)) return false;
    for (const [key, check] of fields) if (!(check as FastCheck)(record[key])) return false;
    return true;
  };
}
