//! Alarm systems: what the alarm page shows, and the helpers of the ingest (`alarm/ingest.rs`).

use abri_domain::alarm::AlarmState;
use abri_domain::ids::HomeId;
use abri_domain::ingest::{DeviceEvent, EventKind};
pub use abri_store::alarm::{AlarmEvent, Device, HistoryFilter, Panel, PanelCommand};
use abri_store::alarm::{DeviceChange, NewAlarmEvent};

use crate::auth::SignedIn;
use crate::{App, AppError};

/// What an accepted batch did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestOutcome {
    /// Events stored.
    pub accepted: usize,
    /// Events already stored (a repeat of a sequence number), dropped.
    pub duplicates: usize,
    /// The panel's state after the batch.
    pub state: AlarmState,
}

impl IngestOutcome {
    /// Nothing stored, nothing repeated.
    pub(crate) const fn none() -> Self {
        Self {
            accepted: 0,
            duplicates: 0,
            state: AlarmState::Disarmed,
        }
    }
}

/// Everything the alarm page of a home shows.
#[derive(Clone, Debug)]
pub struct AlarmView {
    /// The panel and its state.
    pub panel: Panel,
    /// Its devices.
    pub devices: Vec<Device>,
    /// The latest events, newest first.
    pub events: Vec<AlarmEvent>,
    /// The latest command sent from the customer space, with its fate.
    pub last_command: Option<PanelCommand>,
    /// While triggered: what the customer said of it, and when.
    pub verdict: Option<(abri_domain::alarm::Verdict, time::OffsetDateTime)>,
}

/// How many stored events a stream replays per query.
pub const REPLAY_PAGE: usize = 500;

/// Alarm timings.
#[derive(Clone, Copy, Debug)]
pub struct AlarmSettings {
    /// How long a panel has to confirm a command.
    pub command_timeout: time::Duration,
    /// Silence after which a panel is considered offline.
    pub offline_after: time::Duration,
}

impl Default for AlarmSettings {
    fn default() -> Self {
        Self {
            command_timeout: time::Duration::seconds(30),
            offline_after: time::Duration::minutes(15),
        }
    }
}

fn stored(event: &DeviceEvent, state: Option<(AlarmState, bool)>) -> NewAlarmEvent {
    let (actor_kind, actor_user) = match &event.kind {
        EventKind::State { by, .. } => (
            Some(by.word()),
            match by {
                abri_domain::alarm::Actor::Keypad { user }
                | abri_domain::alarm::Actor::Tag { user } => Some(user.clone()),
                _ => None,
            },
        ),
        _ => (None, None),
    };
    let value = match event.kind {
        EventKind::Temperature(v) | EventKind::Battery(v) => Some(v),
        EventKind::Heartbeat(v) => v,
        _ => None,
    };
    NewAlarmEvent {
        seq: event.seq,
        kind: event.kind.word(),
        device: event.device.clone(),
        state: state.map(|(s, _)| s),
        unexpected: state.is_some_and(|(_, u)| u),
        actor_kind,
        actor_user,
        value,
        occurred_at: event.at,
    }
}

/// An event raised by Abri itself (`offline`, `online`): its sequence number is negative, from
/// the clock in milliseconds and the kind, so it never meets a panel's nor the other kind's.
pub(crate) fn server_event(kind: &'static str, now: time::OffsetDateTime) -> NewAlarmEvent {
    let millis = i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX / 4);
    let code = i64::from(kind == "online");
    NewAlarmEvent {
        seq: -(millis.saturating_mul(2) + code),
        kind,
        device: None,
        state: None,
        unexpected: false,
        actor_kind: None,
        actor_user: None,
        value: None,
        occurred_at: now,
    }
}

/// The event as stored, for the bus.
pub(crate) fn as_stored(
    id: i64,
    home_id: HomeId,
    row: NewAlarmEvent,
    device_label: Option<String>,
) -> AlarmEvent {
    AlarmEvent {
        id,
        home_id,
        seq: row.seq,
        kind: row.kind.to_owned(),
        device_label,
        device: row.device,
        state: row.state.map(|s| s.word().to_owned()),
        mode: row
            .state
            .and_then(AlarmState::mode)
            .map(|m| m.word().to_owned()),
        unexpected: row.unexpected,
        actor_kind: row.actor_kind.map(str::to_owned),
        actor_user: row.actor_user,
        value: row.value,
        occurred_at: row.occurred_at,
    }
}

fn device_change(kind: &EventKind) -> DeviceChange {
    match kind {
        EventKind::Opened => DeviceChange::Open(true),
        EventKind::Closed => DeviceChange::Open(false),
        EventKind::Tamper => DeviceChange::Tamper(true),
        EventKind::TamperRestored => DeviceChange::Tamper(false),
        EventKind::Temperature(v) => DeviceChange::Reading(*v),
        EventKind::Battery(v) => DeviceChange::Battery(*v),
        _ => DeviceChange::Seen,
    }
}

impl App {
    /// The alarm of one of the customer's homes; `None` when the home has no panel.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's home; a storage failure.
    pub async fn alarm(&self, who: &SignedIn, home: HomeId) -> Result<Option<AlarmView>, AppError> {
        self.db
            .home_of(who.customer.id, home)
            .await?
            .ok_or(AppError::NotFound)?;
        let Some(panel) = self.db.panel_of_home(who.customer.id, home).await? else {
            return Ok(None);
        };
        let devices = self.db.devices_of(panel.id).await?;
        let events = self
            .db
            .alarm_history(home, &HistoryFilter::default(), 50)
            .await?;
        self.db
            .fail_overdue_commands(panel.id, self.clock.now())
            .await?;
        let last_command = self.db.latest_command(panel.id).await?;
        let verdict = if panel.state == AlarmState::Triggered {
            self.db.verdict_on(panel.id, panel.state_since).await?
        } else {
            None
        };
        Ok(Some(AlarmView {
            panel,
            devices,
            events,
            last_command,
            verdict,
        }))
    }

    /// A page of the stored events of a customer's homes after `after` (a stream's replay);
    /// a full page ([`REPLAY_PAGE`]) means there may be more.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn alarm_events_after_for(
        &self,
        customer: abri_domain::ids::CustomerId,
        after: i64,
    ) -> Result<Vec<AlarmEvent>, AppError> {
        Ok(self
            .db
            .alarm_events_after(customer, after, REPLAY_PAGE as i64)
            .await?)
    }
}

mod alerts;
mod commands;
mod health;
mod history;
mod ingest;
mod instructions;
pub use instructions::Instructions;
