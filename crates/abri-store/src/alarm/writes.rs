//! What an ingested batch writes, inside its transaction.

use abri_domain::alarm::AlarmState;
use abri_domain::ids::{HomeId, PanelId};
use time::OffsetDateTime;

use super::{NewAlarmEvent, state_of};
use crate::cells::Arg;
use crate::{StoreError, Tx};

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
        let (state, mode, offline): (String, Option<String>, bool) = self
            .fetch_one(
                "UPDATE alarm_panels SET last_contact_at = $1, link = $2 WHERE id = $3 \
                 RETURNING state, mode, offline",
                &[Arg::Time(at), Arg::Text(link), Arg::Uuid(panel_id.0)],
            )
            .await?;
        Ok((state_of(&state, mode.as_deref())?, offline))
    }

    /// Clears the panel's offline mark; whether it was set (the panel is back).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn mark_online(&mut self, panel_id: PanelId) -> Result<bool, StoreError> {
        let done = self
            .execute(
                "UPDATE alarm_panels SET offline = FALSE WHERE id = $1 AND offline",
                &[Arg::Uuid(panel_id.0)],
            )
            .await?;
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
        let rows: Vec<(uuid::Uuid, uuid::Uuid, uuid::Uuid)> = self
            .fetch_all(
                "UPDATE alarm_panels SET offline = TRUE WHERE NOT offline \
                 AND last_contact_at IS NOT NULL AND last_contact_at < $1 \
                 RETURNING id, home_id, (SELECT customer_id FROM homes WHERE homes.id = home_id)",
                &[Arg::Time(silent_since)],
            )
            .await?;
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
        let id: Option<(i64,)> = self
            .fetch_optional(
                "INSERT INTO alarm_events (panel_id, home_id, seq, kind, device, state, mode, \
                 unexpected, actor_kind, actor_user, value, occurred_at, received_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                 ON CONFLICT (panel_id, seq) DO NOTHING RETURNING id",
                &[
                    Arg::Uuid(panel_id.0),
                    Arg::Uuid(home_id.0),
                    Arg::Int(event.seq),
                    Arg::Text(event.kind),
                    Arg::OptText(event.device.as_deref()),
                    Arg::OptText(event.state.map(AlarmState::word)),
                    Arg::OptText(event.state.and_then(AlarmState::mode).map(|m| m.word())),
                    Arg::Bool(event.unexpected),
                    Arg::OptText(event.actor_kind),
                    Arg::OptText(event.actor_user.as_deref()),
                    Arg::OptInt(event.value),
                    Arg::Time(event.occurred_at),
                    Arg::Time(received_at),
                ],
            )
            .await?;
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
        self.execute(
            "UPDATE alarm_panels SET state = $1, mode = $2, state_since = $3 WHERE id = $4",
            &[
                Arg::Text(state.word()),
                Arg::OptText(state.mode().map(|m| m.word())),
                Arg::Time(since),
                Arg::Uuid(panel_id.0),
            ],
        )
        .await?;
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
        let (sql, value) = match change {
            DeviceChange::Seen => (SEEN, None),
            DeviceChange::Open(open) => (set!("open"), Some(Arg::Bool(open))),
            DeviceChange::Tamper(tamper) => (set!("tamper"), Some(Arg::Bool(tamper))),
            DeviceChange::Reading(v) => (set!("reading"), Some(Arg::Int(v))),
            DeviceChange::Battery(v) => (set!("battery"), Some(Arg::Int(v))),
        };
        let (at, panel, device) = (Arg::Time(at), Arg::Uuid(panel_id.0), Arg::Text(external_id));
        match value {
            Some(value) => self.execute(sql, &[value, at, panel, device]).await?,
            None => self.execute(sql, &[at, panel, device]).await?,
        };
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
        let done = self
            .execute(
                "UPDATE alarm_panels SET token_hash = $1, token_set_at = $2 WHERE serial = $3",
                &[Arg::Text(token_hash), Arg::Time(now), Arg::Text(serial)],
            )
            .await?;
        Ok(done == 1)
    }
}
