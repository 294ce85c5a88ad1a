-- Ticket comments: the conversation of a ticket between its customer and the staff. An internal
-- note (internal = true) is visible to staff only and is written by staff only.

CREATE TABLE ticket_comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES tickets(id),
  author_id bigint NOT NULL REFERENCES users(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  internal boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_comments_ticket_idx ON ticket_comments (ticket_id, id);

-- A customer's portal user never writes an internal note, whatever the code asks.
CREATE FUNCTION refuse_customer_internal_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.internal AND EXISTS (SELECT 1 FROM users WHERE id = NEW.author_id AND role = 'customer') THEN
    RAISE EXCEPTION 'a customer cannot write an internal note'
      USING ERRCODE = 'P0001', HINT = 'RULE_VIOLATION';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ticket_comments_internal_by_staff BEFORE INSERT OR UPDATE ON ticket_comments
  FOR EACH ROW EXECUTE FUNCTION refuse_customer_internal_note();
