//! What an ingested batch writes, inside its transaction.

use abri_domain::alarm::AlarmState;
use abri_domain::ids::{HomeId, PanelId};
use time::OffsetDateTime;

use super::{NewAlarmEvent, state_of};
use crate::{StoreError, Tx, dispatch_tx};

/// What an event changes on its device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceChange {
    /// Only that it spoke.
    Seen,
    /// A contact opened (true) or closed.
    Open(bool),
    /// Tamper raised (true) or restored.
    Tamper(bool),
    /// A new reading.
    Reading(i64),
    /// A new battery level.
    Battery(i64),
}

/// Only that a device spoke (bound: when, panel, device).
const SEEN: &str =
    "UPDATE devices SET last_contact_at = $1 WHERE panel_id = $2 AND external_id = $3";

impl Tx {
    /// Records that the panel spoke at `at` over `link` (`http`, `mqtt`) and returns the state
    /// we knew and whether the panel is marked offline (then [`Tx::mark_online`]), holding the
    /// panel's
    /// row until the transaction ends (PostgreSQL's row lock; SQLite's immediate transaction),
    /// so two batches of one panel advance the state one after the other.
    ///
    /// # Errors
    /// On a database failure, or when the panel is gone.
    pub async fn lock_panel(
        &mut self,
        panel_id: PanelId,
        at: OffsetDateTime,
        link: &str,
    ) -> Result<(AlarmState, bool), StoreError> {
        let (state, mode, offline): (String, Option<String>, bool) = dispatch_tx!(self, |conn| {
            sqlx::query_as(
                "UPDATE alarm_panels SET last_contact_at = $1, link = $3 WHERE id = $2 \
                 RETURNING state, mode, offline",
            )
            .bind(at)
            .bind(panel_id.0)
            .bind(link)
            .fetch_one(&mut *conn)
            .await
        })?;
        Ok((state_of(&state, mode.as_deref())?, offline))
    }

    /// Clears the panel's offline mark; whether it was set (the panel is back).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn mark_online(&mut self, panel_id: PanelId) -> Result<bool, StoreError> {
        let done = dispatch_tx!(self, |conn| {
            sqlx::query("UPDATE alarm_panels SET offline = FALSE WHERE id = $1 AND offline")
                .bind(panel_id.0)
                .execute(&mut *conn)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done == 1)
    }

    /// Marks offline, and returns, the panels silent since before `silent_since` that were
    /// not marked yet: (panel, home, owner).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn mark_offline(
        &mut self,
        silent_since: OffsetDateTime,
    ) -> Result<Vec<(PanelId, HomeId, abri_domain::ids::CustomerId)>, StoreError> {
        let rows: Vec<(uuid::Uuid, uuid::Uuid, uuid::Uuid)> = dispatch_tx!(self, |conn| {
            sqlx::query_as(
                "UPDATE alarm_panels SET offline = TRUE WHERE NOT offline \
                 AND last_contact_at IS NOT NULL AND last_contact_at < $1 \
                 RETURNING id, home_id, (SELECT customer_id FROM homes WHERE homes.id = home_id)",
            )
            .bind(silent_since)
            .fetch_all(&mut *conn)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(p, h, c)| (PanelId(p), HomeId(h), abri_domain::ids::CustomerId(c)))
            .collect())
    }

    /// Stores an event unless the panel already sent this sequence number; the new row's id,
    /// or `None` for a repeat.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_alarm_event(
        &mut self,
        panel_id: PanelId,
        home_id: HomeId,
        event: &NewAlarmEvent,
        received_at: OffsetDateTime,
    ) -> Result<Option<i64>, StoreError> {
        let id: Option<(i64,)> = dispatch_tx!(self, |conn| {
            sqlx::query_as(
                "INSERT INTO alarm_events (panel_id, home_id, seq, kind, device, state, mode, \
                 unexpected, actor_kind, actor_user, value, occurred_at, received_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 ON CONFLICT (panel_id, seq) DO NOTHING RETURNING id",
            )
            .bind(panel_id.0)
            .bind(home_id.0)
            .bind(event.seq)
            .bind(event.kind)
            .bind(&event.device)
            .bind(event.state.map(AlarmState::word))
            .bind(event.state.and_then(AlarmState::mode).map(|m| m.word()))
            .bind(event.unexpected)
            .bind(event.actor_kind)
            .bind(&event.actor_user)
            .bind(event.value)
            .bind(event.occurred_at)
            .bind(received_at)
            .fetch_optional(&mut *conn)
            .await
        })?;
        Ok(id.map(|(id,)| id))
    }

    /// Sets the panel's state.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_panel_state(
        &mut self,
        panel_id: PanelId,
        state: AlarmState,
        since: OffsetDateTime,
    ) -> Result<(), StoreError> {
        dispatch_tx!(self, |conn| {
            sqlx::query(
                "UPDATE alarm_panels SET state = $1, mode = $2, state_since = $3 WHERE id = $4",
            )
            .bind(state.word())
            .bind(state.mode().map(|m| m.word()))
            .bind(since)
            .bind(panel_id.0)
            .execute(&mut *conn)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Applies what an event says about a device; a device the panel has not paired with us
    /// changes nothing.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn update_device(
        &mut self,
        panel_id: PanelId,
        external_id: &str,
        change: DeviceChange,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        macro_rules! set {
            ($column:literal) => {
                concat!(
                    "UPDATE devices SET ",
                    $column,
                    " = $1, last_contact_at = $2 WHERE panel_id = $3 AND external_id = $4"
                )
            };
        }
        let (sql, flag, number) = match change {
            DeviceChange::Seen => (SEEN, None, None),
            DeviceChange::Open(open) => (set!("open"), Some(open), None),
            DeviceChange::Tamper(tamper) => (set!("tamper"), Some(tamper), None),
            DeviceChange::Reading(v) => (set!("reading"), None, Some(v)),
            DeviceChange::Battery(v) => (set!("battery"), None, Some(v)),
        };
        dispatch_tx!(self, |conn| {
            let query = sqlx::query(sql);
            let query = match (flag, number) {
                (Some(flag), _) => query.bind(flag),
                (None, Some(number)) => query.bind(number),
                (None, None) => query,
            };
            query
                .bind(at)
                .bind(panel_id.0)
                .bind(external_id)
                .execute(&mut *conn)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Replaces the token hash of the panel with this serial; whether there is one.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_panel_token(
        &mut self,
        serial: &str,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = dispatch_tx!(self, |conn| {
            sqlx::query(
                "UPDATE alarm_panels SET token_hash = $1, token_set_at = $2 WHERE serial = $3",
            )
            .bind(token_hash)
            .bind(now)
            .bind(serial)
            .execute(&mut *conn)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(done == 1)
    }
}
