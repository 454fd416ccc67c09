-- Amendments (avenants): every change to a contract, numbered, with its effective date and the
-- premium before and after. Keep in step with migrations/sqlite/0009_amendments.sql.
CREATE TABLE amendments (
    id                    UUID PRIMARY KEY NOT NULL,
    contract_id           UUID NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    number                TEXT NOT NULL UNIQUE,
    kind                  TEXT NOT NULL,
    option_code           TEXT,
    effective_date        DATE NOT NULL,
    premium_before_cents  BIGINT NOT NULL,
    premium_after_cents   BIGINT NOT NULL,
    prorata_cents         BIGINT NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX amendments_contract ON amendments(contract_id);
