/**
 * A form generated from a JSON Schema (a metric's `input` or `params` in the catalog): one field
 * per top-level property, its control chosen from the property's type, and the typed value read
 * back from what was typed. Pure, so the rules are tested alone.
 */

type Schema = Record<string, unknown>;

export type FieldKind =
  | 'numbers' // a vector of numbers
  | 'labels' // numbers or strings (class labels): numbers when all parse
  | 'strings'
  | 'matrix' // rows of numbers
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'string'
  | 'json'; // anything else, typed as JSON

export interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description: string;
  options?: string[];
  default?: unknown;
}

const rec = (v: unknown): Schema | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Schema) : null;

/** The schema's alternatives (anyOf / oneOf), or the schema itself. */
const variants = (s: Schema): Schema[] => {
  const alts = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  return Array.isArray(alts) ? alts.map(rec).filter((x): x is Schema => x !== null) : [s];
};

const itemType = (s: Schema): string | undefined => rec(s.items)?.type as string | undefined;

/** The field a property's schema calls for. */
export function kindOf(s: Schema): Pick<FormField, 'kind' | 'options'> {
  if (Array.isArray(s.enum)) return { kind: 'enum', options: s.enum.map(String) };
  if (s.const !== undefined) return { kind: 'enum', options: [String(s.const)] };
  const vs = variants(s);
  const arrays = vs.filter((v) => v.type === 'array');
  if (arrays.length > 0 && arrays.length === vs.length) {
    const items = arrays.map(itemType);
    if (items.every((t) => t === 'number' || t === 'integer')) return { kind: 'numbers' };
    if (items.every((t) => t === 'string')) return { kind: 'strings' };
    if (items.every((t) => t === 'number' || t === 'integer' || t === 'string')) {
      return { kind: 'labels' };
    }
    if (arrays.every((a) => rec(a.items)?.type === 'array')) return { kind: 'matrix' };
    return { kind: 'json' };
  }
  if (vs.length === 1) {
    const t = s.type;
    if (t === 'number') return { kind: 'number' };
    if (t === 'integer') return { kind: 'integer' };
    if (t === 'boolean') return { kind: 'boolean' };
    if (t === 'string') return { kind: 'string' };
  }
  const enums = vs.filter((v) => v.const !== undefined);
  if (enums.length === vs.length)
    return { kind: 'enum', options: enums.map((v) => String(v.const)) };
  return { kind: 'json' };
}

/** One field per top-level property of an object schema, required ones first. */
export function fieldsOf(schema: unknown): FormField[] {
  const s = rec(schema);
  const props = rec(s?.properties) ?? {};
  const required = new Set(Array.isArray(s?.required) ? (s.required as string[]) : []);
  return Object.entries(props)
    .map(([name, p]) => {
      const ps = rec(p) ?? {};
      return {
        name,
        ...kindOf(ps),
        required: required.has(name),
        description: typeof ps.description === 'string' ? ps.description : '',
        ...(ps.default !== undefined ? { default: ps.default } : {}),
      };
    })
    .sort((a, b) => Number(b.required) - Number(a.required));
}

/** A field's value from its text (undefined when left empty); throws with what to fix. */
export function parseField(field: FormField, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  const list = () =>
    t.startsWith('[')
      ? (JSON.parse(t) as unknown[])
      : t
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((x) => x.replace(/^["']|["']$/g, ''));
  const num = (x: unknown) => {
    const n = typeof x === 'number' ? x : Number(x);
    if (!Number.isFinite(n)) throw new Error(`${field.name}: '${String(x)}' is not a number`);
    return n;
  };
  switch (field.kind) {
    case 'numbers':
      return list().map(num);
    case 'strings':
      return list().map(String);
    case 'labels': {
      const xs = list();
      return xs.every((x) => typeof x === 'number' || /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(String(x)))
        ? xs.map(num)
        : xs.map(String);
    }
    case 'matrix':
      if (t.startsWith('[')) return JSON.parse(t);
      // One row per line, values separated by commas or spaces (pasted CSV without a header).
      return t.split(/\n+/).map((line) =>
        line
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(num),
      );
    case 'number':
      return num(t);
    case 'integer': {
      const n = num(t);
      if (!Number.isInteger(n)) throw new Error(`${field.name}: ${t} is not a whole number`);
      return n;
    }
    case 'boolean':
      return t === 'true';
    case 'enum': {
      const n = Number(t);
      return /^-?\d+(\.\d+)?$/.test(t) && Number.isFinite(n) ? n : t;
    }
    case 'string':
      return t;
    default:
      try {
        return JSON.parse(t);
      } catch (err) {
        throw new Error(`${field.name}: not JSON (${(err as Error).message})`);
      }
  }
}

/** The object a form's texts stand for (empty fields left out). */
export function objectOf(
  fields: FormField[],
  text: (name: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = parseField(f, text(f.name));
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}
