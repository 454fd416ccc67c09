-- Browsers a customer has signed in from (a long-lived random cookie, stored hashed): a
-- sign-in from any other sends a security e-mail (SECURITY.md 26). Keep in step with
-- migrations/sqlite/0004_known_devices.sql.
CREATE TABLE known_devices (
    customer_id UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    device_hash TEXT NOT NULL,
    first_seen  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, device_hash)
);
