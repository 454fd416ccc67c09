-- Alarm systems: a panel per home (its credentials stored as a SHA-256 of a random token), its
-- zones and devices, and the events it reports (kept once per sequence number).
-- Keep in step with migrations/postgres/0015_alarm.sql.
CREATE TABLE alarm_panels (
    id              BLOB PRIMARY KEY NOT NULL,
    home_id         BLOB NOT NULL UNIQUE REFERENCES homes(id) ON DELETE CASCADE,
    serial          TEXT NOT NULL UNIQUE,
    model           TEXT NOT NULL,
    firmware        TEXT NOT NULL,
    token_hash      TEXT NOT NULL,
    token_set_at    TEXT NOT NULL,
    state           TEXT NOT NULL,
    mode            TEXT,
    state_since     TEXT NOT NULL,
    last_contact_at TEXT,
    created_at      TEXT NOT NULL
);
CREATE TABLE alarm_zones (
    panel_id BLOB NOT NULL REFERENCES alarm_panels(id) ON DELETE CASCADE,
    number   BIGINT NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (panel_id, number)
);
CREATE TABLE devices (
    id              BLOB PRIMARY KEY NOT NULL,
    panel_id        BLOB NOT NULL REFERENCES alarm_panels(id) ON DELETE CASCADE,
    external_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    label           TEXT NOT NULL,
    zone            BIGINT,
    battery         BIGINT,
    signal          BIGINT,
    tamper          BOOLEAN NOT NULL DEFAULT FALSE,
    open            BOOLEAN,
    reading         BIGINT,
    last_contact_at TEXT,
    UNIQUE (panel_id, external_id)
);
CREATE TABLE alarm_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    panel_id    BLOB NOT NULL REFERENCES alarm_panels(id) ON DELETE CASCADE,
    home_id     BLOB NOT NULL REFERENCES homes(id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    device      TEXT,
    state       TEXT,
    mode        TEXT,
    unexpected  BOOLEAN NOT NULL DEFAULT FALSE,
    actor_kind  TEXT,
    actor_user  TEXT,
    value       BIGINT,
    occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (panel_id, seq)
);
CREATE INDEX alarm_events_by_home ON alarm_events(home_id, id);
