-- Amendments (avenants): every change to a contract, numbered, with its effective date and the
-- premium before and after. Keep in step with migrations/postgres/0009_amendments.sql.
CREATE TABLE amendments (
    id                    BLOB PRIMARY KEY NOT NULL,
    contract_id           BLOB NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    number                TEXT NOT NULL UNIQUE,
    kind                  TEXT NOT NULL,
    option_code           TEXT,
    effective_date        TEXT NOT NULL,
    premium_before_cents  INTEGER NOT NULL,
    premium_after_cents   INTEGER NOT NULL,
    prorata_cents         INTEGER NOT NULL,
    created_at            TEXT NOT NULL
);
CREATE INDEX amendments_contract ON amendments(contract_id);
