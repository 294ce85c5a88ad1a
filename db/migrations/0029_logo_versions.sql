-- R43/R72, decision 0043: a posted invoice keeps the logo it was posted with. The logo's bytes
-- become immutable versions; the company points at its current version (company_logos, one row
-- or none, as before); posting records the version then current on the invoice, so its PDF is
-- drawn with that image however the logo changes later. No image is copied onto an invoice.

-- A version is never changed: an upload of other bytes is a new row, an upload of the same bytes
-- (by their SHA-256, computed here so it always matches them) is the row already there.
CREATE TABLE company_logo_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  media_type text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),
  content bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 524288),
  sha256 bytea GENERATED ALWAYS AS (sha256(content)) STORED NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION refuse_logo_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'logo version % cannot be changed; upload another image instead', OLD.id
    USING ERRCODE = 'P0001', HINT = 'CONFLICT';
END $$;
CREATE TRIGGER company_logo_versions_immutable BEFORE UPDATE ON company_logo_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_logo_version_change();

-- The existing logo becomes the first version, and company_logos the pointer to the current one
-- (its updated_at stays: when the logo last changed, the ETag of GET /company/logo).
INSERT INTO company_logo_versions (media_type, content, created_at)
  SELECT media_type, content, updated_at FROM company_logos;
ALTER TABLE company_logos ADD COLUMN version_id bigint REFERENCES company_logo_versions(id);
UPDATE company_logos SET version_id = (SELECT id FROM company_logo_versions);
ALTER TABLE company_logos ALTER COLUMN version_id SET NOT NULL,
  DROP COLUMN media_type,
  DROP COLUMN content;

-- The logo version a posted document was posted with; NULL: posted without a logo. A draft has
-- none (it draws the current logo). The version cannot go while a document refers to it (the key),
-- and the document cannot change after posting (invoices_frozen refuses any change of a posted
-- invoice, this column included).
ALTER TABLE invoices
  ADD COLUMN company_logo_id bigint REFERENCES company_logo_versions(id),
  ADD CONSTRAINT invoices_draft_without_logo_version CHECK (state = 'posted' OR company_logo_id IS NULL);
CREATE INDEX invoices_company_logo_idx ON invoices (company_logo_id) WHERE company_logo_id IS NOT NULL;

-- Documents posted before this migration were drawn with the current logo: they keep it, so they
-- look as they did the day before. The backfill bypasses the triggers (the freeze of posted
-- invoices, and the audit trail, which does not watch this column).
ALTER TABLE invoices DISABLE TRIGGER USER;
UPDATE invoices SET company_logo_id = (SELECT version_id FROM company_logos WHERE id = 1) WHERE state = 'posted';
ALTER TABLE invoices ENABLE TRIGGER USER;

-- A version the company leaves (another logo, or none) is deleted when no posted document refers
-- to it, so replacing the logo again and again keeps one image, as before, plus those documents
-- were posted with. Posting reads the current version under FOR SHARE on company_logos (see
-- accounts/company-logo.ts), so a change of the logo waits for a posting in progress and this
-- check then sees its document.
CREATE FUNCTION company_logos_drop_unused_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.version_id = OLD.version_id THEN
    RETURN NULL;
  END IF;
  DELETE FROM company_logo_versions v
   WHERE v.id = OLD.version_id
     AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.company_logo_id = v.id)
     AND NOT EXISTS (SELECT 1 FROM company_logos c WHERE c.version_id = v.id);
  RETURN NULL;
END $$;
CREATE TRIGGER company_logos_drop_unused_version AFTER UPDATE OR DELETE ON company_logos
  FOR EACH ROW EXECUTE FUNCTION company_logos_drop_unused_version();
