//! Alarm systems: the ingest of panel events (one use case for HTTPS and MQTT: authenticate,
//! validate, store, advance the state machine, publish) and what the alarm page shows.

use std::sync::Arc;

use abri_domain::alarm::{AlarmState, Command, on_report};
use abri_domain::ids::HomeId;
use abri_domain::ingest::{DeviceEvent, EventKind, parse_batch};
pub use abri_store::alarm::{AlarmEvent, Device, HistoryFilter, Panel, PanelCommand};
use abri_store::alarm::{DeviceChange, NewAlarmEvent, PanelAuth};

use crate::auth::SignedIn;
use crate::live::LiveEvent;
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
    /// Takes a batch from a panel identified by `credentials` (`<serial>.<token>`).
    ///
    /// # Errors
    /// [`AppError::Unauthenticated`] for an unknown panel or a wrong token (the same answer);
    /// [`AppError::DeviceInput`] for a refused batch. Either way nothing is stored.
    pub async fn ingest(&self, credentials: &str, body: &[u8]) -> Result<IngestOutcome, AppError> {
        let panel = self.authenticate_panel(credentials).await?;
        self.ingest_for(&panel, body, "http").await
    }

    /// Takes a batch the MQTT broker delivered on the topic of panel `serial` (the broker
    /// authenticated the panel and limits it to its own topics).
    ///
    /// # Errors
    /// [`AppError::Unauthenticated`] for an unknown serial; [`AppError::DeviceInput`] for a
    /// refused batch. Either way nothing is stored.
    pub async fn ingest_from_broker(
        &self,
        serial: &str,
        body: &[u8],
    ) -> Result<IngestOutcome, AppError> {
        let panel = self
            .db
            .panel_by_serial(serial)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        self.ingest_for(&panel, body, "mqtt").await
    }

    async fn ingest_for(
        &self,
        panel: &PanelAuth,
        body: &[u8],
        link: &str,
    ) -> Result<IngestOutcome, AppError> {
        let now = self.clock.now();
        let mut events = parse_batch(body, now).map_err(AppError::DeviceInput)?;
        events.sort_by_key(|e| e.seq);
        let devices = self.db.devices_of(panel.id).await?;
        let goes_off = events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::State {
                    report: abri_domain::alarm::Report::Triggered,
                    ..
                }
            )
        });
        let audience = if goes_off {
            self.audience(panel).await?
        } else {
            None
        };

        let mut tx = self.db.begin().await?;
        let mut state = tx.lock_panel(panel.id, now, link).await?;
        let mut published = Vec::new();
        if tx.mark_online(panel.id).await? {
            let row = server_event("online", now);
            if let Some(id) = tx
                .insert_alarm_event(panel.id, panel.home_id, &row, now)
                .await?
            {
                published.push(as_stored(id, panel.home_id, row, None));
            }
        }
        let mut duplicates = 0;
        for event in &events {
            let step = match &event.kind {
                EventKind::State { report, .. } => Some(on_report(state, *report)),
                _ => None,
            };
            let row = stored(event, step.map(|s| (s.next, s.unexpected)));
            let Some(id) = tx
                .insert_alarm_event(panel.id, panel.home_id, &row, now)
                .await?
            else {
                duplicates += 1;
                continue;
            };
            if let Some(step) = step {
                if let (AlarmState::Triggered, false, Some(audience)) =
                    (step.next, state == AlarmState::Triggered, &audience)
                {
                    let place = event
                        .device
                        .as_ref()
                        .and_then(|d| devices.iter().find(|x| &x.external_id == d))
                        .map(|x| x.label.as_str());
                    self.tell_triggered(&mut tx, audience, panel.home_id, place, event.at)
                        .await?;
                }
                tx.set_panel_state(panel.id, step.next, event.at).await?;
                if let Some(answered) = Command::confirmed_by(step.next) {
                    tx.confirm_commands(panel.id, answered, now).await?;
                }
                state = step.next;
            }
            if let Some(device) = &event.device {
                tx.update_device(panel.id, device, device_change(&event.kind), event.at)
                    .await?;
            }
            let label = row
                .device
                .as_ref()
                .and_then(|d| devices.iter().find(|x| &x.external_id == d))
                .map(|x| x.label.clone());
            published.push(as_stored(id, panel.home_id, row, label));
        }
        tx.commit().await?;
        let accepted = published.len();
        for event in published {
            self.events.publish(Arc::new(LiveEvent {
                customer_id: panel.customer_id,
                event,
            }));
        }
        Ok(IngestOutcome {
            accepted,
            duplicates,
            state,
        })
    }

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
mod instructions;
pub use instructions::Instructions;
