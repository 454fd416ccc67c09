-- SEPA direct-debit mandates. One active per customer; a replaced mandate is kept, revoked, for
-- the bank's records. Keep in step with migrations/sqlite/0012_sepa_mandates.sql.
CREATE TABLE sepa_mandates (
    id          UUID PRIMARY KEY NOT NULL,
    customer_id UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    reference   TEXT NOT NULL UNIQUE,
    iban        TEXT NOT NULL,
    bic         TEXT,
    holder      TEXT NOT NULL,
    signed_on   DATE NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX sepa_mandates_one_active ON sepa_mandates(customer_id) WHERE revoked_at IS NULL;
