-- Proof-of-work solutions already accepted: each is accepted once (SECURITY.md 7). Rows can be
-- pruned after expires_at_ms (unix ms). Keep in step with migrations/postgres/0003_captcha.sql.
CREATE TABLE captcha_solutions (
    signature     TEXT PRIMARY KEY NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
