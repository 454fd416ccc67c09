//! Rate limits counted in the database, so that every node of a cluster sees the same counts.

use time::{Duration, OffsetDateTime};

use crate::resets::ms;
use crate::{Db, StoreError, dispatch_write};
// `begin` on the SQLite writer's lent connection (a pool's is its own method).
use sqlx::Connection as _;

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
        let counts = dispatch_write!(self, |pool| {
            let mut tx = pool.begin().await?;
            let mut counts = Vec::with_capacity(events.len());
            for (key, window) in events {
                let since = ms(now - *window);
                sqlx::query("DELETE FROM rate_events WHERE key = $1 AND at_ms < $2")
                    .bind(*key)
                    .bind(since)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO rate_events (key, at_ms) VALUES ($1, $2)")
                    .bind(*key)
                    .bind(ms(now))
                    .execute(&mut *tx)
                    .await?;
                let (count,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM rate_events WHERE key = $1 AND at_ms >= $2",
                )
                .bind(*key)
                .bind(since)
                .fetch_one(&mut *tx)
                .await?;
                counts.push(count);
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(counts)
        })?;
        Ok(counts)
    }
}
