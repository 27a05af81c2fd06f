import {
  METRIC_COMPARISONS,
  type TMetricFilter,
  type TRunListOptions,
  ZPageRequestSchema,
  ZRunStatusSchema,
} from '@assay/registry';
import { z } from 'zod';

/** `k=v` pairs separated by commas (keys and values without commas). */
const PAIRS = /^[^=,]+=[^,]*(,[^=,]+=[^,]*)*$/;

/** `key<op>number` comparisons separated by commas, the longer operators first. */
const COMPARISON = /^([^<>=!,]+?)\s*(<=|>=|!=|<|>|=)\s*([^,<>=!]+)$/;

/**
 * The runs list's query: a page, and the registry's sort and filters in query-string form
 * (`sort=-metrics.acc&status=finished&params=depth=3,optimizer=adam&tags=team=ml&metrics=acc>=0.9`).
 */
export const ZRunListQuerySchema = ZPageRequestSchema.extend({
  sort: z
    .string()
    .max(260)
    .regex(
      /^-?(startedAt|name|status|params\..+|metrics\..+)$/,
      'sort by startedAt, name, status, params.<key> or metrics.<key>, with a leading - for descending',
    )
    .optional()
    .describe(
      "startedAt, name, status, params.<key> or metrics.<key> (the metric's latest value); a leading - sorts descending",
    ),
  status: ZRunStatusSchema.optional().describe('Only runs in this status'),
  params: z
    .string()
    .max(4000)
    .regex(PAIRS, 'params is key=value pairs separated by commas, e.g. depth=3,optimizer=adam')
    .optional()
    .describe(
      'Only runs with these parameter values: key=value,… (numbers, true, false and null as such)',
    ),
  tags: z
    .string()
    .max(4000)
    .regex(PAIRS, 'tags is key=value pairs separated by commas, e.g. team=ml')
    .optional()
    .describe('Only runs with these tags: key=value,…'),
  metrics: z
    .string()
    .max(4000)
    .refine(
      (text) => text.split(',').every((part) => metricFilter(part) !== null),
      `metrics is comparisons of a metric's latest value with a number separated by commas, each key followed by one of ${METRIC_COMPARISONS.join(' ')}, e.g. acc>=0.9,loss<0.3`,
    )
    .optional()
    .describe(
      "Only runs whose metrics' latest values compare so: key<op>number,… with op one of < <= > >= = != (a run without the metric is left out)",
    ),
}).strict();

/** One `key<op>number` comparison, or null when the text is not one. */
function metricFilter(text: string): TMetricFilter | null {
  const match = COMPARISON.exec(text.trim());
  if (!match) return null;
  const value = Number(match[3]);
  const key = (match[1] as string).trim();
  if (key === '' || !Number.isFinite(value) || (match[3] as string).trim() === '') return null;
  return { key, op: match[2] as TMetricFilter['op'], value };
}

const pairs = (text: string) =>
  text.split(',').map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()] as const;
  });

/** A parameter value as written in a query: a number, a boolean or null as such, else text. */
function paramValue(text: string): string | number | boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

/** The registry's list options of a parsed query. */
export function runListOptions(query: z.infer<typeof ZRunListQuerySchema>): TRunListOptions {
  return {
    ...(query.sort ? { sort: query.sort } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.params
      ? { params: Object.fromEntries(pairs(query.params).map(([k, v]) => [k, paramValue(v)])) }
      : {}),
    ...(query.tags ? { tags: Object.fromEntries(pairs(query.tags)) } : {}),
    ...(query.metrics
      ? { metrics: query.metrics.split(',').map((part) => metricFilter(part) as TMetricFilter) }
      : {}),
  };
}
