// Identifiers on invoice parties (issue 11, decision 0026): ISO 3166-1 alpha-2 country codes, the
// Peppol electronic address schemes (EAS), ISO 6523 registration schemes (ICD), IBAN and BIC.
// Pure checks, no I/O. The code lists are those the EN 16931 validation artefacts 1.3.16 accept
// (BR-CL-14 countries, BR-CL-25 EAS, BR-CL-11 ICD), so what we accept the validators accept.

const list = (codes: string): ReadonlySet<string> => new Set(codes.trim().split(/\s+/));

/** ISO 3166-1 alpha-2 codes (with XI, Northern Ireland, which EN 16931 accepts). */
export const COUNTRY_CODES = list(
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD ' +
  'CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF ' +
  'GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
  'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
  'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
  'VN VU WF WS XI YE YT ZA ZM ZW '
);

/** The electronic address schemes of a Peppol endpoint id (EAS, code list CL008). */
export const EAS_CODES = list(
  '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184 0188 0190 0191 0192 ' +
  '0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 ' +
  '0221 0225 0230 0235 0240 0244 0242 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 ' +
  '9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 ' +
  '9953 9957 9959 AN AQ AS AU EM '
);

/** ISO 6523 ICD codes of a registration id's scheme: 0002 to 0248, except 0092, 0103, 0181 and 0182. */
export function isIcdCode(code: string): boolean {
  if (!/^\d{4}$/.test(code)) return false;
  const n = Number(code);
  return n >= 2 && n <= 248 && ![92, 103, 181, 182].includes(n);
}

/** Whether a string is an ISO 3166-1 alpha-2 code in upper case: isCountryCode('NL') === true, ('nl') → false. */
export function isCountryCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && COUNTRY_CODES.has(code);
}

/** An IBAN without spaces, in upper case: compactIban('nl91 abna 0417 1643 00') === 'NL91ABNA0417164300'. */
export function compactIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/**
 * The length of an IBAN in each country of the SWIFT IBAN registry (ISO 13616), check digits and
 * country included: IBAN_LENGTHS.get('NL') === 18. A country missing here issues no IBAN.
 */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  ('AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 ' +
   'FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 ' +
   'LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 ' +
   'RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30')
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/**
 * Why an IBAN is refused, or null when it passes ISO 13616: a registry country, that country's
 * length, letters and digits only, and the mod-97 remainder is 1. Spaces and case do not matter.
 * ibanProblem('NL91 ABNA 0417 1643 00') === null; ibanProblem('NL91ABNA041716430') names the length.
 */
export function ibanProblem(iban: string): string | null {
  const compact = compactIban(iban);
  const length = IBAN_LENGTHS.get(compact.slice(0, 2));
  if (length === undefined) return `${compact.slice(0, 2) || 'An empty text'} is not a country that issues IBANs`;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return 'An IBAN is a country code, 2 check digits, then letters and digits only';
  if (compact.length !== length) return `An IBAN of ${compact.slice(0, 2)} has ${length} characters, not ${compact.length}`;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1 ? null : 'The check digits do not match (mod-97 check): a character is wrong';
}

/** The ISO 13616 check (see ibanProblem): isValidIban('DE89 3704 0044 0532 0130 00') === true. */
export function isValidIban(iban: string): boolean {
  return ibanProblem(iban) === null;
}

/** ISO 9362 BIC: 4 letters (bank), a country code, 2 letters or digits (place), optionally 3 more (branch). */
export function isValidBic(bic: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic) && isCountryCode(bic.slice(4, 6));
}

/** The GS1 check digit of a GLN (EAS 0088), as PEPPOL-COMMON-R040 checks it. */
export function isValidGln(gln: string): boolean {
  if (!/^\d{13}$/.test(gln)) return false;
  const digits = [...gln].map(Number);
  const sum = digits.slice(0, 12).reduce((total, d, i) => total + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

/** The Belgian enterprise number (EAS 0208), PEPPOL-COMMON-R043: 10 digits, the last two 97 − (first eight mod 97). */
export function isValidBelgianEnterpriseNumber(id: string): boolean {
  return /^\d{10}$/.test(id) && 97 - (Number(id.slice(0, 8)) % 97) === Number(id.slice(8));
}

/**
 * Why a Peppol endpoint id is refused for its scheme, or null when it is fine: the scheme must be
 * an EAS code, and the schemes the Peppol rules check (0088 GLN, 0208 Belgium, 0184 Denmark) must
 * pass their check.
 */
export function endpointProblem(scheme: string, id: string): string | null {
  if (!EAS_CODES.has(scheme)) return `${scheme} is not an electronic address scheme (EAS code list)`;
  if (id.trim() !== id || id === '') return 'The endpoint id must not be empty nor start or end with spaces';
  if (scheme === '0088' && !isValidGln(id)) return 'Not a GLN with a valid check digit (PEPPOL-COMMON-R040)';
  if (scheme === '0208' && !isValidBelgianEnterpriseNumber(id)) return 'Not a Belgian enterprise number with a valid check (PEPPOL-COMMON-R043)';
  if (scheme === '0184' && !/^(?:DK)?\d{8}$/.test(id)) return 'Not a Danish CVR number (PEPPOL-COMMON-R042)';
  return null;
}

/** The identifiers a customer or the company carries for e-invoices; null clears one. */
export interface PartyIdentifiers {
  registrationId?: string | null | undefined;
  registrationScheme?: string | null | undefined;
  peppolEndpointId?: string | null | undefined;
  peppolEndpointScheme?: string | null | undefined;
  iban?: string | null | undefined;
  bic?: string | null | undefined;
}

/**
 * What is wrong with a party's identifiers as they will be once `patch` (undefined: unchanged) is
 * applied to `current`, one problem per field, none when all is well: a registration scheme
 * needs an id and must be an ISO 6523 code; an endpoint needs both its id and an EAS scheme and
 * passes the scheme's check; an IBAN passes mod 97; a BIC has the ISO 9362 form and needs an IBAN.
 */
export function partyIdentifierProblems(current: PartyIdentifiers, patch: PartyIdentifiers = {}): Array<{ path: string; message: string }> {
  const merged: PartyIdentifiers = { ...current };
  for (const [key, value] of Object.entries(patch) as Array<[keyof PartyIdentifiers, string | null | undefined]>) {
    if (value !== undefined) merged[key] = value;
  }
  const problems: Array<{ path: string; message: string }> = [];
  const { registrationId, registrationScheme, peppolEndpointId: endpointId, peppolEndpointScheme: endpointScheme, iban, bic } = merged;
  if (registrationScheme && !registrationId) problems.push({ path: 'registrationId', message: 'A registration scheme needs a registration id' });
  if (registrationScheme && !isIcdCode(registrationScheme)) problems.push({ path: 'registrationScheme', message: `${registrationScheme} is not an ISO 6523 scheme code (4 digits, e.g. 0106)` });
  if (endpointId && !endpointScheme) problems.push({ path: 'peppolEndpointScheme', message: 'A Peppol endpoint id needs its scheme (EAS code, e.g. 0088)' });
  if (endpointScheme && !endpointId) problems.push({ path: 'peppolEndpointId', message: 'A Peppol endpoint scheme needs an endpoint id' });
  if (endpointId && endpointScheme) {
    const problem = endpointProblem(endpointScheme, endpointId);
    if (problem) problems.push({ path: EAS_CODES.has(endpointScheme) ? 'peppolEndpointId' : 'peppolEndpointScheme', message: problem });
  }
  const ibanRefusal = iban ? ibanProblem(iban) : null;
  if (ibanRefusal) problems.push({ path: 'iban', message: `Not a valid IBAN: ${ibanRefusal}` });
  if (bic && !isValidBic(bic)) problems.push({ path: 'bic', message: 'Not a valid BIC (8 or 11 letters and digits, e.g. ABNANL2A)' });
  if (bic && !iban) problems.push({ path: 'iban', message: 'A BIC needs the IBAN of the account' });
  return problems;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** A country's English name from its ISO 3166-1 code, as documents print it: countryName('NL') === 'Netherlands'; any other text as it is. */
export function countryName(country: string): string {
  return isCountryCode(country) ? (regionNames.of(country) ?? country) : country;
}
