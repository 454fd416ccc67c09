-- Cancellation requests (résiliation en 3 clics). At most one pending per contract. Keep in
-- step with migrations/sqlite/0010_cancellations.sql.
CREATE TABLE cancellations (
    id             UUID PRIMARY KEY NOT NULL,
    contract_id    UUID NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    reason         TEXT NOT NULL,
    wished_date    DATE NOT NULL,
    effective_date DATE NOT NULL,
    status         TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    withdrawn_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX cancellations_one_pending ON cancellations(contract_id) WHERE status = 'pending';
