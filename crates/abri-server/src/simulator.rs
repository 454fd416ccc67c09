//! `abri simulate`: alarm panels that speak to Abri over HTTP like real ones — a heartbeat,
//! doors and motion while people are home, temperatures — and carry out the commands they
//! poll (arm with an exit delay, disarm). `abri demo` runs one per demo home.

use std::time::Duration;

use rand::Rng;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How a simulated panel behaves.
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Abri's address (`http://127.0.0.1:8080`).
    pub base_url: String,
    /// Time between arming and armed.
    pub exit_delay: Duration,
    /// Mean time between two everyday events (a door, a motion, a temperature).
    pub traffic_every: Duration,
    /// How often commands are polled.
    pub poll_every: Duration,
}

/// One simulated panel: its serial, token and devices (id, kind).
#[derive(Clone, Debug)]
pub struct SimPanel {
    /// Serial number.
    pub serial: String,
    /// Its token.
    pub token: String,
    /// Its devices: (id, kind).
    pub devices: Vec<(String, String)>,
}

struct Running {
    client: reqwest::Client,
    options: SimOptions,
    panel: SimPanel,
    seq: i64,
    /// The state word the server last answered.
    state: String,
}

impl Running {
    async fn send(&mut self, mut events: Vec<Value>) {
        let at = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        for event in &mut events {
            self.seq += 1;
            event["seq"] = json!(self.seq);
            event["at"] = json!(at);
        }
        let response = self
            .client
            .post(format!("{}/api/v1/ingest", self.options.base_url))
            .bearer_auth(format!("{}.{}", self.panel.serial, self.panel.token))
            .json(&json!({ "events": events }))
            .send()
            .await;
        match response {
            Ok(r) if r.status().is_success() => {
                if let Ok(answer) = r.json::<Value>().await
                    && let Some(state) = answer["state"].as_str()
                {
                    state.clone_into(&mut self.state);
                }
            }
            Ok(r) => {
                tracing::warn!(panel = %self.panel.serial, status = %r.status(), "ingest refused")
            }
            Err(e) => tracing::warn!(panel = %self.panel.serial, error = %e, "ingest unreachable"),
        }
    }

    async fn poll(&mut self) {
        let response = self
            .client
            .get(format!("{}/api/v1/ingest/commands", self.options.base_url))
            .bearer_auth(format!("{}.{}", self.panel.serial, self.panel.token))
            .send()
            .await;
        let Ok(answer) = (match response {
            Ok(r) => r.json::<Value>().await,
            Err(e) => {
                tracing::debug!(error = %e, "commands unreachable");
                return;
            }
        }) else {
            return;
        };
        for command in answer["commands"].as_array().cloned().unwrap_or_default() {
            match (command["command"].as_str(), command["mode"].as_str()) {
                (Some("arm"), Some(mode)) => {
                    self.send(vec![
                        json!({"type": "exit_delay", "mode": mode, "by": {"kind": "app"}}),
                    ])
                    .await;
                    tokio::time::sleep(self.options.exit_delay).await;
                    self.send(vec![json!({"type": "armed", "mode": mode})])
                        .await;
                }
                (Some("disarm"), _) => {
                    self.send(vec![json!({"type": "disarmed", "by": {"kind": "app"}})])
                        .await;
                }
                _ => {}
            }
        }
    }

    fn device(&self, kind: &str) -> Option<String> {
        let matching: Vec<_> = self
            .panel
            .devices
            .iter()
            .filter(|(_, k)| k == kind)
            .collect();
        if matching.is_empty() {
            return None;
        }
        let pick = rand::rng().random_range(0..matching.len());
        matching.get(pick).map(|(id, _)| id.clone())
    }

    /// An everyday event: life goes on while disarmed; when armed only the house speaks.
    async fn everyday(&mut self) {
        let roll = rand::rng().random_range(0..10);
        let disarmed = self.state == "disarmed";
        let events = match roll {
            0..=3 if disarmed => self.device("door_sensor").map(|d| {
                vec![
                    json!({"type": "opened", "device": d}),
                    json!({"type": "closed", "device": d}),
                ]
            }),
            4..=6 if disarmed => self
                .device("motion_sensor")
                .map(|d| vec![json!({"type": "motion", "device": d})]),
            7 => self.device("smoke_detector").map(|d| {
                let tenths = rand::rng().random_range(185..225);
                vec![json!({"type": "temperature", "device": d, "value": tenths})]
            }),
            _ => Some(vec![
                json!({"type": "heartbeat", "value": rand::rng().random_range(70..95)}),
            ]),
        };
        if let Some(events) = events {
            self.send(events).await;
        }
    }
}

/// Starts one task per panel; they stop when `stop` turns true.
#[must_use]
pub fn spawn(
    options: &SimOptions,
    panels: Vec<SimPanel>,
    stop: &watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    panels
        .into_iter()
        .map(|panel| {
            let mut stop = stop.clone();
            let mut running = Running {
                client: reqwest::Client::new(),
                options: options.clone(),
                panel,
                // Sequence numbers only grow, across restarts too.
                seq: i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
                    .unwrap_or(0),
                state: "disarmed".into(),
            };
            tokio::spawn(async move {
                running.send(vec![json!({"type": "heartbeat"})]).await;
                let mut poll = tokio::time::interval(running.options.poll_every);
                let mut next_traffic = tokio::time::Instant::now() + jitter(running.options.traffic_every);
                loop {
                    tokio::select! {
                        _ = stop.changed() => break,
                        _ = poll.tick() => running.poll().await,
                        () = tokio::time::sleep_until(next_traffic) => {
                            running.everyday().await;
                            next_traffic = tokio::time::Instant::now() + jitter(running.options.traffic_every);
                        }
                    }
                }
            })
        })
        .collect()
}

/// Between half and one and a half times `mean`.
fn jitter(mean: Duration) -> Duration {
    let millis = u64::try_from(mean.as_millis()).unwrap_or(u64::MAX).max(2);
    Duration::from_millis(rand::rng().random_range(millis / 2..millis + millis / 2))
}

/// The demo's panels, with their derived tokens and devices.
#[must_use]
pub fn demo_panels() -> Vec<SimPanel> {
    crate::demo::alarm::PANELS
        .iter()
        .map(|(serial, _, _)| SimPanel {
            serial: (*serial).to_owned(),
            token: crate::demo::alarm::panel_token(serial),
            devices: crate::demo::alarm::devices(serial)
                .iter()
                .map(|(id, kind, ..)| ((*id).to_owned(), (*kind).to_owned()))
                .collect(),
        })
        .collect()
}
