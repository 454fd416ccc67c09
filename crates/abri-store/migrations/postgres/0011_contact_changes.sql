-- A change of e-mail or phone waiting for the code sent to the new contact (10 minutes, 5
-- tries). Keep in step with migrations/sqlite/0011_contact_changes.sql.
CREATE TABLE contact_changes (
    customer_id   UUID NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    new_value     TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    failures      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, kind)
);
