-- Second factors (SECURITY.md 12–13). Keep in step with migrations/sqlite/0006_second_factors.sql.

-- The authenticator-app secret, encrypted with a key derived from the server's secret key.
-- Unconfirmed until a code proves the enrolment. last_step: the newest time step accepted,
-- so that a code is accepted once.
CREATE TABLE totp_factors (
    customer_id  UUID PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    secret_enc   TEXT NOT NULL,
    confirmed_at TIMESTAMPTZ,
    last_step    BIGINT NOT NULL DEFAULT -1,
    created_at   TIMESTAMPTZ NOT NULL
);

-- Ten single-use recovery codes per customer, stored hashed; regenerating deletes the old set.
CREATE TABLE recovery_codes (
    id          UUID PRIMARY KEY NOT NULL,
    customer_id UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL UNIQUE,
    used_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX recovery_codes_customer ON recovery_codes(customer_id);

-- A password checked, a second factor awaited (the browser holds the token; 5 minutes).
CREATE TABLE pending_sign_ins (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    customer_id   UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    expires_at_ms BIGINT NOT NULL,
    failures      BIGINT NOT NULL DEFAULT 0
);

-- The reset journey's second-factor step.
ALTER TABLE password_resets ADD COLUMN factor_verified BIGINT NOT NULL DEFAULT 0;
