-- Commands customers send to their panel (arm, disarm): queued for a panel that polls, or
-- published over MQTT; confirmed by the panel's next state, failed past their deadline.
-- Keep in step with migrations/sqlite/0016_panel_commands.sql.
CREATE TABLE panel_commands (
    id           UUID PRIMARY KEY NOT NULL,
    panel_id     UUID NOT NULL REFERENCES alarm_panels(id) ON DELETE CASCADE,
    customer_id  UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    command      TEXT NOT NULL,
    mode         TEXT,
    status       TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    deadline_at  TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ,
    settled_at   TIMESTAMPTZ
);
CREATE INDEX panel_commands_by_panel ON panel_commands(panel_id, status, requested_at);
