-- Cancellation requests (résiliation en 3 clics). At most one pending per contract. Keep in
-- step with migrations/postgres/0010_cancellations.sql.
CREATE TABLE cancellations (
    id             BLOB PRIMARY KEY NOT NULL,
    contract_id    BLOB NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    reason         TEXT NOT NULL,
    wished_date    TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    status         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    withdrawn_at   TEXT
);
CREATE UNIQUE INDEX cancellations_one_pending ON cancellations(contract_id) WHERE status = 'pending';
