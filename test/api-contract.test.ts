import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { expectedApiTypes, firstDifference, GENERATED_FILE } from '../web/api-types.ts';

test("the web app's API types (web/generated/api.gen.ts) are the server's OpenAPI document as it is now", async () => {
  const difference = firstDifference(readFileSync(GENERATED_FILE, 'utf8'), await expectedApiTypes());
  assert.equal(difference, null, `web/generated/api.gen.ts is out of date at ${difference}: run \`npm run api:types\` and commit it`);
});
