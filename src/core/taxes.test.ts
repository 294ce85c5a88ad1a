import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryForPosition, defaultFiscalPosition, EN16931_CATEGORY, rateFitsCategory } from './taxes.ts';

test('R66: a customer\'s default fiscal position follows its country and VAT id against the company\'s country', () => {
  const cases: Array<[string | null, string | null, string | null, string]> = [
    ['NL', 'NL', 'NL123456789B01', 'domestic'],
    ['NL', null, null, 'domestic'],
    ['NL', 'BE', 'BE0123456789', 'eu_business'],
    ['NL', 'be', 'BE0123456789', 'eu_business'],
    ['NL', 'BE', null, 'domestic'],
    ['NL', 'BE', '  ', 'domestic'],
    ['NL', 'US', null, 'outside_eu'],
    ['NL', 'CH', 'CHE-123.456.789', 'outside_eu'],
    [null, 'BE', 'BE0123456789', 'domestic'],
  ];
  for (const [company, country, vatId, expected] of cases) {
    assert.equal(defaultFiscalPosition(company, { country, vatId }), expected, `${company} → ${country} ${vatId}`);
  }
});

test('R66: a fiscal position picks the product\'s tax, reverse charge or outside scope', () => {
  assert.equal(categoryForPosition('domestic'), 'product');
  assert.equal(categoryForPosition('eu_business'), 'reverse_charge');
  assert.equal(categoryForPosition('outside_eu'), 'outside_scope');
});

test('R66: only standard taxes have a rate above zero', () => {
  assert.equal(rateFitsCategory('standard', '21.0000'), true);
  assert.equal(rateFitsCategory('standard', '0'), false);
  for (const category of ['zero', 'exempt', 'reverse_charge', 'outside_scope'] as const) {
    assert.equal(rateFitsCategory(category, '0.0000'), true, category);
    assert.equal(rateFitsCategory(category, '21'), false, category);
  }
});

test('R66: tax categories map to EN 16931 codes S, Z, E, AE, O', () => {
  assert.deepEqual(EN16931_CATEGORY, { standard: 'S', zero: 'Z', exempt: 'E', reverse_charge: 'AE', outside_scope: 'O' });
});
