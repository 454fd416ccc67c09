//! The MQTT adapter: panels publish batches on `abri/<serial>/events` (and their state on
//! `abri/<serial>/state`), QoS 1, to a broker (Mosquitto, EMQX) that authenticates them and
//! keeps each on its own topics; Abri takes them through the same use case as the HTTPS ingest
//! and acknowledges a message only once it is stored, with a persistent session, so a restart
//! of either side loses nothing (repeats are dropped by sequence number). Commands go out on
//! `abri/<serial>/commands`.

use std::time::Duration;

use abri_app::{App, AppError};
use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Packet, Publish, QoS, Transport};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::config::Secret;

/// How Abri reaches the broker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MqttConfig {
    /// Broker host.
    pub host: String,
    /// Broker port (1883, or 8883 with TLS).
    #[serde(default = "default_port")]
    pub port: u16,
    /// Client id; keep it stable so the broker keeps the session (and what arrived while Abri
    /// was away).
    #[serde(default = "default_client_id")]
    pub client_id: String,
    /// User name, if the broker asks for one.
    pub username: Option<String>,
    /// Password.
    pub password: Option<Secret>,
    /// TLS with the system's root certificates.
    #[serde(default)]
    pub tls: bool,
}

const fn default_port() -> u16 {
    1883
}

fn default_client_id() -> String {
    "abri".into()
}

/// The longest wait between two connection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How often waiting commands are looked for.
const COMMANDS_EVERY: Duration = Duration::from_millis(250);

fn options(config: &MqttConfig) -> MqttOptions {
    let mut options = MqttOptions::new(&config.client_id, &config.host, config.port);
    options
        .set_keep_alive(Duration::from_secs(30))
        .set_clean_session(false)
        .set_manual_acks(true);
    if let (Some(user), Some(password)) = (&config.username, &config.password) {
        options.set_credentials(user, String::from_utf8_lossy(password.expose()));
    }
    if config.tls {
        // The ring provider: the default would pull aws-lc, a C build.
        let _ = rustls::crypto::ring::default_provider().install_default();
        options.set_transport(Transport::tls_with_config(
            rumqttc::TlsConfiguration::default(),
        ));
    }
    options
}

/// The serial in `abri/<serial>/events` or `abri/<serial>/state`.
fn serial_of(topic: &str) -> Option<&str> {
    let mut parts = topic.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("abri"), Some(serial), Some("events" | "state"), None) if !serial.is_empty() => {
            Some(serial)
        }
        _ => None,
    }
}

/// Messages stored in one transaction at most.
const MAX_GROUP: usize = 128;
/// Requests (acks, commands) waiting for the event loop; more than a group's acks.
const REQUESTS: usize = 1_024;
/// How long an ack may wait for the event loop.
const ACK_WAIT: Duration = Duration::from_secs(2);

/// Stores the messages the event loop hands over, those waiting together in one transaction,
/// and acknowledges each once it is stored, in the order they arrived.
async fn store(app: App, client: AsyncClient, mut queue: mpsc::UnboundedReceiver<Publish>) {
    while let Some(first) = queue.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let acks = take(&app, &group).await;
        for (publish, ack) in group.iter().zip(acks) {
            if !ack {
                continue;
            }
            // The event loop takes acks while it runs; when it has stopped (connection lost,
            // shutting down) an ack would wait for ever: the broker delivers the message
            // again instead, and its sequence number makes it a repeat.
            match tokio::time::timeout(ACK_WAIT, client.ack(publish)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "MQTT ack failed"),
                Err(_) => {
                    tracing::warn!("MQTT acks not taken; the broker will deliver again");
                    break;
                }
            }
        }
    }
}

/// Takes messages; for each, true when it may be acknowledged (stored, a repeat, or refused for
/// good), false when storing failed for now and the broker should deliver it again.
async fn take(app: &App, group: &[Publish]) -> Vec<bool> {
    let mut batches = Vec::with_capacity(group.len());
    let mut acks = vec![true; group.len()];
    let mut positions = Vec::with_capacity(group.len());
    for (i, publish) in group.iter().enumerate() {
        if let Some(serial) = serial_of(&publish.topic) {
            batches.push((serial, &publish.payload[..]));
            positions.push(i);
        } else {
            metrics::counter!("abri_ingest_refused_total", "code" => "unknown_topic").increment(1);
        }
    }
    let mut outcome = app.ingest_from_broker(&batches).await;
    // A busy or failing store: try again a little before leaving it to the broker, which
    // delivers an unacknowledged message again when the session resumes.
    for wait in [100, 400, 1_600] {
        if !matches!(outcome, Err(AppError::Unavailable | AppError::Internal(_))) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(wait)).await;
        outcome = app.ingest_from_broker(&batches).await;
    }
    let answers = match outcome {
        Ok(answers) => answers,
        Err(e) => {
            tracing::error!(error = %e, messages = batches.len(), "MQTT batches not stored; left unacknowledged for the broker to deliver again");
            for i in positions {
                acks[i] = false;
            }
            return acks;
        }
    };
    for ((serial, _), answer) in batches.iter().zip(answers) {
        match answer {
            Ok(outcome) => {
                metrics::counter!("abri_ingest_events_total").increment(outcome.accepted as u64);
                metrics::counter!("abri_ingest_duplicates_total")
                    .increment(outcome.duplicates as u64);
            }
            Err(AppError::DeviceInput(refusal)) => {
                tracing::warn!(%serial, code = refusal.code(), "MQTT batch refused");
                metrics::counter!("abri_ingest_refused_total", "code" => refusal.code())
                    .increment(1);
            }
            Err(_) => {
                tracing::warn!(%serial, "MQTT batch from an unknown panel");
                metrics::counter!("abri_ingest_refused_total", "code" => "unauthorized")
                    .increment(1);
            }
        }
    }
    acks
}

async fn send_commands(app: &App, client: &AsyncClient) {
    let commands = match app.commands_for_broker().await {
        Ok(commands) => commands,
        Err(e) => {
            tracing::warn!(error = %e, "commands for MQTT panels not read");
            return;
        }
    };
    for (serial, command) in commands {
        let body = json!({
            "id": command.id,
            "command": command.command.word(),
            "mode": command.command.mode().map(|m| m.word()),
        });
        let topic = format!("abri/{serial}/commands");
        if let Err(e) = client
            .publish(topic, QoS::AtLeastOnce, false, body.to_string())
            .await
        {
            tracing::warn!(%serial, error = %e, "command not published");
        }
    }
}

async fn run(
    app: App,
    client: AsyncClient,
    mut events: EventLoop,
    mut stop: watch::Receiver<bool>,
) {
    // Unbounded, so that the event loop never waits on the storing task while that one waits
    // for the event loop to take its acks; the broker bounds it (it sends no more messages
    // than its in-flight window before they are acknowledged).
    let (queue, waiting) = mpsc::unbounded_channel();
    let storing = tokio::spawn(store(app.clone(), client.clone(), waiting));
    let mut backoff = Duration::from_millis(100);
    let mut commands = tokio::time::interval(COMMANDS_EVERY);
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            _ = commands.tick() => send_commands(&app, &client).await,
            polled = events.poll() => match polled {
                Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                    backoff = Duration::from_millis(100);
                    tracing::info!(session_present = ack.session_present, "MQTT connected");
                    for topic in ["abri/+/events", "abri/+/state"] {
                        if let Err(e) = client.try_subscribe(topic, QoS::AtLeastOnce) {
                            tracing::warn!(error = %e, "MQTT subscribe failed");
                        }
                    }
                }
                Ok(Event::Incoming(Packet::Publish(publish))) => {
                    if queue.send(publish).is_err() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, retry_in = ?backoff, "MQTT connection lost");
                    tokio::select! {
                        _ = stop.changed() => break,
                        () = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }
    drop(queue);
    let _ = storing.await;
    let _ = client.try_disconnect();
}

/// Starts the adapter; it stops when `stop` turns true.
#[must_use]
pub fn spawn(app: App, config: &MqttConfig, stop: watch::Receiver<bool>) -> JoinHandle<()> {
    let (client, mut events) = AsyncClient::new(options(config), REQUESTS);
    // Acknowledgements are a few bytes each: sent at once, not held back by Nagle's
    // algorithm until the broker's delayed ACK (tens of ms during which the broker, its
    // in-flight window full, sends nothing more: BENCHMARKS.md B9).
    events.network_options.set_tcp_nodelay(true);
    tokio::spawn(run(app, client, events, stop))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_panel_topics_are_taken() {
        assert_eq!(serial_of("abri/ABR-1/events"), Some("ABR-1"));
        assert_eq!(serial_of("abri/ABR-1/state"), Some("ABR-1"));
        assert_eq!(serial_of("abri/ABR-1/commands"), None);
        assert_eq!(serial_of("abri//events"), None);
        assert_eq!(serial_of("abri/ABR-1/events/more"), None);
        assert_eq!(serial_of("other/ABR-1/events"), None);
    }
}
