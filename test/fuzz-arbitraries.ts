import fc from 'fast-check';

// The generators of the contract fuzz (test/fuzz.test.ts): values built from the JSON Schemas of
// the server's OpenAPI document (valid ones, so that requests reach the rules), the invalid
// variants sent beside them, and `conforms`, which says whether a value is one the contract
// accepts, so that the fuzz knows which requests must be refused.

/** The part of JSON Schema that zod 4 writes into the OpenAPI document. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  default?: unknown;
}

/** A JSON text written as is into a body (`-0`, `1e309`, `NaN`, deep nesting): `value` is what JSON.parse gives, if anything. */
export class Raw {
  constructor(readonly text: string, readonly value: unknown = undefined, readonly malformed = false) {}
}

/** JSON text of a value that may hold Raw pieces. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether any Raw piece of the value is not JSON (the whole body is then malformed). */
export function isMalformed(value: unknown): boolean {
  if (value instanceof Raw) return value.malformed;
  if (Array.isArray(value)) return value.some(isMalformed);
  if (value !== null && typeof value === 'object') return Object.values(value).some(isMalformed);
  return false;
}

const types = (schema: JsonSchema): string[] => (schema.type === undefined ? [] : [schema.type].flat());
const codePoints = (s: string) => [...s].length;

/**
 * Whether `value` satisfies `schema` as the OpenAPI document states it. Lengths: a string longer
 * than maxLength in code points is too long for zod too (it counts UTF-16 units, never fewer); a
 * minLength is checked in UTF-16 units, as zod does, so a value called invalid here is refused.
 */
export function conforms(schema: JsonSchema, value: unknown): boolean {
  if (value instanceof Raw) return !value.malformed && conforms(schema, value.value);
  if (schema.anyOf) return schema.anyOf.some((branch) => conforms(branch, value));
  if (schema.enum && !schema.enum.some((e) => e === value)) return false;
  if ('const' in schema && schema.const !== value) return false;
  const allowed = types(schema);
  if (allowed.length === 0) return true;
  return allowed.some((type) => conformsTo(type, schema, value));
}

function conformsTo(type: string, schema: JsonSchema, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && (type === 'number' || Number.isInteger(value))
        && (schema.minimum === undefined || value >= schema.minimum) && (schema.maximum === undefined || value <= schema.maximum);
    case 'string':
      return typeof value === 'string'
        && (schema.maxLength === undefined || codePoints(value) <= schema.maxLength)
        && (schema.minLength === undefined || value.length >= schema.minLength)
        && (schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(value));
    case 'array':
      return Array.isArray(value)
        && (schema.minItems === undefined || value.length >= schema.minItems) && (schema.maxItems === undefined || value.length <= schema.maxItems)
        && (schema.items === undefined || value.every((item) => conforms(schema.items!, item)));
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      if ((schema.required ?? []).some((key) => !(key in record) || record[key] === undefined)) return false;
      return Object.entries(record).every(([key, v]) => {
        const property = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
        if (property) return conforms(property, v);
        return schema.additionalProperties !== false && (typeof schema.additionalProperties !== 'object' || conforms(schema.additionalProperties, v));
      });
    }
    default:
      return true;
  }
}

/** Whether a query value (a string) satisfies its parameter's schema; integers are read as zod's `coerce` reads them. */
export function conformsQuery(schema: JsonSchema, value: string): boolean {
  if (types(schema).includes('integer') || types(schema).includes('number')) return conforms(schema, Number(value));
  return conforms(schema, value);
}

export const ID_PATTERN = '^[1-9]\\d{0,14}$';
export const DATE_PATTERN = '^(19|2\\d)\\d\\d-\\d\\d-\\d\\d$';

/** Fields the document shows as plain strings that the server reads as decimals, with their decimals. */
const DECIMAL_FIELDS: Record<string, { decimals: number; max: number }> = {
  quantity: { decimals: 2, max: 10_000 },
  qtyDelivered: { decimals: 2, max: 10_000 },
  unitPrice: { decimals: 4, max: 100_000 },
  hourlyCost: { decimals: 4, max: 1_000 },
  taxRate: { decimals: 4, max: 100 },
  defaultTaxRate: { decimals: 4, max: 100 },
};

/** Where the fuzz takes ids from: ids of the seeded world of the right kind for a field, read when a request is generated. */
export type IdSource = (field: string) => fc.Arbitrary<string>;

const decimalArb = (field: string): fc.Arbitrary<string> => {
  const { decimals, max } = DECIMAL_FIELDS[field]!;
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max }).map(String) },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.integer({ min: 0, max: max - 1 }), fc.integer({ min: 0, max: 10 ** decimals - 1 }), fc.integer({ min: 1, max: decimals }))
        .map(([whole, fraction, places]) => `${whole}.${String(fraction).padStart(decimals, '0').slice(0, places)}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('0', '0.00', '1', '100', '99.9999', '0.0001', '007', '1.005', '12.345') },
    // The largest values the schemas allow: the products of quantities and prices must not overflow a column.
    { weight: 1, arbitrary: fc.constantFrom('999999999999', '999999999999.99', '99999999.9999', '9999999999.99').map((v) => (field.includes('axRate') ? '100' : v)) },
  );
};

/** A `YYYY-MM-DD` that is a day of the calendar: isRealDate('2028-02-29') === true, ('2026-02-29') → false. */
export function isRealDate(value: string): boolean {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

const dateArb = fc.oneof(
  { weight: 8, arbitrary: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('1900-01-01', '2999-12-31', '2026-02-29', '2028-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-11-31') },
);

const textArb = (max: number): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Z][a-z]{2,12}( [a-z]{2,10}){0,4}$/).map((s) => s.slice(0, max)) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: Math.min(max, 40) }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 20) }) },
  // Text a name may hold that fonts, PDFs, sorting and lower() must survive: emoji, right-to-left, lone surrogates.
  { weight: 1, arbitrary: fc.constantFrom('😀 Émoji', 'مرحبا', '\u202eRTL', 'lone \ud800', 'e\u0301', 'İstanbul', 'ﬃ', '𝕏 中文', 'a\u2028b').map((s) => s.slice(0, max)) },
);

let emails = 0;

/** A value the schema accepts, and most often one the server's rules accept too. */
export function valueArb(schema: JsonSchema, field: string, ids: IdSource): fc.Arbitrary<unknown> {
  if (schema.anyOf) {
    return fc.oneof(...schema.anyOf.map((branch) => ({ weight: types(branch).includes('null') ? 1 : 4, arbitrary: valueArb(branch, field, ids) })));
  }
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const type = types(schema).find((t) => t !== 'null') ?? types(schema)[0];
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100_000, (schema.minimum ?? 0) + 600) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'array': {
      const min = schema.minItems ?? 0;
      return fc.array(valueArb(schema.items ?? {}, field, ids), { minLength: min, maxLength: Math.max(min, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object':
      return objectArb(schema, ids);
    case 'string':
      return stringArb(schema, field, ids);
    default:
      return fc.constant('x');
  }
}

function stringArb(schema: JsonSchema, field: string, ids: IdSource): fc.Arbitrary<string> {
  if (schema.pattern === ID_PATTERN) return ids(field);
  if (schema.pattern === DATE_PATTERN) return dateArb;
  if (schema.pattern === '^[A-Z]{3}$') return fc.constantFrom('EUR', 'EUR', 'EUR', 'USD', 'CHF', 'JPY');
  if (schema.format === 'email') return fc.constantFrom('fuzz', 'Fuzz.Case', "o'brien", 'a+b').map((local) => `${local}-${process.pid}-${++emails}@example.test`);
  if (field in DECIMAL_FIELDS) return decimalArb(field);
  if (field === 'cursor') return fc.constant('');
  const max = schema.maxLength ?? 200;
  if (schema.minLength !== undefined) return fc.string({ minLength: schema.minLength, maxLength: Math.min(max, schema.minLength + 30) });
  return textArb(max);
}

/** An object with its required properties and some of the others. */
export function objectArb(schema: JsonSchema, ids: IdSource): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const arbitraries = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, valueArb(property, key, ids)]));
  return fc.record(arbitraries, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** Values that are of the wrong type somewhere, or odd numbers the JSON parser reads in its own way. */
export const ODD_VALUES: unknown[] = [
  new Raw('1e3', 1000), new Raw('-0', -0), new Raw('1e309', Infinity), new Raw('-1e309', -Infinity), new Raw('12345678901234567890', Number('12345678901234567890')),
  new Raw('0.1e-400', 0), new Raw('1.0', 1), new Raw('NaN', undefined, true), new Raw('Infinity', undefined, true), new Raw('0x10', undefined, true),
  new Raw('01', undefined, true), new Raw('+1', undefined, true), new Raw('.5', undefined, true),
  true, false, null, 0, -1, 1.5, 2 ** 53 + 1, 4_294_967_296, [], {}, [1, 2], { a: 1 }, ['1'], [[]],
  '', ' ', 'NaN', '-0', '1e3', 'Infinity', 'null', 'true', '0', '-1', '1.5', '12345678901234567890', '999999999999999', '0x10', '1_000', '١٢٣',
  '2026-02-30', '2026-11-02T00:00:00Z', '99999-01-01', 'EUR ', 'eur',
];

/** Strings with what a text field must survive: control characters, NUL, odd Unicode, quotes. */
export const ODD_STRINGS: string[] = [
  'a\u0000b', '\u0000', 'line\nbreak', 'tab\there', '\u0007bell', '\u001b[31mred', '\u007f', 'lone \ud800 surrogate', '\udfff',
  '\u202eright-to-left', 'zero\u200bwidth', '\ufeffbom', 'İstanbul', 'ǅ', 'ß', 'ﬃ', '😀'.repeat(50), 'e\u0301', '\u00a0nbsp\u00a0',
  "'; DROP TABLE tickets; --", '%s%n%x', '${7*7}', '<script>alert(1)</script>', '../../etc/passwd', '\\', '"', '\u2028\u2029',
];

/** Ids that are not ids: what the path and the id fields must refuse, beside a few real-looking ones that exist nowhere. */
export const ODD_IDS: string[] = [
  '0', '-1', '-0', '1e3', 'NaN', 'Infinity', '12345678901234567890', '9223372036854775808', '9999999999999999', '1.5', '1.0', ' 1', '1 ', '+1',
  '0x1F', '01', '١', '１', 'null', 'undefined', 'true', '[]', '{}', 'a', '1\u0000', '\u0000', "1'--", '1;', '1,2', '😀', 'x'.repeat(300),
];

/** Ids of the right form that no row has. */
export const ABSENT_IDS = ['999999999999999', '123456789012345', '9000000', '100000'];

/** A deep array or object as JSON text (a parser that recurses would overflow on it). */
export function deep(depth: number, kind: 'array' | 'object'): Raw {
  return kind === 'array' ? new Raw('['.repeat(depth) + ']'.repeat(depth), undefined) : new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth), undefined);
}
