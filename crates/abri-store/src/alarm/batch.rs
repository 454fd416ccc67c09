//! A group of events stored in one statement: a panel's batch of readings, which each cost a
//! round trip to the database's connection before (SQLite's driver runs it on a thread of its
//! own: two thread switches a statement; BENCHMARKS.md B6, B10). The rows travel as one JSON
//! array that the database unpacks itself: the statement's text stays the same whatever the
//! count.

use std::collections::{HashMap, HashSet};

use abri_domain::alarm::AlarmState;
use abri_domain::ids::{HomeId, PanelId};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::NewAlarmEvent;
use crate::{StoreError, Tx};

/// The events as the JSON rows both statements below unpack.
fn rows(events: &[NewAlarmEvent]) -> Result<String, StoreError> {
    let rows = events
        .iter()
        .map(|e| {
            Ok(json!({
                "seq": e.seq,
                "kind": e.kind,
                "device": e.device,
                "state": e.state.map(AlarmState::word),
                "mode": e.state.and_then(AlarmState::mode).map(|m| m.word()),
                "unexpected": e.unexpected,
                "actor_kind": e.actor_kind,
                "actor_user": e.actor_user,
                "value": e.value,
                // As sqlx writes an instant into SQLite: RFC 3339 text.
                "occurred_at": e.occurred_at.format(&Rfc3339).map_err(|_| StoreError::Corrupt {
                    column: "alarm_events.occurred_at",
                    value: e.occurred_at.to_string(),
                })?,
            }))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(serde_json::Value::Array(rows).to_string())
}

impl Tx {
    /// Which of `seqs` the panel already sent (stored events).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn known_seqs(
        &mut self,
        panel_id: PanelId,
        seqs: &[i64],
    ) -> Result<HashSet<i64>, StoreError> {
        let found: Vec<(i64,)> = match self {
            Self::Sqlite(tx) => {
                let seqs = serde_json::to_string(seqs).unwrap_or_else(|_| "[]".into());
                sqlx::query_as(
                    "SELECT seq FROM alarm_events WHERE panel_id = $1 \
                     AND seq IN (SELECT value FROM json_each($2))",
                )
                .bind(panel_id.0)
                .bind(seqs)
                .fetch_all(&mut **tx)
                .await?
            }
            Self::Postgres(tx) => {
                sqlx::query_as("SELECT seq FROM alarm_events WHERE panel_id = $1 AND seq = ANY($2)")
                    .bind(panel_id.0)
                    .bind(seqs)
                    .fetch_all(&mut **tx)
                    .await?
            }
        };
        Ok(found.into_iter().map(|(seq,)| seq).collect())
    }

    /// Stores `events` of a panel in one statement, each unless the panel already sent its
    /// sequence number: the new rows' ids in the order of `events`, `None` for a repeat.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_alarm_events(
        &mut self,
        panel_id: PanelId,
        home_id: HomeId,
        events: &[NewAlarmEvent],
        received_at: OffsetDateTime,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let rows = rows(events)?;
        let stored: Vec<(i64, i64)> =
            match self {
                Self::Sqlite(tx) => sqlx::query_as(
                    "INSERT INTO alarm_events (panel_id, home_id, seq, kind, device, state, mode, \
                     unexpected, actor_kind, actor_user, value, occurred_at, received_at) \
                     SELECT $1, $2, e.value ->> '$.seq', e.value ->> '$.kind', \
                     e.value ->> '$.device', e.value ->> '$.state', e.value ->> '$.mode', \
                     e.value ->> '$.unexpected', e.value ->> '$.actor_kind', \
                     e.value ->> '$.actor_user', e.value ->> '$.value', \
                     e.value ->> '$.occurred_at', $3 \
                     FROM json_each($4) AS e WHERE true \
                     ON CONFLICT (panel_id, seq) DO NOTHING RETURNING seq, id",
                )
                .bind(panel_id.0)
                .bind(home_id.0)
                .bind(received_at)
                .bind(rows)
                .fetch_all(&mut **tx)
                .await?,
                Self::Postgres(tx) => sqlx::query_as(
                    "INSERT INTO alarm_events (panel_id, home_id, seq, kind, device, state, mode, \
                     unexpected, actor_kind, actor_user, value, occurred_at, received_at) \
                     SELECT $1, $2, e.seq, e.kind, e.device, e.state, e.mode, e.unexpected, \
                     e.actor_kind, e.actor_user, e.value, e.occurred_at, $3 \
                     FROM jsonb_to_recordset($4::jsonb) AS e(seq BIGINT, kind TEXT, device TEXT, \
                     state TEXT, mode TEXT, unexpected BOOLEAN, actor_kind TEXT, \
                     actor_user TEXT, value BIGINT, occurred_at TIMESTAMPTZ) \
                     ON CONFLICT (panel_id, seq) DO NOTHING RETURNING seq, id",
                )
                .bind(panel_id.0)
                .bind(home_id.0)
                .bind(received_at)
                .bind(rows)
                .fetch_all(&mut **tx)
                .await?,
            };
        // The first event of each new sequence number has its row; later ones are repeats.
        let mut ids: HashMap<i64, i64> = stored.into_iter().collect();
        Ok(events.iter().map(|e| ids.remove(&e.seq)).collect())
    }
}
