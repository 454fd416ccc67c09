//! Per-account sign-in failure records.

use abri_domain::ids::CustomerId;
use abri_domain::throttle::Throttle;
use time::{Duration, OffsetDateTime};

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError, Tx};

pub(crate) fn at(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

impl Db {
    /// The failure record of an account (empty when it has none).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn throttle_of(&self, customer_id: CustomerId) -> Result<Throttle, StoreError> {
        let row: Option<(i64, i64, Option<i64>)> = self.read_optional("SELECT failures, last_failure_ms, locked_until_ms FROM sign_in_throttle WHERE customer_id = $1", &[Arg::Uuid(customer_id.0)]).await?;
        Ok(
            row.map_or_else(Throttle::default, |(failures, last, locked)| Throttle {
                failures,
                last_failure: at(last),
                locked_until: locked.and_then(at),
            }),
        )
    }

    /// Counts one more consecutive failure; locks until `lock_until` when given.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn record_sign_in_failure(
        &self,
        customer_id: CustomerId,
        now: OffsetDateTime,
        lock_until: Option<OffsetDateTime>,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO sign_in_throttle (customer_id, failures, last_failure_ms, locked_until_ms) \
             VALUES ($1, 1, $2, $3) ON CONFLICT (customer_id) DO UPDATE SET \
             failures = sign_in_throttle.failures + 1, last_failure_ms = excluded.last_failure_ms, \
             locked_until_ms = excluded.locked_until_ms",
            &[
                Arg::Uuid(customer_id.0),
                Arg::Int(ms(now)),
                Arg::OptInt(lock_until.map(ms)),
            ],
        )
        .await?;
        Ok(())
    }

    /// Forgets an account's failures (after a success).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn clear_throttle(&self, customer_id: CustomerId) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.clear_throttle(customer_id).await?;
        tx.commit().await
    }

    /// Counts the events under `key` in the last `window` without adding one.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn peek_events(
        &self,
        key: &str,
        window: Duration,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let [n, _, _] = self
            .peek_three([(key, window), (key, window), (key, window)], now)
            .await?;
        Ok(n)
    }

    /// [`Db::peek_events`] for three keys in one query (a sign-in checks three).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn peek_three(
        &self,
        keys: [(&str, Duration); 3],
        now: OffsetDateTime,
    ) -> Result<[i64; 3], StoreError> {
        let [(a, wa), (b, wb), (c, wc)] = keys;
        let counts: (i64, i64, i64) = self
            .read_one(
                "SELECT COUNT(*) FILTER (WHERE key = $1 AND at_ms >= $2), \
                        COUNT(*) FILTER (WHERE key = $3 AND at_ms >= $4), \
                        COUNT(*) FILTER (WHERE key = $5 AND at_ms >= $6) \
                 FROM rate_events WHERE key IN ($1, $3, $5)",
                &[
                    Arg::Text(a),
                    Arg::Int(ms(now - wa)),
                    Arg::Text(b),
                    Arg::Int(ms(now - wb)),
                    Arg::Text(c),
                    Arg::Int(ms(now - wc)),
                ],
            )
            .await?;
        Ok([counts.0, counts.1, counts.2])
    }
}

impl Tx {
    /// Forgets an account's failures and lock, in this transaction (a password reset).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn clear_throttle(&mut self, customer_id: CustomerId) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM sign_in_throttle WHERE customer_id = $1",
            &[Arg::Uuid(customer_id.0)],
        )
        .await?;
        Ok(())
    }
}
