import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryName, endpointProblem, ibanProblem, isCountryCode, isIcdCode, isValidBic, isValidGln, isValidIban, partyIdentifierProblems } from './party-ids.ts';

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

test('R72: an IBAN passes ISO 13616: a registry country, its length, the mod-97 check', () => {
  const table: Array<[iban: string, refusal: RegExp | null]> = [
    ['GB29NWBK60161331926819', null],
    ['FR14 2004 1010 0505 0001 3M02 606', null],
    ['BE68539007547034', null],
    ['NO9386011117947', null], // the shortest: 15
    ['CH9300762011623852957', null],
    ['MT84MALT011000012345MTLCAST001S', null],
    ['RU0204452560040702810412345678901', null], // the longest: 33
    ['XK051212012345678906', null], // Kosovo: in the registry though not in ISO 3166-1
    ['NL06ABNA04171643001', /has 18 characters, not 19/], // mod 97 passes, one character too many for NL
    ['DE863704004405320130', /has 22 characters, not 20/], // mod 97 passes, two short for DE
    ['US64SVBKUS6S3300958879', /US is not a country that issues IBANs/], // mod 97 passes, no IBANs in the US
    ['NL91ABNA0417164301', /mod-97/],
    ['NL91ABNA04171643O0', /mod-97/], // the letter O for a zero
    ['NL9XABNA0417164300', /letters and digits/],
    ['NL91ABNA-417164300', /letters and digits/],
    ['', /not a country/],
  ];
  for (const [iban, refusal] of table) {
    const problem = ibanProblem(iban);
    if (refusal === null) assert.equal(problem, null, iban);
    else assert.match(problem ?? 'accepted', refusal, iban);
  }
});

test('R72: a BIC is 8 or 11 characters: bank, country, place, optional branch', () => {
  const table: Array<[bic: string, valid: boolean]> = [
    ['ABNANL2A', true], ['DEUTDEFF500', true], ['NWBKGB2L', true], ['BNPAFRPPXXX', true],
    ['ABNANL2', false], ['ABNANL2AX', false], ['ABNANL2AXX', false], ['ABNANL2AXXXX', false],
    ['ABNAXX2A', false], ['1BNANL2A', false], ['abnanl2a', false], ['ABNANL2_', false],
  ];
  for (const [bic, valid] of table) assert.equal(isValidBic(bic), valid, bic);
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
