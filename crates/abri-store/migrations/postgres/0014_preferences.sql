-- Paperless invoices and notification choices (one row per event class and channel the
-- customer set; a missing row means the default). Keep in step with
-- migrations/sqlite/0014_preferences.sql.
CREATE TABLE customer_preferences (
    customer_id UUID PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    paperless   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE notification_preferences (
    customer_id UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    event_class TEXT NOT NULL,
    channel     TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    PRIMARY KEY (customer_id, event_class, channel)
);
