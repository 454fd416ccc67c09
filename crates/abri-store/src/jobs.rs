//! Jobs as rows (the outbox): enqueued inside the transaction of the change that causes them,
//! claimed by workers (`SKIP LOCKED` on PostgreSQL), retried with backoff, never deleted.

use abri_domain::jobs::{LEASE, MAX_ATTEMPTS};
use sqlx::FromRow;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row};
use crate::{Backend, Db, StoreError, Tx, dispatch};

/// A job a worker has claimed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedJob {
    /// Id.
    pub id: Uuid,
    /// What to do (`email`, `sms`).
    pub kind: String,
    /// JSON arguments.
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

impl FromColumns for ClaimedJob {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id: c.next()?,
            kind: c.next()?,
            payload: c.next()?,
            attempts: c.next()?,
        })
    }
}

/// A job as an operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct JobRow {
    /// Id.
    pub id: Uuid,
    /// Kind.
    pub kind: String,
    /// `pending`, `running`, `done` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The last failure, if any.
    pub last_error: Option<String>,
}

use crate::resets::ms;

// The job whose worker's lease ran out, else the earliest due: each half reads the `jobs_due`
// index in order and stops at the first row. (One `OR` of both read and sorted every waiting
// job at every claim: 950 jobs/s with 300 waiting, 630 with 3,000; BENCHMARKS.md B12.)
const CLAIM_SQLITE: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1, \
    locked_until_ms = $1 WHERE id = COALESCE( \
    (SELECT id FROM jobs WHERE status = 'running' AND locked_until_ms < $2 \
     ORDER BY run_at_ms LIMIT 1), \
    (SELECT id FROM jobs WHERE status = 'pending' AND run_at_ms <= $2 \
     ORDER BY run_at_ms LIMIT 1)) \
    RETURNING id, kind, payload, attempts";

const CLAIM_POSTGRES: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1, \
    locked_until_ms = $1 WHERE id = COALESCE( \
    (SELECT id FROM jobs WHERE status = 'running' AND locked_until_ms < $2 \
     ORDER BY run_at_ms LIMIT 1 FOR UPDATE SKIP LOCKED), \
    (SELECT id FROM jobs WHERE status = 'pending' AND run_at_ms <= $2 \
     ORDER BY run_at_ms LIMIT 1 FOR UPDATE SKIP LOCKED)) \
    RETURNING id, kind, payload, attempts";

impl Tx {
    /// Queues a job of `kind` with a JSON payload, due at `run_at`, in this transaction.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn enqueue_job(
        &mut self,
        kind: &str,
        payload: &serde_json::Value,
        run_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        self.execute(
            "INSERT INTO jobs (id, kind, payload, status, attempts, run_at_ms, created_at) \
             VALUES ($1, $2, $3, 'pending', 0, $4, $5)",
            &[
                Arg::Uuid(id),
                Arg::Text(kind),
                Arg::Text(&payload.to_string()),
                Arg::Int(ms(run_at)),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(id)
    }
}

impl Db {
    /// Queues a job on its own (when no other change goes with it).
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
        let mut tx = self.begin().await?;
        let id = tx.enqueue_job(kind, payload, run_at, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes the next due job (or one whose worker's lease ran out) for this worker.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn claim_job(&self, now: OffsetDateTime) -> Result<Option<ClaimedJob>, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => CLAIM_SQLITE,
            Backend::Postgres => CLAIM_POSTGRES,
        };
        self.write_returning_first(sql, &[Arg::Int(ms(now + LEASE)), Arg::Int(ms(now))])
            .await
    }

    /// Marks a claimed job done.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn finish_job(&self, id: Uuid, now: OffsetDateTime) -> Result<(), StoreError> {
        self.write(
            "UPDATE jobs SET status = 'done', locked_until_ms = NULL, finished_at = $1 WHERE id = $2",
            &[Arg::Time(now), Arg::Uuid(id)],
        )
        .await?;
        Ok(())
    }

    /// Records a failed attempt: due again after `retry_in`, or parked as `failed` once
    /// [`MAX_ATTEMPTS`] is reached. Returns whether it will be retried.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn fail_job(
        &self,
        job: &ClaimedJob,
        error: &str,
        retry_in: Duration,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let retry = job.attempts < MAX_ATTEMPTS;
        let status = if retry { "pending" } else { "failed" };
        let error: String = error.chars().take(1_000).collect();
        self.write(
            "UPDATE jobs SET status = $1, run_at_ms = $2, locked_until_ms = NULL, last_error = $3 \
             WHERE id = $4",
            &[
                Arg::Text(status),
                Arg::Int(ms(now + retry_in)),
                Arg::Text(&error),
                Arg::Uuid(job.id),
            ],
        )
        .await?;
        Ok(retry)
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

    /// The most recent jobs, newest first (for operators and tests).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn recent_jobs(&self, limit: i64) -> Result<Vec<JobRow>, StoreError> {
        const SQL: &str =
            "SELECT id, kind, status, attempts, last_error FROM jobs ORDER BY id DESC LIMIT $1";
        Ok(dispatch!(self, |pool| sqlx::query_as(SQL)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }

    /// Puts every parked (`failed`) job back in the queue, due now, with a fresh attempt count
    /// (an operator's decision after fixing the cause). Returns how many.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn retry_failed_jobs(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        self.write(
            "UPDATE jobs SET status = 'pending', attempts = 0, run_at_ms = $1 WHERE status = 'failed'",
            &[Arg::Int(ms(now))],
        )
        .await
    }
}
