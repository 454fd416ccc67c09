-- Passkeys (WebAuthn, SECURITY.md 15). Keep in step with migrations/postgres/0007_passkeys.sql.
CREATE TABLE passkeys (
    id            BLOB PRIMARY KEY NOT NULL,
    customer_id   BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    passkey       TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT
);
CREATE INDEX passkeys_customer ON passkeys(customer_id);

-- A WebAuthn ceremony in progress (its challenge state stays on the server), by the hash of a
-- random id the browser sends back; two minutes.
CREATE TABLE webauthn_ceremonies (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    customer_id   BLOB,
    kind          TEXT NOT NULL,
    state         TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
