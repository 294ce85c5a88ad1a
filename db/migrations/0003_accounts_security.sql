-- Accounts security (issue 4, decision 0014): login throttling counters and one-time links for
-- invitations and password resets.

-- One row per failed sign-in, twice: once for the account (normalised email) and once for the
-- client address. A sliding window counts the rows younger than the window; several instances on
-- one server share the counts. Keys are SHA-256 hashes, so mistyped emails and client addresses
-- are not kept in clear.
CREATE TABLE login_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('account', 'address')),
  key_hash text NOT NULL,
  failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (scope, key_hash, failed_at);
CREATE INDEX login_failures_age_idx ON login_failures (failed_at);

-- One-time links sent to a user: `invite` (first password) or `reset` (new password). Only the
-- SHA-256 of the 256-bit token is stored; a link is used once (used_at) and expires.
CREATE TABLE account_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invite', 'reset')),
  token_hash text NOT NULL UNIQUE,
  created_by bigint REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK (expires_at > created_at),
  CHECK (used_at IS NULL OR used_at >= created_at)
);
CREATE INDEX account_links_user_idx ON account_links (user_id);
