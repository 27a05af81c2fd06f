import { z } from 'zod';

type Json = Record<string, unknown>;

/**
 * Converts a zod schema to an OpenAPI 3.1 schema object (JSON Schema 2020-12). Schemas named
 * with `.meta({ id })` are hoisted into `components.schemas` and referenced, once each.
 */
export function toOpenApiSchema(
  schema: z.ZodType,
  components: Record<string, Json>,
  io: 'input' | 'output',
): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  delete json.$defs;
  delete json.$schema;
  for (const [id, def] of Object.entries(defs)) components[id] ??= rewriteRefs(def) as Json;
  return rewriteRefs(json) as Json;
}

/** Plain JSON Schema (for `listMetrics()` results converted elsewhere): refs into components. */
export function hoistJsonSchema(json: Json, components: Record<string, Json>): Json {
  const copy = structuredClone(json);
  const defs = (copy.$defs ?? {}) as Record<string, Json>;
  delete copy.$defs;
  delete copy.$schema;
  for (const [id, def] of Object.entries(defs)) components[id] ??= rewriteRefs(def) as Json;
  return rewriteRefs(copy) as Json;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === '$ref' && typeof v === 'string'
          ? v.replace(/^#\/\$defs\//, '#/components/schemas/')
          : rewriteRefs(v);
    }
    return out;
  }
  return node;
}
