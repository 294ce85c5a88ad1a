-- Issue 11, decision 0025: a durable outbox. Work that leaves the building (a mail, a webhook
-- call) is written as a row in the same transaction as the change that causes it: a rolled-back
-- change leaves no row, a committed one is delivered at least once by a worker in the server.
-- A worker claims due rows with FOR UPDATE SKIP LOCKED (two instances never take the same row)
-- and holds each for a lease; a worker killed mid-delivery leaves a row whose lease runs out, and
-- another claim takes it again. The platform owns this table, as it owns idempotency_keys.
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- What to do with the payload: 'mail' (platform/mail.ts), 'webhook' (webhooks module).
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z_.-]*$'),
  payload jsonb NOT NULL,
  -- queued: waiting for run_at; running: claimed, its lease ends at run_at; sent; failed (after
  -- the last attempt, or refused for good).
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  run_at timestamptz NOT NULL DEFAULT now(),
  -- The last reply of the other side (the SMTP server's, the endpoint's status and body), cut short.
  last_response text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((state IN ('sent', 'failed')) = (finished_at IS NOT NULL)),
  CHECK (attempts <= max_attempts)
);
-- The worker's claim: due rows in order; rows done with stay out of the index.
CREATE INDEX outbox_due_idx ON outbox (run_at, id) WHERE state IN ('queued', 'running');

-- Where an invoice is mailed: the customer's billing address, when it is not the contact's own.
ALTER TABLE customers ADD COLUMN billing_email text CHECK (billing_email IS NULL OR billing_email ~ '^[^@\s]+@[^@\s]+$');

-- The company's invoice mail, with placeholders filled at send time ({number}, {amount}, ...).
ALTER TABLE company_settings
  ADD COLUMN invoice_mail_subject text NOT NULL DEFAULT '{document} {number} from {company}'
    CHECK (length(invoice_mail_subject) BETWEEN 1 AND 200),
  ADD COLUMN invoice_mail_body text NOT NULL DEFAULT E'Hello {customer},\n\nPlease find attached {document} {number} of {amount}, due on {due_date}.\nYou can also see it in your portal: {portal_link}\n\nKind regards,\n{company}'
    CHECK (length(invoice_mail_body) BETWEEN 1 AND 5000);

-- Each time a posted invoice or credit note is sent by mail: to whom, by whom, and the outbox row
-- that carries it (its state is the delivery's state). Re-sending adds a row; rows are never
-- changed or removed, and each one is on the invoice's audit trail.
CREATE TABLE invoice_sends (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id bigint NOT NULL REFERENCES invoices(id),
  to_email text NOT NULL,
  to_name text NOT NULL,
  sent_by bigint REFERENCES users(id),
  outbox_id bigint NOT NULL UNIQUE REFERENCES outbox(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_sends_invoice_idx ON invoice_sends (invoice_id, id);
-- Only a posted document is ever sent (the code refuses first: 409 INVOICE_NOT_POSTED).
CREATE FUNCTION invoice_sends_posted_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND state = 'posted') THEN
    RAISE EXCEPTION 'only a posted invoice or credit note can be sent' USING ERRCODE = 'P0001', HINT = 'INVOICE_NOT_POSTED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_sends_posted_only BEFORE INSERT ON invoice_sends FOR EACH ROW EXECUTE FUNCTION invoice_sends_posted_only();
CREATE FUNCTION invoice_sends_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'invoice sends are append-only' USING ERRCODE = 'P0001', HINT = 'INVOICE_SEND_APPEND_ONLY';
END $$;
CREATE TRIGGER invoice_sends_no_change BEFORE UPDATE OR DELETE ON invoice_sends FOR EACH ROW EXECUTE FUNCTION invoice_sends_append_only();
-- On the invoice's trail as "invoice_sends_added", with the recipient and the sender.
CREATE TRIGGER invoice_sends_audit_insert AFTER INSERT ON invoice_sends
  FOR EACH ROW EXECUTE FUNCTION audit_insert('invoice', 'invoice_id', 'to_email', 'to_name', 'sent_by', 'outbox_id');
