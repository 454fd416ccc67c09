//! A home's event history, filtered and paged (newest first, by id).

use abri_domain::ids::HomeId;
use time::OffsetDateTime;

use super::AlarmEvent;
use crate::cells::Arg;
use crate::{Db, StoreError};

/// What to keep; every field left `None` keeps all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// From this moment (inclusive).
    pub from: Option<OffsetDateTime>,
    /// Before this moment (exclusive).
    pub until: Option<OffsetDateTime>,
    /// One device, by the panel's id for it.
    pub device: Option<String>,
    /// One event type.
    pub kind: Option<String>,
    /// One kind of actor (`keypad`, `app`…).
    pub actor: Option<String>,
    /// Whether heartbeats and temperature readings are kept (they are many and say little).
    pub routine: bool,
    /// Only events older than this id (the next page).
    pub before: Option<i64>,
}

impl Db {
    /// Up to `limit` events of `home` matching `filter`, newest first.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn alarm_history(
        &self,
        home: HomeId,
        filter: &HistoryFilter,
        limit: i64,
    ) -> Result<Vec<AlarmEvent>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            event_columns!(),
            " WHERE e.home_id = $1 AND ($2 IS NULL OR e.occurred_at >= $2) \
             AND ($3 IS NULL OR e.occurred_at < $3) AND ($4 IS NULL OR e.device = $4) \
             AND ($5 IS NULL OR e.kind = $5) AND ($6 IS NULL OR e.actor_kind = $6) \
             AND ($7 IS NULL OR e.id < $7) \
             AND ($8 OR e.kind NOT IN ('heartbeat', 'temperature')) \
             ORDER BY e.id DESC LIMIT $9"
        );
        let args = [
            Arg::Uuid(home.0),
            Arg::OptTime(filter.from),
            Arg::OptTime(filter.until),
            Arg::OptText(filter.device.as_deref()),
            Arg::OptText(filter.kind.as_deref()),
            Arg::OptText(filter.actor.as_deref()),
            Arg::OptInt(filter.before),
            Arg::Bool(filter.routine),
            Arg::Int(limit),
        ];
        self.read_all(SQL, &args).await
    }
}
