import { DATASET_FORMATS, MODEL_ARTIFACT_FORMATS } from '@assay/core';
import { z } from 'zod';

// What every entity folder shares: the enumerations, ids and names, pagination, JSON values and
// the helpers of the compile-time shape checks. Everything else about an entity (its input
// schemas, domain types, response schema, mappers and functions) lives in `src/<entity>/`.

// ---- Enumerations -------------------------------------------------------------------------------
// Every enumeration of the registry, once, as a const tuple: the entities' zod enums and domain
// types and the API's contracts derive from these. The Prisma schema's enums must hold the same
// values (a test compares them).

/** Roles of an API key, weakest first. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
/** Formats of a model version's artifact: the core's list (it loads them). */
export const ARTIFACT_FORMATS = MODEL_ARTIFACT_FORMATS;
/** Formats of a stored dataset: the core's list (it parses them). */
export { DATASET_FORMATS };
export const FEATURE_TYPES = ['numeric', 'categorical', 'boolean', 'string', 'datetime'] as const;
export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed'] as const;
export const EVALUATION_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export const JOB_KINDS = [
  'evaluation',
  'explanation',
  'comparison',
  'gate',
  'evaluation-shard',
  'automl',
  'automl-trial',
  'text-evaluation',
] as const;
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const SHADOW_TEST_STATUSES = ['running', 'completed', 'stopped'] as const;
/** Who answered a logged prediction: the alias's holder, or a shadow candidate. */
export const PREDICTION_ROLES = ['served', 'shadow'] as const;
export const PREDICTION_OUTCOMES = ['ok', 'error', 'timeout'] as const;
/** An A/B test's life: `draft` (no traffic), `running` (assigning), `stopped` (serves its decision). */
export const AB_TEST_STATUSES = ['draft', 'running', 'stopped'] as const;
/** An AutoML run's life: its job's statuses (the run mirrors its job). */
export const AUTOML_RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;

// ---- Ids, names and common fields (one zod schema per input: STYLE.md, example 2) --------------

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE =
  'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"';

/** Names of projects and models: 1–128 characters of `[A-Za-z0-9._-]`, starting alphanumeric. */
export const ZNameSchema = z
  .string()
  .min(1, 'name must not be empty')
  .max(128, 'name must be at most 128 characters')
  .regex(NAME_PATTERN, `name ${NAME_RULE}`);

export const ZIdSchema = z.uuid({ message: 'id must be a UUID' });

export const ZSha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hexadecimal characters');

export const ZDescriptionSchema = z
  .string()
  .max(10_000, 'description must be at most 10000 characters');

/** Free-form labels: at most 64 entries, keys 1–128 printable characters, values up to 1024. */
export const ZTagsSchema = z
  .record(
    z
      .string()
      .min(1, 'tag keys must not be empty')
      .max(128, 'tag keys must be at most 128 characters')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'tag keys must not contain control characters'),
    z.string().max(1024, 'tag values must be at most 1024 characters'),
  )
  .refine((tags) => Object.keys(tags).length <= 64, 'at most 64 tags');

/** Who did something: a user name, an API key id, or `system`. */
export const ZActorSchema = z.string().min(1).max(256);

/** An instant: ISO-8601 string (with offset) or Date. */
export const ZInstantSchema = z.union([
  z.date(),
  z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time with offset' }),
]);

/**
 * A client-chosen key that makes a call safe to retry (metric logging, job creation): the same key
 * returns the first call's result and stores nothing again. 1–200 printable ASCII characters
 * (a UUID is a good choice).
 */
export const ZIdempotencyKeySchema = z
  .string()
  .min(1, 'idempotency key must not be empty')
  .max(200, 'idempotency key must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'idempotency key must be printable ASCII without spaces');

/** A JSON object (an evaluation's signatures and summaries, a job's input and result). */
export const ZJsonObjectSchema = z.record(z.string(), z.json());

/** Free-form labels. */
export type Tags = Record<string, string>;

/** JSON values, as stored in an evaluation's signatures and summaries. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

// ---- Pagination ---------------------------------------------------------------------------------

const DECIMAL_INTEGER = /^(?:0|[1-9][0-9]{0,15})$/;

/**
 * An integer parameter of a query string or a path segment, where every value is text: a plain
 * decimal literal (`2`, `10`) is read as the number `inner` then checks; anything else (`0x1`,
 * ` 1 `, `+1`, `01`, `1e0`, `1.0`, `true`, an empty value) is refused, not coerced. Numbers pass
 * to `inner` as they are, so the same schema also checks values given in code.
 */
export const integerParam = <S extends z.ZodType<number>>(inner: S) =>
  z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (DECIMAL_INTEGER.test(value)) return Number(value);
    ctx.addIssue({
      code: 'custom',
      message: `expected a decimal integer (digits only: no sign, spaces, leading zeros, exponent or fraction), got ${JSON.stringify(value.slice(0, 40))}`,
    });
    return z.NEVER;
  }, inner);

export const ZPageRequestSchema = z.object({
  cursor: z.string().min(1).max(1024).optional(),
  limit: integerParam(
    z
      .number()
      .int('limit must be an integer')
      .min(1, 'limit must be at least 1')
      .max(500, 'limit must be at most 500'),
  ).optional(),
});

export type TPageRequestSchema = z.infer<typeof ZPageRequestSchema>;

export interface PageRequest {
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  /** Page size. @default 50 (at most 500) */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page, or `null` on the last page. */
  nextCursor: string | null;
}

// ---- Response shapes ----------------------------------------------------------------------------
// Each entity's response shape is a zod schema beside its domain type (`<entity>.types.ts`): the
// API documents its responses with them, and a compile-time check there fails while the two
// differ. The `.meta({ id })` names are the OpenAPI document's component names.

/** A page of a list: `items` and the cursor of the next page (`null` on the last). */
export const ZPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Tags as returned. */
export const ZTagsOutSchema = z.record(z.string(), z.string());

/** A JSON value as stored (documented as any JSON). */
export const ZJsonValueSchema = z.custom<JsonValue>(() => true);

/** `true` when `A` and `B` are the same type (each assignable to the other). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile unless `T` is `true`. */
export type Check<T extends true> = T;
