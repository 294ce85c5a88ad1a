-- Issue 10: Idempotency-Key. A POST sent with a key runs in one transaction with the row that
-- stores its answer: both commit, or neither does. A repeat of the key by the same user within
-- 24 hours gets the stored answer instead of doing the work again (decision 0022).
CREATE TABLE idempotency_keys (
  user_id bigint NOT NULL REFERENCES users(id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the method, the path and the body: the same key with another request is refused.
  request_hash text NOT NULL,
  status integer NOT NULL,
  content_type text NOT NULL,
  response text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (user_id, created_at);
