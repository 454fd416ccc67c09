-- Consecutive sign-in failures per account (SECURITY.md 6), cleared by a success or a password
-- reset. Times are unix milliseconds. Keep in step with migrations/sqlite/0005_sign_in_throttle.sql.
CREATE TABLE sign_in_throttle (
    customer_id      UUID PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    failures         BIGINT NOT NULL,
    last_failure_ms  BIGINT NOT NULL,
    locked_until_ms  BIGINT
);
