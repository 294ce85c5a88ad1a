import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryName, endpointProblem, isCountryCode, isIcdCode, isValidBic, isValidGln, isValidIban, partyIdentifierProblems } from './party-ids.ts';

test('country codes: ISO 3166-1 alpha-2 in upper case, printed by name', () => {
  for (const code of ['NL', 'GR', 'DE', 'XI']) assert.ok(isCountryCode(code), code);
  for (const code of ['nl', 'EL', 'UK', 'Netherlands', '', null]) assert.ok(!isCountryCode(code), String(code));
  assert.equal(countryName('NL'), 'Netherlands');
  assert.equal(countryName('Holland'), 'Holland');
});

test('IBAN mod 97, BIC form, GLN check digit, ISO 6523 codes', () => {
  assert.ok(isValidIban('NL91ABNA0417164300'));
  assert.ok(isValidIban('nl91 abna 0417 1643 00'));
  assert.ok(isValidIban('DE89370400440532013000'));
  assert.ok(!isValidIban('NL91ABNA0417164301'), 'one digit off');
  assert.ok(!isValidIban('NL91'), 'too short');
  assert.ok(isValidBic('ABNANL2A') && isValidBic('DEUTDEFF500'));
  assert.ok(!isValidBic('ABNA') && !isValidBic('ABNAXX2A'));
  assert.ok(isValidGln('8012345000012') && !isValidGln('8012345000013'));
  assert.ok(isIcdCode('0106') && isIcdCode('0002') && !isIcdCode('0092') && !isIcdCode('9930') && !isIcdCode('106'));
});

test('endpoints: an EAS scheme, and the check Peppol makes for it', () => {
  assert.equal(endpointProblem('0106', '34123456'), null);
  assert.equal(endpointProblem('0208', '0403019261'), null);
  assert.equal(endpointProblem('0184', 'DK31245678'), null);
  assert.match(endpointProblem('1234', 'x') ?? '', /EAS/);
  assert.match(endpointProblem('0088', '8012345000013') ?? '', /R040/);
  assert.match(endpointProblem('0208', '0403019262') ?? '', /R043/);
});

test('identifiers after a change: pairs go together, a patch is merged over the record', () => {
  assert.deepEqual(partyIdentifierProblems({}), []);
  assert.deepEqual(partyIdentifierProblems({ peppolEndpointId: '1', peppolEndpointScheme: '0106' }, { peppolEndpointId: undefined }), []);
  assert.deepEqual(partyIdentifierProblems({ peppolEndpointId: '1', peppolEndpointScheme: '0106' }, { peppolEndpointScheme: null }).map((p) => p.path), ['peppolEndpointScheme']);
  assert.deepEqual(partyIdentifierProblems({}, { registrationScheme: '0106' }).map((p) => p.path), ['registrationId']);
  assert.deepEqual(partyIdentifierProblems({}, { bic: 'ABNANL2A' }).map((p) => p.path), ['iban']);
});
