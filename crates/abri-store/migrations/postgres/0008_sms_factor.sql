-- SMS codes as a second factor (SECURITY.md 14), only to a verified phone. Keep in step with
-- migrations/sqlite/0008_sms_factor.sql.
CREATE TABLE sms_factors (
    customer_id UUID PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    enabled_at  TIMESTAMPTZ NOT NULL
);

-- The code in flight for a purpose (enrol, sign_in): stored hashed, 10 minutes, 5 wrong tries,
-- a resend replaces it. Times are unix milliseconds.
CREATE TABLE sms_challenges (
    customer_id   UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    purpose       TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    failures      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, purpose)
);
