import assert from 'node:assert/strict';
import { test } from 'node:test';
import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import { nullableAsTypes } from '../src/platform/http.ts';

const snapshot = z.object({ name: z.string(), city: z.string().nullable() });
const answer = z.object({ customer: snapshot.nullable(), tags: z.array(z.string()).nullable(), either: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]) });
const jsonSchema = () => z.toJSONSchema(answer, { target: 'draft-7', io: 'output', unrepresentable: 'any' });

test('a nullable object or array is written as a type list, so the response writer needs no run-time validator', () => {
  const schema = nullableAsTypes(jsonSchema()) as { properties: Record<string, { type?: unknown; anyOf?: unknown }> };
  assert.deepEqual(schema.properties.customer?.type, ['object', 'null']);
  assert.deepEqual(schema.properties.tags?.type, ['array', 'null']);
  assert.equal(schema.properties.customer?.anyOf, undefined);
  assert.ok(Array.isArray(schema.properties.either?.anyOf), 'a union of two non-null types stays an anyOf');
});

test('the writer sends null, leaves out undeclared fields of a nullable object instead of failing, and keeps every declared one', () => {
  const before = fastJson(jsonSchema() as Parameters<typeof fastJson>[0]);
  const after = fastJson(nullableAsTypes(jsonSchema()) as Parameters<typeof fastJson>[0]);
  const withExtra = { customer: { name: 'Acme', city: null, secret: 'x' }, tags: ['a'], either: { b: 1 } };
  assert.throws(() => before(withExtra), /does not match schema/, 'the anyOf form refuses the value outright');
  assert.deepEqual(JSON.parse(after(withExtra)), { customer: { name: 'Acme', city: null }, tags: ['a'], either: { b: 1 } });
  assert.deepEqual(JSON.parse(after({ customer: null, tags: null, either: { a: 'x' } })), { customer: null, tags: null, either: { a: 'x' } });
});
