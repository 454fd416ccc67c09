//! Rate limits counted in the database, so that every node of a cluster sees the same counts.

use time::{Duration, OffsetDateTime};

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError};

impl Db {
    /// Counts an event under `key` at `now` and returns how many fell in the last `window`
    /// (this one included). Old events of the key are pruned on the way.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn count_event(
        &self,
        key: &str,
        window: Duration,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let counts = self.count_events(&[(key, window)], now).await?;
        Ok(counts.first().copied().unwrap_or_default())
    }

    /// [`Db::count_event`] for several keys in one transaction (a refused sign-in counts three:
    /// one transaction, not three, on the single writer; BENCHMARKS.md B2). The counts come in
    /// the order of `events`.
    ///
    /// # Errors
    /// On a database failure; then none is counted.
    pub async fn count_events(
        &self,
        events: &[(&str, Duration)],
        now: OffsetDateTime,
    ) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.begin().await?;
        let mut counts = Vec::with_capacity(events.len());
        for (key, window) in events {
            let since = [Arg::Text(key), Arg::Int(ms(now - *window))];
            tx.execute(
                "DELETE FROM rate_events WHERE key = $1 AND at_ms < $2",
                &since,
            )
            .await?;
            tx.execute(
                "INSERT INTO rate_events (key, at_ms) VALUES ($1, $2)",
                &[Arg::Text(key), Arg::Int(ms(now))],
            )
            .await?;
            let (count,): (i64,) = tx
                .fetch_one(
                    "SELECT COUNT(*) FROM rate_events WHERE key = $1 AND at_ms >= $2",
                    &since,
                )
                .await?;
            counts.push(count);
        }
        tx.commit().await?;
        Ok(counts)
    }
}
