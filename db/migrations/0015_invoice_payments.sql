-- Issue 12, R65, decision 0029: payments registered on posted invoices. Append-only: a payment
-- entered by mistake is not edited away (refunds and corrections are out of scope); each row is on
-- the invoice's audit trail. The amount due and the payment state are computed, never stored.
CREATE TABLE invoice_payments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id bigint NOT NULL REFERENCES invoices(id),
  payment_date date NOT NULL,
  amount numeric(16,2) NOT NULL CHECK (amount > 0),
  method text NOT NULL CHECK (method IN ('bank_transfer', 'card', 'cash', 'cheque', 'other')),
  reference text NOT NULL DEFAULT '' CHECK (length(reference) <= 200),
  -- True when this payment took the amount due below zero, as the user asked explicitly.
  is_overpayment boolean NOT NULL DEFAULT false,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The amount paid per invoice (the list computes it for every row it shows, and filters on it).
CREATE INDEX invoice_payments_invoice_idx ON invoice_payments (invoice_id) INCLUDE (amount);

-- Only a posted invoice takes payments (a credit note settles its invoice, it is not paid), and
-- only an explicit overpayment takes the amount due below zero. The code refuses first with clear
-- answers (409 INVOICE_NOT_POSTED, 422 CREDIT_NOTE_NOT_PAYABLE, 422 OVERPAYMENT); this is the
-- backstop. The invoice row is locked first so that two payments racing are checked one after the
-- other (each statement below then sees the other's committed row).
CREATE FUNCTION invoice_payments_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inv record;
  due numeric;
BEGIN
  SELECT kind, state, amount_total INTO inv FROM invoices WHERE id = NEW.invoice_id FOR NO KEY UPDATE;
  IF NOT FOUND OR inv.state <> 'posted' THEN
    RAISE EXCEPTION 'only a posted invoice takes payments' USING ERRCODE = 'P0001', HINT = 'INVOICE_NOT_POSTED';
  END IF;
  IF inv.kind <> 'invoice' THEN
    RAISE EXCEPTION 'a credit note takes no payment: it settles the invoice it reverses' USING ERRCODE = 'P0001', HINT = 'CREDIT_NOTE_NOT_PAYABLE';
  END IF;
  due := inv.amount_total
         - coalesce((SELECT sum(amount) FROM invoice_payments WHERE invoice_id = NEW.invoice_id), 0)
         - coalesce((SELECT sum(amount_total) FROM invoices WHERE reversed_invoice_id = NEW.invoice_id AND state = 'posted'), 0);
  IF NEW.amount > due AND NOT NEW.is_overpayment THEN
    RAISE EXCEPTION 'the payment is more than the amount due (%) and is not marked as an overpayment', due USING ERRCODE = 'P0001', HINT = 'OVERPAYMENT';
  END IF;
  IF NEW.amount <= due AND NEW.is_overpayment THEN
    RAISE EXCEPTION 'the payment is not more than the amount due (%): it is no overpayment', due USING ERRCODE = 'P0001', HINT = 'RULE_VIOLATION';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_payments_check BEFORE INSERT ON invoice_payments FOR EACH ROW EXECUTE FUNCTION invoice_payments_check();

-- Append-only, by a function any later append-only table can take (TG_ARGV[0]: the error code).
CREATE FUNCTION refuse_change_of_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'P0001', HINT = TG_ARGV[0];
END $$;
CREATE TRIGGER invoice_payments_no_change BEFORE UPDATE OR DELETE ON invoice_payments
  FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only('INVOICE_PAYMENT_APPEND_ONLY');
CREATE TRIGGER invoice_payments_no_truncate BEFORE TRUNCATE ON invoice_payments
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only('INVOICE_PAYMENT_APPEND_ONLY');
-- On the invoice's trail as "invoice_payments_added", with what was paid and who registered it.
CREATE TRIGGER invoice_payments_audit_insert AFTER INSERT ON invoice_payments
  FOR EACH ROW EXECUTE FUNCTION audit_insert('invoice', 'invoice_id', 'payment_date', 'amount', 'method', 'reference', 'is_overpayment', 'created_by');
