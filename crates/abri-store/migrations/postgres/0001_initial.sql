-- Abri's first tables. Keep in step with migrations/sqlite/0001_initial.sql (same tables,
-- same columns; the schema-parity test compares them).

CREATE TABLE customers (
    id          UUID PRIMARY KEY NOT NULL,
    number      TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL UNIQUE,
    phone       TEXT,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT 'fr',
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE credentials (
    customer_id   UUID PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE homes (
    id          UUID PRIMARY KEY NOT NULL,
    customer_id UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    street      TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX homes_customer ON homes(customer_id);

CREATE TABLE home_equipment (
    id       UUID PRIMARY KEY NOT NULL,
    home_id  UUID NOT NULL REFERENCES homes(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    location TEXT NOT NULL,
    quantity BIGINT NOT NULL
);
CREATE INDEX home_equipment_home ON home_equipment(home_id);

CREATE TABLE contracts (
    id            UUID PRIMARY KEY NOT NULL,
    customer_id   UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    home_id       UUID NOT NULL REFERENCES homes(id) ON DELETE CASCADE,
    number        TEXT NOT NULL UNIQUE,
    product       TEXT NOT NULL,
    status        TEXT NOT NULL,
    start_date    DATE NOT NULL,
    end_date      DATE,
    premium_cents BIGINT NOT NULL,
    frequency     TEXT NOT NULL
);
CREATE INDEX contracts_customer ON contracts(customer_id);
CREATE INDEX contracts_home ON contracts(home_id);

CREATE TABLE guarantees (
    id               UUID PRIMARY KEY NOT NULL,
    contract_id      UUID NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    ceiling_cents    BIGINT,
    deductible_cents BIGINT NOT NULL,
    position         BIGINT NOT NULL
);
CREATE INDEX guarantees_contract ON guarantees(contract_id);

CREATE TABLE option_catalogue (
    code        TEXT PRIMARY KEY NOT NULL,
    product     TEXT NOT NULL,
    price_cents BIGINT NOT NULL, -- per month
    position    BIGINT NOT NULL
);

CREATE TABLE contract_options (
    contract_id   UUID NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    option_code   TEXT NOT NULL REFERENCES option_catalogue(code),
    subscribed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (contract_id, option_code)
);

CREATE TABLE staff_users (
    id            UUID PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY NOT NULL,
    public_id    UUID NOT NULL UNIQUE,
    customer_id  UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    fresh_at     TIMESTAMPTZ NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_customer ON sessions(customer_id);

CREATE TABLE audit_events (
    id          UUID PRIMARY KEY NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    customer_id UUID REFERENCES customers(id) ON DELETE SET NULL,
    staff_id    UUID REFERENCES staff_users(id) ON DELETE SET NULL,
    ip          TEXT,
    user_agent  TEXT,
    action      TEXT NOT NULL,
    result      TEXT NOT NULL,
    method      TEXT,
    detail      TEXT
);
CREATE INDEX audit_events_customer ON audit_events(customer_id);

-- The outbox: e-mails, SMS and later notifications, written in the same transaction as the
-- change that causes them, claimed and run by the worker. Times the claim compares are unix
-- milliseconds so that both databases compare them as numbers.
CREATE TABLE jobs (
    id              UUID PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    run_at_ms       BIGINT NOT NULL,
    locked_until_ms BIGINT,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);
CREATE INDEX jobs_due ON jobs(status, run_at_ms);

-- What the local outbox "sent" (demo and tests): shown at /dev/outbox.
CREATE TABLE outbox_messages (
    id         UUID PRIMARY KEY NOT NULL,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT,
    body_text  TEXT NOT NULL,
    body_html  TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
