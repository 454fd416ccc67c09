-- Monitoring instructions per home: the people to call in order, and the verbal password
-- (sealed with the server key, never stored in clear).
-- Keep in step with migrations/sqlite/0019_monitoring_instructions.sql.
CREATE TABLE monitoring_contacts (
    home_id  UUID NOT NULL REFERENCES homes(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name     TEXT NOT NULL,
    phone    TEXT NOT NULL,
    relation TEXT NOT NULL,
    PRIMARY KEY (home_id, position)
);
CREATE TABLE monitoring_secrets (
    home_id      UUID PRIMARY KEY NOT NULL REFERENCES homes(id) ON DELETE CASCADE,
    verbal_sealed TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
