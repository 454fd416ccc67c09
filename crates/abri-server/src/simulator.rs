//! `abri simulate`: alarm panels that speak to Abri like real ones — over the HTTPS ingest (and
//! polling their commands) or over MQTT (publishing on their topic, hearing commands on
//! theirs): a heartbeat, doors and motion while people are home, temperatures, now and then a
//! weakening battery; they carry out the commands (arm with an exit delay, disarm).
//! `abri demo` runs one per demo home.

use std::time::Duration;

use rand::Rng;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

/// How a simulated panel behaves.
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Abri's address (`http://127.0.0.1:8080`), for panels on the HTTPS ingest.
    pub base_url: String,
    /// A broker (`host`, `port`): panels speak MQTT instead.
    pub mqtt: Option<(String, u16)>,
    /// Time between arming and armed.
    pub exit_delay: Duration,
    /// Mean time between two everyday events (a door, a motion, a temperature).
    pub traffic_every: Duration,
    /// How often commands are polled (HTTPS panels).
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

enum Link {
    Http(reqwest::Client),
    Mqtt(AsyncClient, mpsc::Receiver<Value>),
}

struct Running {
    link: Link,
    options: SimOptions,
    panel: SimPanel,
    seq: i64,
    /// The panel's state word, as it last reported it.
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
            match (event["type"].as_str(), event["mode"].as_str()) {
                (Some("exit_delay"), _) => "arming".clone_into(&mut self.state),
                (Some("armed"), Some(mode)) => self.state = format!("armed_{mode}"),
                (Some("disarmed"), _) => "disarmed".clone_into(&mut self.state),
                _ => {}
            }
        }
        let batch = json!({ "events": events });
        let serial = &self.panel.serial;
        match &self.link {
            Link::Http(client) => {
                let response = client
                    .post(format!("{}/api/v1/ingest", self.options.base_url))
                    .bearer_auth(format!("{serial}.{}", self.panel.token))
                    .json(&batch)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().is_success() => {}
                    Ok(r) => {
                        tracing::warn!(panel = %serial, status = %r.status(), "ingest refused")
                    }
                    Err(e) => tracing::warn!(panel = %serial, error = %e, "ingest unreachable"),
                }
            }
            Link::Mqtt(client, _) => {
                let topic = format!("abri/{serial}/events");
                if let Err(e) = client
                    .publish(topic, QoS::AtLeastOnce, false, batch.to_string())
                    .await
                {
                    tracing::warn!(panel = %serial, error = %e, "publish failed");
                }
            }
        }
    }

    /// The commands waiting: polled over HTTPS, or heard over MQTT.
    async fn commands(&mut self) -> Vec<Value> {
        match &mut self.link {
            Link::Http(client) => {
                let response = client
                    .get(format!("{}/api/v1/ingest/commands", self.options.base_url))
                    .bearer_auth(format!("{}.{}", self.panel.serial, self.panel.token))
                    .send()
                    .await;
                match response {
                    Ok(r) => r
                        .json::<Value>()
                        .await
                        .ok()
                        .and_then(|a| a["commands"].as_array().cloned())
                        .unwrap_or_default(),
                    Err(e) => {
                        tracing::debug!(error = %e, "commands unreachable");
                        Vec::new()
                    }
                }
            }
            Link::Mqtt(_, heard) => {
                let mut commands = Vec::new();
                while let Ok(command) = heard.try_recv() {
                    commands.push(command);
                }
                commands
            }
        }
    }

    async fn obey(&mut self) {
        for command in self.commands().await {
            match (command["command"].as_str(), command["mode"].as_str()) {
                (Some("arm"), Some(mode)) => {
                    let mode = mode.to_owned();
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
        let roll = rand::rng().random_range(0..20);
        let disarmed = self.state == "disarmed";
        let events = match roll {
            0..=6 if disarmed => self.device("door_sensor").map(|d| {
                vec![
                    json!({"type": "opened", "device": d}),
                    json!({"type": "closed", "device": d}),
                ]
            }),
            7..=12 if disarmed => self
                .device("motion_sensor")
                .map(|d| vec![json!({"type": "motion", "device": d})]),
            13..=14 => self.device("smoke_detector").map(|d| {
                let tenths = rand::rng().random_range(185..225);
                vec![json!({"type": "temperature", "device": d, "value": tenths})]
            }),
            // A weakening battery: the garage contact reports its level.
            15 => self.device("door_sensor").map(|d| {
                let level = rand::rng().random_range(8..30);
                vec![json!({"type": "battery", "device": d, "value": level})]
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

fn link(options: &SimOptions, panel: &SimPanel) -> Link {
    let Some((host, port)) = &options.mqtt else {
        return Link::Http(reqwest::Client::new());
    };
    let mut mqtt = MqttOptions::new(format!("sim-{}", panel.serial), host, *port);
    mqtt.set_keep_alive(Duration::from_secs(30))
        .set_clean_session(false);
    let (client, mut events) = AsyncClient::new(mqtt, 64);
    let (heard, commands) = mpsc::channel(16);
    let topic = format!("abri/{}/commands", panel.serial);
    let subscriber = client.clone();
    tokio::spawn(async move {
        loop {
            match events.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    let _ = subscriber.try_subscribe(topic.clone(), QoS::AtLeastOnce);
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    if let Ok(command) = serde_json::from_slice::<Value>(&p.payload)
                        && heard.send(command).await.is_err()
                    {
                        return;
                    }
                }
                Ok(_) => {}
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    });
    Link::Mqtt(client, commands)
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
                link: link(options, &panel),
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
                let mut next_traffic =
                    tokio::time::Instant::now() + jitter(running.options.traffic_every);
                loop {
                    tokio::select! {
                        _ = stop.changed() => break,
                        _ = poll.tick() => running.obey().await,
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
