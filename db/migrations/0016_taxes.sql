-- Issue 12, R66, decision 0030: taxes as records with a category, a fiscal position per customer,
-- and the tax of each order line and invoice line.
--
-- The CHECK on `taxes` mirrors core/taxes.ts rateFitsCategory: only a standard tax has a rate
-- above 0. Lines keep their own `tax_rate` (R4's arithmetic reads it); `tax_id` says which record
-- gave it. Posted invoices are left untouched (R43): their lines get no snapshot and their
-- category is still derived from the rate.
CREATE TABLE taxes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (btrim(name) <> ''),
  rate numeric(7,4) NOT NULL CHECK (rate BETWEEN 0 AND 100),
  category text NOT NULL CHECK (category IN ('standard', 'zero', 'exempt', 'reverse_charge', 'outside_scope')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT taxes_rate_fits_category CHECK ((category = 'standard') = (rate > 0))
);
CREATE UNIQUE INDEX taxes_name_key ON taxes (lower(name));

-- Defaults: one standard tax per rate in use (the company's default rate and the products'), and
-- one tax of each zero-rate category.
INSERT INTO taxes (name, rate, category)
SELECT 'VAT ' || trim_scale(rate)::text || '%', rate, 'standard'
  FROM (SELECT default_tax_rate AS rate FROM company_settings UNION SELECT tax_rate FROM products) r
 WHERE rate > 0
 ORDER BY rate DESC;
INSERT INTO taxes (name, rate, category) VALUES
  ('Zero rate', 0, 'zero'),
  ('Exempt', 0, 'exempt'),
  ('Reverse charge (EU)', 0, 'reverse_charge'),
  ('Outside scope', 0, 'outside_scope');

-- A customer's fiscal position; existing customers get core/taxes.ts defaultFiscalPosition of
-- their country and VAT id, seen from the company's country.
ALTER TABLE customers ADD COLUMN fiscal_position text NOT NULL DEFAULT 'domestic'
  CHECK (fiscal_position IN ('domestic', 'eu_business', 'outside_eu'));
UPDATE customers c
   SET fiscal_position = CASE
         WHEN upper(btrim(c.country)) = ANY (ARRAY['AT','BE','BG','CY','CZ','DE','DK','EE','ES','FI','FR','GR','HR','HU','IE','IT','LT','LU','LV','MT','NL','PL','PT','RO','SE','SI','SK'])
           THEN CASE WHEN btrim(coalesce(c.vat_id, '')) <> '' THEN 'eu_business' ELSE 'domestic' END
         ELSE 'outside_eu' END
  FROM company_settings s
 WHERE s.country IS NOT NULL AND btrim(coalesce(c.country, '')) <> ''
   AND upper(btrim(c.country)) <> upper(btrim(s.country));

-- The tax record an order line's rate came from; existing lines are matched to the standard tax
-- of their rate (zero-rate lines stay without a record: their category is unknown).
ALTER TABLE sale_order_lines ADD COLUMN tax_id bigint REFERENCES taxes(id);
CREATE INDEX sale_order_lines_tax_idx ON sale_order_lines (tax_id) WHERE tax_id IS NOT NULL;
UPDATE sale_order_lines l SET tax_id = t.id
  FROM taxes t WHERE t.category = 'standard' AND t.rate = l.tax_rate;

-- Invoice lines snapshot the tax as it was (name and category beside the rate they had); the
-- document keeps the legal mention its lines call for (reverse charge). NULL: from before 0016.
ALTER TABLE invoice_lines
  ADD COLUMN tax_name text,
  ADD COLUMN tax_category text CHECK (tax_category IN ('standard', 'zero', 'exempt', 'reverse_charge', 'outside_scope')),
  ADD CONSTRAINT invoice_lines_tax_snapshot_check CHECK ((tax_name IS NULL) = (tax_category IS NULL));
ALTER TABLE invoices ADD COLUMN tax_mention text;
