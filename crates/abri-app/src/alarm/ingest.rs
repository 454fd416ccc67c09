//! The ingest of panel events, one use case for HTTPS and MQTT: authenticate, validate, store,
//! advance the state machine, publish. MQTT messages that arrive together are stored in one
//! transaction (one commit for many events: BENCHMARKS.md B9, B10).

use std::collections::HashMap;
use std::sync::Arc;

use abri_domain::alarm::{AlarmState, Command, on_report};
use abri_domain::ingest::{DeviceEvent, EventKind, parse_batch};
use abri_store::Tx;
use abri_store::alarm::{AlarmEvent, Device, PanelAuth};
use time::OffsetDateTime;

use super::alerts::Audience;
use super::{IngestOutcome, as_stored, device_change, server_event, stored};
use crate::live::LiveEvent;
use crate::{App, AppError};

/// Batches of one panel parsed and checked, with what storing them needs to know; nothing
/// written yet. `sources[i]` is the batch `events[i]` came from.
struct Prepared {
    /// The panel's serial, as the broker's topic named it (empty over HTTPS).
    serial: String,
    panel: PanelAuth,
    events: Vec<DeviceEvent>,
    sources: Vec<usize>,
    devices: Vec<Device>,
    /// Whether an event sets the alarm off (then `audience` says whom to tell).
    goes_off: bool,
    audience: Option<Audience>,
}

/// What storing a [`Prepared`] did: for each event whether it was new (not a repeat), the
/// state after, and the stored events to publish once committed.
struct Applied {
    new: Vec<bool>,
    state: AlarmState,
    published: Vec<AlarmEvent>,
}

impl Applied {
    /// The outcome of batch `batch` among `sources`.
    fn outcome_of(&self, sources: &[usize], batch: usize) -> IngestOutcome {
        let mine: Vec<bool> = sources
            .iter()
            .zip(&self.new)
            .filter(|(s, _)| **s == batch)
            .map(|(_, new)| *new)
            .collect();
        let accepted = mine.iter().filter(|new| **new).count();
        IngestOutcome {
            accepted,
            duplicates: mine.len() - accepted,
            state: self.state,
        }
    }
}

/// A batch's events in sequence order, or its refusal.
fn parse(body: &[u8], now: OffsetDateTime) -> Result<Vec<DeviceEvent>, AppError> {
    let mut events = parse_batch(body, now).map_err(AppError::DeviceInput)?;
    events.sort_by_key(|e| e.seq);
    Ok(events)
}

fn goes_off(event: &DeviceEvent) -> bool {
    matches!(
        event.kind,
        EventKind::State {
            report: abri_domain::alarm::Report::Triggered,
            ..
        }
    )
}

impl App {
    /// Takes a batch from a panel identified by `credentials` (`<serial>.<token>`).
    ///
    /// # Errors
    /// [`AppError::Unauthenticated`] for an unknown panel or a wrong token (the same answer);
    /// [`AppError::DeviceInput`] for a refused batch. Either way nothing is stored.
    pub async fn ingest(&self, credentials: &str, body: &[u8]) -> Result<IngestOutcome, AppError> {
        let panel = self.authenticate_panel(credentials).await?;
        let now = self.clock.now();
        let events = parse(body, now)?;
        let devices = self.db.devices_of(panel.id).await?;
        let prepared = self.prepare("", panel, devices, events, 0).await?;
        let mut tx = self.db.begin().await?;
        let applied = self.apply(&mut tx, &prepared, "http", now).await?;
        tx.commit().await?;
        let outcome = IngestOutcome {
            // The `online` event Abri may add is stored too.
            accepted: applied.published.len(),
            duplicates: applied.new.iter().filter(|new| !**new).count(),
            state: applied.state,
        };
        self.publish(&prepared.panel, applied.published);
        Ok(outcome)
    }

    /// Takes the batches the MQTT broker delivered together, each on the topic of its panel
    /// `(serial, body)` (the broker authenticated the panels and limits each to its topics),
    /// all in one transaction; the group's panels and their devices are read in one query each,
    /// and consecutive batches of one panel are stored as one (the panel locked and marked
    /// once; each event costs its insert and its device's update). One answer per batch,
    /// in order: [`AppError::Unauthenticated`] for an unknown serial, [`AppError::DeviceInput`]
    /// for a refused batch (nothing of it stored; the others are).
    ///
    /// # Errors
    /// A storage failure: then nothing of any batch is stored.
    pub async fn ingest_from_broker(
        &self,
        batches: &[(&str, &[u8])],
    ) -> Result<Vec<Result<IngestOutcome, AppError>>, AppError> {
        let now = self.clock.now();
        // The group's panels and their devices, in one query each.
        let mut serials: Vec<&str> = batches.iter().map(|(serial, _)| *serial).collect();
        serials.sort_unstable();
        serials.dedup();
        let panels: HashMap<String, PanelAuth> = self
            .db
            .panels_by_serials(&serials)
            .await?
            .into_iter()
            .collect();
        let mut devices: HashMap<String, Vec<Device>> = HashMap::new();
        for (serial, device) in self.db.devices_by_serials(&serials).await? {
            devices.entry(serial).or_default().push(device);
        }
        let mut refused: Vec<Option<AppError>> = Vec::with_capacity(batches.len());
        let mut runs: Vec<Prepared> = Vec::new();
        for (n, (serial, body)) in batches.iter().enumerate() {
            let last = runs
                .last()
                .filter(|run| run.serial == *serial && !run.goes_off);
            let joins = last.is_some();
            let panel = match last {
                Some(run) => run.panel.clone(),
                None => match panels.get(*serial) {
                    Some(panel) => panel.clone(),
                    None => {
                        refused.push(Some(AppError::Unauthenticated));
                        continue;
                    }
                },
            };
            let events = match parse(body, now) {
                Ok(events) => events,
                Err(e) => {
                    refused.push(Some(e));
                    continue;
                }
            };
            refused.push(None);
            match runs.last_mut() {
                Some(run) if joins && !events.iter().any(goes_off) => {
                    run.sources.extend(std::iter::repeat_n(n, events.len()));
                    run.events.extend(events);
                }
                _ => {
                    let devices = devices.get(*serial).cloned().unwrap_or_default();
                    runs.push(self.prepare(serial, panel, devices, events, n).await?);
                }
            }
        }
        let mut tx = self.db.begin().await?;
        let mut applied = Vec::with_capacity(runs.len());
        for run in &runs {
            applied.push(self.apply(&mut tx, run, "mqtt", now).await?);
        }
        tx.commit().await?;
        let done: Vec<(Prepared, Applied)> = runs.into_iter().zip(applied).collect();
        let answers = refused
            .into_iter()
            .enumerate()
            .map(|(n, refusal)| match refusal {
                Some(e) => Err(e),
                // Every accepted batch has events (a batch holds 1 to 500), hence a run.
                None => Ok(done
                    .iter()
                    .find(|(run, _)| run.sources.contains(&n))
                    .map_or_else(IngestOutcome::none, |(run, applied)| {
                        applied.outcome_of(&run.sources, n)
                    })),
            })
            .collect();
        for (run, applied) in done {
            self.publish(&run.panel, applied.published);
        }
        Ok(answers)
    }

    /// Reads what else storing `events` of `panel` (from batch `source`) needs.
    async fn prepare(
        &self,
        serial: &str,
        panel: PanelAuth,
        devices: Vec<Device>,
        events: Vec<DeviceEvent>,
        source: usize,
    ) -> Result<Prepared, AppError> {
        let goes_off = events.iter().any(goes_off);
        let audience = if goes_off {
            self.audience(&panel).await?
        } else {
            None
        };
        Ok(Prepared {
            serial: serial.to_owned(),
            sources: vec![source; events.len()],
            panel,
            events,
            devices,
            goes_off,
            audience,
        })
    }

    /// Stores a prepared batch in `tx` and advances the panel's state; the stored events, to
    /// publish once the transaction commits.
    async fn apply(
        &self,
        tx: &mut Tx,
        batch: &Prepared,
        link: &str,
        now: OffsetDateTime,
    ) -> Result<Applied, AppError> {
        let Prepared {
            panel,
            events,
            devices,
            audience,
            ..
        } = batch;
        let (mut state, offline) = tx.lock_panel(panel.id, now, link).await?;
        let mut published = Vec::new();
        if offline && tx.mark_online(panel.id).await? {
            let row = server_event("online", now);
            if let Some(id) = tx
                .insert_alarm_event(panel.id, panel.home_id, &row, now)
                .await?
            {
                published.push(as_stored(id, panel.home_id, row, None));
            }
        }
        let mut new = Vec::with_capacity(events.len());
        for event in events {
            let step = match &event.kind {
                EventKind::State { report, .. } => Some(on_report(state, *report)),
                _ => None,
            };
            let row = stored(event, step.map(|s| (s.next, s.unexpected)));
            let Some(id) = tx
                .insert_alarm_event(panel.id, panel.home_id, &row, now)
                .await?
            else {
                new.push(false);
                continue;
            };
            new.push(true);
            let label = row
                .device
                .as_ref()
                .and_then(|d| devices.iter().find(|x| &x.external_id == d))
                .map(|x| x.label.clone());
            if let Some(step) = step {
                if let (AlarmState::Triggered, false, Some(audience)) =
                    (step.next, state == AlarmState::Triggered, audience)
                {
                    self.tell_triggered(tx, audience, panel.home_id, label.as_deref(), event.at)
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
            published.push(as_stored(id, panel.home_id, row, label));
        }
        Ok(Applied {
            new,
            state,
            published,
        })
    }

    fn publish(&self, panel: &PanelAuth, published: Vec<AlarmEvent>) {
        for event in published {
            self.events
                .publish(Arc::new(LiveEvent::new(panel.customer_id, event)));
        }
    }
}
