-- Requests to staff to protect a new home or to move one (a ticket-like record, handled by an
-- adviser). Keep in step with migrations/postgres/0013_home_requests.sql.
CREATE TABLE home_requests (
    id          BLOB PRIMARY KEY NOT NULL,
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    home_id     BLOB REFERENCES homes(id) ON DELETE SET NULL,
    street      TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city        TEXT NOT NULL,
    wished_date TEXT NOT NULL,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX home_requests_by_customer ON home_requests(customer_id, created_at);
