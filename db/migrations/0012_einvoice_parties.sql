-- Issue 11, e-invoices (decision 0026): what EN 16931 / Peppol BIS 3 need on the two parties.
--
-- `country` on customers and on the company now holds an ISO 3166-1 alpha-2 code ("NL"); the API
-- accepts nothing else from now on, and documents print the country's name. Existing values are
-- converted below when they are a code in any case or a country name we recognise (English or the
-- country's own name); anything else is left as it was, so no text is lost: the e-invoice endpoints
-- name such a record's country as missing until someone picks the code. Posted documents keep
-- their frozen snapshot (R43) untouched.
CREATE TEMPORARY TABLE country_names (name text PRIMARY KEY, code char(2) NOT NULL) ON COMMIT DROP;
INSERT INTO country_names (name, code) VALUES
  ('austria', 'AT'), ('österreich', 'AT'), ('belgium', 'BE'), ('belgië', 'BE'), ('belgique', 'BE'), ('belgien', 'BE'),
  ('bulgaria', 'BG'), ('българия', 'BG'), ('croatia', 'HR'), ('hrvatska', 'HR'), ('cyprus', 'CY'), ('κύπρος', 'CY'),
  ('czech republic', 'CZ'), ('czechia', 'CZ'), ('česko', 'CZ'), ('česká republika', 'CZ'), ('denmark', 'DK'), ('danmark', 'DK'),
  ('estonia', 'EE'), ('eesti', 'EE'), ('finland', 'FI'), ('suomi', 'FI'), ('france', 'FR'), ('germany', 'DE'), ('deutschland', 'DE'),
  ('greece', 'GR'), ('ελλάδα', 'GR'), ('ελλάς', 'GR'), ('el', 'GR'), ('hungary', 'HU'), ('magyarország', 'HU'), ('ireland', 'IE'), ('éire', 'IE'),
  ('italy', 'IT'), ('italia', 'IT'), ('latvia', 'LV'), ('latvija', 'LV'), ('lithuania', 'LT'), ('lietuva', 'LT'),
  ('luxembourg', 'LU'), ('luxemburg', 'LU'), ('malta', 'MT'), ('netherlands', 'NL'), ('the netherlands', 'NL'), ('nederland', 'NL'),
  ('holland', 'NL'), ('poland', 'PL'), ('polska', 'PL'), ('portugal', 'PT'), ('romania', 'RO'), ('românia', 'RO'),
  ('slovakia', 'SK'), ('slovensko', 'SK'), ('slovenia', 'SI'), ('slovenija', 'SI'), ('spain', 'ES'), ('españa', 'ES'),
  ('sweden', 'SE'), ('sverige', 'SE'), ('norway', 'NO'), ('norge', 'NO'), ('iceland', 'IS'), ('ísland', 'IS'),
  ('switzerland', 'CH'), ('schweiz', 'CH'), ('suisse', 'CH'), ('svizzera', 'CH'), ('liechtenstein', 'LI'),
  ('united kingdom', 'GB'), ('uk', 'GB'), ('great britain', 'GB'), ('england', 'GB'), ('scotland', 'GB'), ('wales', 'GB'),
  ('united states', 'US'), ('united states of america', 'US'), ('usa', 'US'), ('canada', 'CA'), ('australia', 'AU'),
  ('new zealand', 'NZ'), ('japan', 'JP'), ('china', 'CN'), ('india', 'IN'), ('brazil', 'BR'), ('mexico', 'MX'),
  ('turkey', 'TR'), ('türkiye', 'TR'), ('ukraine', 'UA'), ('україна', 'UA'), ('serbia', 'RS'), ('monaco', 'MC'),
  ('andorra', 'AD'), ('san marino', 'SM'), ('israel', 'IL'), ('south africa', 'ZA'), ('singapore', 'SG');

UPDATE customers c SET country = upper(btrim(c.country))
  WHERE btrim(c.country) ~* '^[a-z]{2}$' AND lower(btrim(c.country)) <> 'el';
UPDATE customers c SET country = n.code FROM country_names n WHERE lower(btrim(c.country)) = n.name;
UPDATE company_settings s SET country = upper(btrim(s.country))
  WHERE btrim(s.country) ~* '^[a-z]{2}$' AND lower(btrim(s.country)) <> 'el';
UPDATE company_settings s SET country = n.code FROM country_names n WHERE lower(btrim(s.country)) = n.name;

-- The legal registration id (BT-30 / BT-47, e.g. a chamber of commerce number) with its ISO 6523
-- scheme, and the Peppol endpoint (BT-34 / BT-49) with its EAS scheme. Each id goes with its scheme:
-- a registration id may stand alone (the scheme is optional in EN 16931), an endpoint may not.
ALTER TABLE customers
  ADD COLUMN registration_id text,
  ADD COLUMN registration_scheme text,
  ADD COLUMN peppol_endpoint_id text,
  ADD COLUMN peppol_endpoint_scheme text,
  ADD CONSTRAINT customers_registration_scheme_check CHECK (registration_scheme IS NULL OR registration_id IS NOT NULL),
  ADD CONSTRAINT customers_peppol_endpoint_check CHECK ((peppol_endpoint_id IS NULL) = (peppol_endpoint_scheme IS NULL));

-- The company's bank account for payments by credit transfer (BT-84 IBAN, BT-86 BIC).
ALTER TABLE company_settings
  ADD COLUMN registration_id text,
  ADD COLUMN registration_scheme text,
  ADD COLUMN peppol_endpoint_id text,
  ADD COLUMN peppol_endpoint_scheme text,
  ADD COLUMN iban text,
  ADD COLUMN bic text,
  ADD CONSTRAINT company_registration_scheme_check CHECK (registration_scheme IS NULL OR registration_id IS NOT NULL),
  ADD CONSTRAINT company_peppol_endpoint_check CHECK ((peppol_endpoint_id IS NULL) = (peppol_endpoint_scheme IS NULL)),
  ADD CONSTRAINT company_bic_check CHECK (bic IS NULL OR iban IS NOT NULL);
