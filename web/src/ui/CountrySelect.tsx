import type { SelectHTMLAttributes } from 'react';
import { COUNTRY_CODES, countryName, isCountryCode } from '../../../src/core/party-ids.ts';
import { Select } from './ui.tsx';

const OPTIONS = [...COUNTRY_CODES].map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));

/**
 * Picks an ISO 3166-1 alpha-2 country code (decision 0026). A value from before codes (free text
 * the migration could not convert) is shown as such until a country is picked.
 */
export function CountrySelect({ value, ...props }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value'> & { value: string }) {
  const legacy = value !== '' && !isCountryCode(value);
  return (
    // Named on its own: inside its label the options would join its name ("… Vatican City …").
    <Select aria-label="Country" value={value} {...props}>
      <option value="">No country</option>
      {legacy && <option value={value}>{value} (not a country code: pick one)</option>}
      {OPTIONS.map((o) => <option key={o.code} value={o.code}>{o.name} ({o.code})</option>)}
    </Select>
  );
}
