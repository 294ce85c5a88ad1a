-- Issue 12, R72, decision 0035: the invoice PDF says how to pay (the company's IBAN and BIC, and a
-- payment terms text) and may carry the company's logo.
--
-- The terms text is free text printed under the totals ("Payment within 30 days by bank transfer");
-- empty means none. The due date still follows payment_terms_days (R43).
ALTER TABLE company_settings
  ADD COLUMN payment_terms_text text NOT NULL DEFAULT '' CHECK (length(payment_terms_text) <= 500);

-- R43 snapshot: a posted document keeps the bank account and terms it was posted with. Documents
-- posted before this migration have NULL here and print the company's current ones, as they did.
ALTER TABLE invoices
  ADD COLUMN company_iban text,
  ADD COLUMN company_bic text,
  ADD COLUMN payment_terms_text text;

-- The logo: one row at most (id 1), in its own table so that reading the settings never reads the
-- image. PNG or JPEG, checked by its magic bytes in the code; the size is bounded here as well.
CREATE TABLE company_logos (
  id smallint PRIMARY KEY CHECK (id = 1),
  media_type text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),
  content bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 524288),
  updated_at timestamptz NOT NULL DEFAULT now()
);
