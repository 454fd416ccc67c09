-- Second factors (SECURITY.md 12–13). Keep in step with migrations/postgres/0006_second_factors.sql.

-- The authenticator-app secret, encrypted with a key derived from the server's secret key.
-- Unconfirmed until a code proves the enrolment. last_step: the newest time step accepted,
-- so that a code is accepted once.
CREATE TABLE totp_factors (
    customer_id  BLOB PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    secret_enc   TEXT NOT NULL,
    confirmed_at TEXT,
    last_step    INTEGER NOT NULL DEFAULT -1,
    created_at   TEXT NOT NULL
);

-- Ten single-use recovery codes per customer, stored hashed; regenerating deletes the old set.
CREATE TABLE recovery_codes (
    id          BLOB PRIMARY KEY NOT NULL,
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL UNIQUE,
    used_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX recovery_codes_customer ON recovery_codes(customer_id);

-- A password checked, a second factor awaited (the browser holds the token; 5 minutes).
CREATE TABLE pending_sign_ins (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    customer_id   BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    expires_at_ms INTEGER NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0
);

-- The reset journey's second-factor step.
ALTER TABLE password_resets ADD COLUMN factor_verified INTEGER NOT NULL DEFAULT 0;
