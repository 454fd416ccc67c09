-- What the customer said of a triggered alarm (false alarm or intrusion), once per alarm, and
-- whether a panel is considered offline (no word from it within the configured period).
-- Keep in step with migrations/postgres/0017_alarm_handling.sql.
CREATE TABLE alarm_verifications (
    id           BLOB PRIMARY KEY NOT NULL,
    panel_id     BLOB NOT NULL REFERENCES alarm_panels(id) ON DELETE CASCADE,
    customer_id  BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    triggered_at TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    UNIQUE (panel_id, triggered_at)
);
ALTER TABLE alarm_panels ADD COLUMN offline BOOLEAN NOT NULL DEFAULT FALSE;
