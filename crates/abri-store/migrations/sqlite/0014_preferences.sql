-- Paperless invoices and notification choices (one row per event class and channel the
-- customer set; a missing row means the default). Keep in step with
-- migrations/postgres/0014_preferences.sql.
CREATE TABLE customer_preferences (
    customer_id BLOB PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    paperless   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE notification_preferences (
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    event_class TEXT NOT NULL,
    channel     TEXT NOT NULL,
    enabled     INTEGER NOT NULL,
    PRIMARY KEY (customer_id, event_class, channel)
);
