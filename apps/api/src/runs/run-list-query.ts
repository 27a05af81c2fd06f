import { type TRunListOptions, ZPageRequestSchema, ZRunStatusSchema } from '@assay/registry';
import { z } from 'zod';

/** `k=v` pairs separated by commas (keys and values without commas). */
const PAIRS = /^[^=,]+=[^,]*(,[^=,]+=[^,]*)*$/;

/**
 * The runs list's query: a page, and the registry's sort and filters in query-string form
 * (`sort=-params.lr&status=finished&params=depth=3,optimizer=adam&tags=team=ml`).
 */
export const ZRunListQuerySchema = ZPageRequestSchema.extend({
  sort: z
    .string()
    .max(260)
    .regex(
      /^-?(startedAt|name|status|params\..+)$/,
      'sort by startedAt, name, status or params.<key>, with a leading - for descending',
    )
    .optional()
    .describe('startedAt, name, status or params.<key>; a leading - sorts descending'),
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
}).strict();

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
  };
}
