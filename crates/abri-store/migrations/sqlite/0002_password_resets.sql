-- The forgotten-password journey (SECURITY.md 8–11). Keep in step with
-- migrations/postgres/0002_password_resets.sql.

-- A phone number counts for the SMS step only once verified.
ALTER TABLE customers ADD COLUMN phone_verified_at TEXT;

-- One row per reset link. The link's token and the browser that opened it are stored only as
-- hashes. state: pending (e-mailed) → opened (link followed, bound to one browser) → used;
-- or voided (a newer request, too many wrong SMS codes). Expiries are unix milliseconds.
CREATE TABLE password_resets (
    id                BLOB PRIMARY KEY NOT NULL,
    customer_id       BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    token_hash        TEXT NOT NULL UNIQUE,
    browser_hash      TEXT UNIQUE,
    state             TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    expires_at_ms     INTEGER NOT NULL,
    ip                TEXT,
    sms_code_hash     TEXT,
    sms_expires_at_ms INTEGER,
    sms_failures      INTEGER NOT NULL DEFAULT 0,
    sms_sends         INTEGER NOT NULL DEFAULT 0,
    sms_verified      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX password_resets_customer ON password_resets(customer_id);

-- Events counted by rate limits (reset requests per IP and per account, SMS sends…).
CREATE TABLE rate_events (
    key   TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX rate_events_key ON rate_events(key, at_ms);
