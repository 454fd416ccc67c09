-- Commands customers send to their panel (arm, disarm): queued for a panel that polls, or
-- published over MQTT; confirmed by the panel's next state, failed past their deadline.
-- Keep in step with migrations/postgres/0016_panel_commands.sql.
CREATE TABLE panel_commands (
    id           BLOB PRIMARY KEY NOT NULL,
    panel_id     BLOB NOT NULL REFERENCES alarm_panels(id) ON DELETE CASCADE,
    customer_id  BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    command      TEXT NOT NULL,
    mode         TEXT,
    status       TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    deadline_at  TEXT NOT NULL,
    sent_at      TEXT,
    settled_at   TEXT
);
CREATE INDEX panel_commands_by_panel ON panel_commands(panel_id, status, requested_at);
