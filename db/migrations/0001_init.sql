-- Deskbill schema, v1. Forward-only; stays within PostgreSQL 15.
-- Ids are bigint identities, exposed by the API as opaque strings.
-- Quantities are NUMERIC(14,2); money NUMERIC(16,4) for unit prices, NUMERIC(16,2) for amounts;
-- durations are integer minutes; every timestamp is timestamptz.

-- accounts ---------------------------------------------------------------------------------------
CREATE TABLE company_settings (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  name text NOT NULL DEFAULT 'My Company',
  street text, city text, postal_code text, country text, vat_id text,
  currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
  minutes_per_day integer NOT NULL DEFAULT 480 CHECK (minutes_per_day BETWEEN 1 AND 1440),
  payment_terms_days integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 3650),
  default_tax_rate numeric(7,4) NOT NULL DEFAULT 0 CHECK (default_tax_rate BETWEEN 0 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO company_settings (id) VALUES (1);

-- partners ---------------------------------------------------------------------------------------
CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('company', 'person')),
  company_id bigint REFERENCES customers(id),
  email text, phone text,
  street text, city text, postal_code text, country text, vat_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (company_id IS NULL OR (kind = 'person' AND company_id <> id))
);
CREATE INDEX customers_company_idx ON customers (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX customers_name_idx ON customers (lower(name), id);

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (email = lower(email)),
  role text NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'accountant', 'customer')),
  password_hash text,
  hourly_cost numeric(16,4) NOT NULL DEFAULT 0 CHECK (hourly_cost >= 0),
  customer_id bigint REFERENCES customers(id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'customer') = (customer_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- catalog ----------------------------------------------------------------------------------------
CREATE TABLE products (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type text NOT NULL DEFAULT 'service' CHECK (type = 'service'),
  unit text NOT NULL CHECK (unit IN ('hour', 'day', 'unit')),
  unit_price numeric(16,4) NOT NULL CHECK (unit_price >= 0),
  tax_rate numeric(7,4) NOT NULL CHECK (tax_rate BETWEEN 0 AND 100),
  invoicing_policy text NOT NULL CHECK (invoicing_policy IN ('timesheets', 'prepaid', 'manual')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (invoicing_policy = 'manual' OR unit <> 'unit')
);

-- helpdesk ---------------------------------------------------------------------------------------
CREATE TABLE projects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  customer_id bigint REFERENCES customers(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE teams (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timesheets_enabled boolean NOT NULL DEFAULT false,
  billing_enabled boolean NOT NULL DEFAULT false,
  project_id bigint REFERENCES projects(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT billing_enabled OR timesheets_enabled),         -- R10
  CHECK (NOT timesheets_enabled OR project_id IS NOT NULL)   -- R10
);

CREATE TABLE user_teams (
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  team_id bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, team_id)
);

CREATE TABLE stages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  sequence integer NOT NULL,
  closed boolean NOT NULL DEFAULT false
);
CREATE INDEX stages_team_idx ON stages (team_id, sequence);

CREATE SEQUENCE ticket_number_seq;
CREATE TABLE tickets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number bigint NOT NULL UNIQUE DEFAULT nextval('ticket_number_seq'),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  team_id bigint NOT NULL REFERENCES teams(id),
  customer_id bigint REFERENCES customers(id),
  assignee_id bigint REFERENCES users(id),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  stage_id bigint NOT NULL REFERENCES stages(id),
  sale_order_line_id bigint,  -- FK added with the sales tables below
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_team_idx ON tickets (team_id, id);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, id);
CREATE INDEX tickets_stage_idx ON tickets (stage_id);
CREATE INDEX tickets_line_idx ON tickets (sale_order_line_id) WHERE sale_order_line_id IS NOT NULL;

-- sales ------------------------------------------------------------------------------------------
CREATE SEQUENCE sale_order_number_seq;
CREATE TABLE sale_orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number text NOT NULL UNIQUE DEFAULT ('S' || lpad(nextval('sale_order_number_seq')::text, 5, '0')),
  customer_id bigint NOT NULL REFERENCES customers(id),
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'confirmed', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz
);
CREATE INDEX sale_orders_customer_idx ON sale_orders (customer_id, id);

CREATE TABLE sale_order_lines (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES sale_orders(id) ON DELETE CASCADE,
  sequence integer NOT NULL DEFAULT 10,
  product_id bigint NOT NULL REFERENCES products(id),
  description text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('hour', 'day', 'unit')),
  invoicing_policy text NOT NULL CHECK (invoicing_policy IN ('timesheets', 'prepaid', 'manual')),
  quantity numeric(14,2) NOT NULL CHECK (quantity >= 0),
  unit_price numeric(16,4) NOT NULL CHECK (unit_price >= 0),
  tax_rate numeric(7,4) NOT NULL CHECK (tax_rate BETWEEN 0 AND 100),
  qty_delivered_manual numeric(14,2) NOT NULL DEFAULT 0 CHECK (qty_delivered_manual >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sale_order_lines_order_idx ON sale_order_lines (order_id, sequence, id);
ALTER TABLE tickets ADD CONSTRAINT tickets_sale_order_line_fk
  FOREIGN KEY (sale_order_line_id) REFERENCES sale_order_lines(id);

-- timesheets -------------------------------------------------------------------------------------
CREATE TABLE timesheets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  project_id bigint NOT NULL REFERENCES projects(id),
  user_id bigint NOT NULL REFERENCES users(id),
  date date NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),                 -- R1
  description text NOT NULL DEFAULT '',
  billable boolean NOT NULL,
  sale_order_line_id bigint REFERENCES sale_order_lines(id),
  pinned boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (billable OR sale_order_line_id IS NULL),                              -- R12
  CHECK (NOT pinned OR sale_order_line_id IS NOT NULL)
);
CREATE INDEX timesheets_ticket_idx ON timesheets (ticket_id, date, id);
CREATE INDEX timesheets_line_idx ON timesheets (sale_order_line_id, date) INCLUDE (minutes)
  WHERE billable AND sale_order_line_id IS NOT NULL;
CREATE INDEX timesheets_user_date_idx ON timesheets (user_id, date);
CREATE INDEX timesheets_date_idx ON timesheets (date);

-- invoicing --------------------------------------------------------------------------------------
CREATE TABLE invoices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'posted')),
  number text UNIQUE,
  sale_order_id bigint REFERENCES sale_orders(id),
  customer_id bigint NOT NULL REFERENCES customers(id),
  reversed_invoice_id bigint REFERENCES invoices(id),
  currency char(3) NOT NULL,
  invoice_date date,
  due_date date,
  period_start date,
  period_end date,
  customer_name text, customer_street text, customer_city text, customer_postal_code text,
  customer_country text, customer_vat_id text,
  -- R43: the seller as it was at posting, so a later change of the company settings leaves it as sent.
  company_name text, company_street text, company_city text, company_postal_code text,
  company_country text, company_vat_id text,
  amount_untaxed numeric(16,2) NOT NULL DEFAULT 0,
  amount_tax numeric(16,2) NOT NULL DEFAULT 0,
  amount_total numeric(16,2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  posted_at timestamptz,
  CHECK (state = 'draft' OR (number IS NOT NULL AND invoice_date IS NOT NULL AND due_date IS NOT NULL
                             AND customer_name IS NOT NULL AND company_name IS NOT NULL
                             AND posted_at IS NOT NULL)),
  CHECK ((kind = 'credit_note') = (reversed_invoice_id IS NOT NULL)),
  CHECK (period_start IS NULL OR period_end IS NULL OR period_start <= period_end)
);
CREATE INDEX invoices_order_idx ON invoices (sale_order_id);
CREATE INDEX invoices_customer_idx ON invoices (customer_id, id);
CREATE INDEX invoices_reversed_idx ON invoices (reversed_invoice_id) WHERE reversed_invoice_id IS NOT NULL;

CREATE TABLE invoice_lines (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id bigint NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  sequence integer NOT NULL DEFAULT 10,
  sale_order_line_id bigint REFERENCES sale_order_lines(id),
  origin_line_id bigint REFERENCES invoice_lines(id),   -- a credit note line: the invoice line it credits
  description text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('hour', 'day', 'unit')),
  quantity numeric(14,2) NOT NULL CHECK (quantity >= 0),
  unit_price numeric(16,4) NOT NULL CHECK (unit_price >= 0),
  tax_rate numeric(7,4) NOT NULL CHECK (tax_rate BETWEEN 0 AND 100),
  subtotal numeric(16,2) NOT NULL,
  tax_amount numeric(16,2) NOT NULL
);
CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id, sequence, id);
CREATE INDEX invoice_lines_sale_line_idx ON invoice_lines (sale_order_line_id);
CREATE INDEX invoice_lines_origin_idx ON invoice_lines (origin_line_id) WHERE origin_line_id IS NOT NULL;

-- The entries a document line bills or credits, with a snapshot of what was billed (R45).
-- Kept for posted documents forever; timesheet_id is deliberately not a foreign key so the
-- record survives an entry deleted after it was credited.
CREATE TABLE invoice_line_entries (
  invoice_line_id bigint NOT NULL REFERENCES invoice_lines(id) ON DELETE CASCADE,
  timesheet_id bigint NOT NULL,
  date date NOT NULL,
  agent_name text NOT NULL,
  ticket_id bigint NOT NULL,
  ticket_number bigint NOT NULL,
  ticket_subject text NOT NULL,
  description text NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  PRIMARY KEY (invoice_line_id, timesheet_id)
);
CREATE INDEX invoice_line_entries_timesheet_idx ON invoice_line_entries (timesheet_id);

-- R41: the live claim of an entry. One row per entry at most (primary key): an entry is billed by
-- at most one live invoice line. Deleting a draft (or its line) cascades and releases; posting a
-- credit note deletes the claims of the entries it credits.
CREATE TABLE timesheet_claims (
  timesheet_id bigint PRIMARY KEY REFERENCES timesheets(id),
  invoice_line_id bigint NOT NULL REFERENCES invoice_lines(id) ON DELETE CASCADE
);
CREATE INDEX timesheet_claims_line_idx ON timesheet_claims (invoice_line_id);

-- R44: an entry is on at most one draft credit note at a time.
CREATE TABLE credit_claims (
  timesheet_id bigint PRIMARY KEY REFERENCES timesheets(id),
  invoice_line_id bigint NOT NULL REFERENCES invoice_lines(id) ON DELETE CASCADE
);
CREATE INDEX credit_claims_line_idx ON credit_claims (invoice_line_id);

-- R43: gapless numbering, one counter row per series and year, updated in the posting transaction.
CREATE TABLE document_sequences (
  series text NOT NULL CHECK (series IN ('INV', 'RINV')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  last_number integer NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (series, year)
);

-- R43: a posted invoice and everything on it is frozen, whoever asks.
CREATE FUNCTION refuse_posted_invoice_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.state = 'draft' THEN
    RETURN NEW;
  END IF;
  IF OLD.state = 'posted' THEN
    RAISE EXCEPTION 'invoice % is posted and cannot be changed', OLD.id
      USING ERRCODE = 'P0001', HINT = 'INVOICE_POSTED';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER invoices_frozen BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION refuse_posted_invoice_change();

-- Lines and their entries: statement-level triggers with transition tables, so inserting 10,000
-- entries checks the invoice once, not 10,000 times. FOR SHARE: under REPEATABLE READ an invoice
-- posted after our snapshot raises a serialization failure instead of looking like a draft.
CREATE FUNCTION refuse_posted_invoice_line_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  posted boolean;
BEGIN
  -- An UPDATE is checked on both sides: a line may not leave nor enter a posted invoice.
  IF TG_TABLE_NAME = 'invoice_lines' AND TG_OP = 'UPDATE' THEN
    SELECT bool_or(x.state = 'posted') INTO posted FROM (
      SELECT i.state FROM invoices i
       WHERE i.id IN (SELECT invoice_id FROM changed_rows UNION SELECT invoice_id FROM new_rows) FOR SHARE OF i) x;
  ELSIF TG_TABLE_NAME = 'invoice_lines' THEN
    SELECT bool_or(x.state = 'posted') INTO posted FROM (
      SELECT i.state FROM invoices i WHERE i.id IN (SELECT invoice_id FROM changed_rows) FOR SHARE OF i) x;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT bool_or(x.state = 'posted') INTO posted FROM (
      SELECT i.state FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
       WHERE l.id IN (SELECT invoice_line_id FROM changed_rows UNION SELECT invoice_line_id FROM new_rows) FOR SHARE OF i) x;
  ELSE
    SELECT bool_or(x.state = 'posted') INTO posted FROM (
      SELECT i.state FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
       WHERE l.id IN (SELECT invoice_line_id FROM changed_rows) FOR SHARE OF i) x;
  END IF;
  IF posted THEN
    RAISE EXCEPTION 'the invoice is posted and its lines cannot be changed'
      USING ERRCODE = 'P0001', HINT = 'INVOICE_POSTED';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_lines_frozen_insert AFTER INSERT ON invoice_lines
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_posted_invoice_line_change();
CREATE TRIGGER invoice_lines_frozen_update AFTER UPDATE ON invoice_lines
  REFERENCING OLD TABLE AS changed_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_posted_invoice_line_change();
CREATE TRIGGER invoice_lines_frozen_delete AFTER DELETE ON invoice_lines
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_posted_invoice_line_change();
CREATE TRIGGER invoice_line_entries_frozen_insert AFTER INSERT ON invoice_line_entries
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_posted_invoice_line_change();
CREATE TRIGGER invoice_line_entries_frozen_update AFTER UPDATE ON invoice_line_entries
  REFERENCING OLD TABLE AS changed_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_posted_invoice_line_change();
CREATE TRIGGER invoice_line_entries_frozen_delete AFTER DELETE ON invoice_line_entries
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_posted_invoice_line_change();

-- R15: an entry claimed by an invoice is frozen (its description may still change). The use cases
-- refuse first with a clear message; this trigger is the guard for whatever slips past them
-- (under READ COMMITTED it sees a claim committed by a concurrent invoice run; under REPEATABLE READ
-- the invoice run's write of the claimed rows makes such a writer fail with a serialization error).
CREATE FUNCTION refuse_invoiced_timesheet_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.user_id = OLD.user_id
     AND NEW.ticket_id = OLD.ticket_id AND NEW.billable = OLD.billable
     AND NEW.sale_order_line_id IS NOT DISTINCT FROM OLD.sale_order_line_id THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM timesheet_claims WHERE timesheet_id = OLD.id) THEN
    RAISE EXCEPTION 'timesheet % is invoiced and cannot be changed', OLD.id
      USING ERRCODE = 'P0001', HINT = 'TIMESHEET_INVOICED';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER timesheets_frozen_when_invoiced BEFORE UPDATE OR DELETE ON timesheets
  FOR EACH ROW EXECUTE FUNCTION refuse_invoiced_timesheet_change();
