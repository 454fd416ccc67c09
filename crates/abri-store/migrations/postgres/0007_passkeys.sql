-- Passkeys (WebAuthn, SECURITY.md 15). Keep in step with migrations/sqlite/0007_passkeys.sql.
CREATE TABLE passkeys (
    id            UUID PRIMARY KEY NOT NULL,
    customer_id   UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    passkey       TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX passkeys_customer ON passkeys(customer_id);

-- A WebAuthn ceremony in progress (its challenge state stays on the server), by the hash of a
-- random id the browser sends back; two minutes.
CREATE TABLE webauthn_ceremonies (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    customer_id   UUID,
    kind          TEXT NOT NULL,
    state         TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
