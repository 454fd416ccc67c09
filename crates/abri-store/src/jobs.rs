//! Jobs as rows (the outbox). This slice only enqueues; the worker that claims and runs them
//! (with `SKIP LOCKED` on PostgreSQL) comes with e-mail delivery.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Db, StoreError, dispatch};

impl Db {
    /// Queues a job of `kind` with a JSON payload, to run from `run_at`.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn enqueue_job(
        &self,
        kind: &str,
        payload: &serde_json::Value,
        run_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        dispatch!(self, |pool| {
            sqlx::query(
                "INSERT INTO jobs (id, kind, payload, status, attempts, run_at, created_at) \
                 VALUES ($1, $2, $3, 'pending', 0, $4, $5)",
            )
            .bind(id)
            .bind(kind)
            .bind(payload.to_string())
            .bind(run_at)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(id)
    }

    /// How many jobs wait to run.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn pending_jobs(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = dispatch!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM jobs WHERE status = 'pending'")
                .fetch_one(pool)
                .await
        })?;
        Ok(n)
    }
}
