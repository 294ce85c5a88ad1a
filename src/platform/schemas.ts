import { z } from 'zod';
import { fitsDecimals, isDecimalString } from '../core/money.ts';
import { isCountryCode } from '../core/party-ids.ts';
import { invalid } from './errors.ts';

/** Control characters other than tab, newline and carriage return (NUL included) are refused. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A user-typed text: trimmed, no control characters, bounded. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL.test(s), 'Must not contain control characters')
    .transform((s) => s.trim());

/** A required name-like text: at least one visible character after trimming. */
export const name = (max = 200) => text(max).refine((s) => s.length > 0, 'Must not be empty');

/** An opaque id as the API shows it. */
export const id = z.string().regex(/^[1-9]\d{0,14}$/, 'Not a valid id');

export const idParams = z.strictObject({ id });

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A calendar date `YYYY-MM-DD` between 1900 and 2999 that exists. */
export const dateString = z
  .string()
  .regex(/^(19|2\d)\d\d-\d\d-\d\d$/, 'Must be a date YYYY-MM-DD')
  .refine(isRealDate, 'Not a real calendar date');

/** A non-negative decimal given as a string, with at most `decimals` decimals. */
export const decimalString = (decimals: number, max = '999999999999') =>
  z
    .string()
    .refine((s) => isDecimalString(s, decimals), `Must be a decimal string with at most ${decimals} decimals`)
    .refine((s) => s.replace(/^0+(?=\d)/, '').split('.')[0]!.length <= max.length, 'Too large');

/** A tax rate in percent, 0 to 100, as a string. */
export const percentString = decimalString(4).refine((s) => {
  const [whole = '', fraction = ''] = s.split('.');
  return Number(whole) < 100 || (Number(whole) === 100 && /^0*$/.test(fraction));
}, 'Must be between 0 and 100');

export const minutes = z.number().int('Minutes are whole numbers').min(1, 'At least 1 minute').max(1440, 'At most 1440 minutes (24 h) per entry');

export const listQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

/** A list answer: `{items, nextCursor}`. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  requestId: z.string(),
});

/** The error answers every route may give, for the OpenAPI document. */
export const errorResponses = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 422: errorBody };

/** Refuses (400, naming the field) a price with more decimals than the currency has. */
export function checkCurrencyDecimals(path: string, value: string, decimals: number): void {
  if (!fitsDecimals(value, decimals)) throw invalid(path, `At most ${decimals} decimals in this currency`);
}

/** An optional identifier: trimmed, empty means none (null). */
export const optionalIdentifier = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

/** An ISO 3166-1 alpha-2 country code, any case in, upper case out; empty means none (decision 0026). */
export const countryCode = text(2)
  .transform((s) => s.toUpperCase())
  .refine((s) => s === '' || isCountryCode(s), 'Must be an ISO 3166-1 alpha-2 country code such as NL')
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .optional();

/** The e-invoice identifiers of a party (customers and the company): checked together by the use case. */
export const partyIdentifierFields = {
  registrationId: optionalIdentifier(50),
  registrationScheme: optionalIdentifier(4),
  peppolEndpointId: optionalIdentifier(100),
  peppolEndpointScheme: optionalIdentifier(4),
};

/** R78: billing increments in whole minutes, 1 to 1440 (null: none), of a line or a product's defaults. */
export const incrementMinutes = z.number().int('Minutes are whole numbers').min(1).max(1440, 'At most 1440 minutes (24 h)').nullable().optional();
