//! B9: device → browser latency. A panel publishes over MQTT (QoS 1) at a fixed rate; Abri takes
//! each message (ingest, store, bus) to the customer's live stream. The peer is `mosquitto_sub`
//! on the same topic: what the broker alone costs. Messages of one topic keep their order end to
//! end, so the k-th event received is the k-th sent: lost or doubled events show in the counts.

use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rumqttc::{AsyncClient, MqttOptions, QoS};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::load::{address, signed_in};
use crate::stats::Latencies;

/// What one run does.
pub(crate) struct Run {
    pub url: String,
    pub mqtt: (String, u16),
    pub serial: String,
    pub rate: f64,
    pub seconds: u64,
}

type Arrivals = Arc<Mutex<Vec<Instant>>>;

/// Publishes `rate` events a second for `seconds` and reports both paths' latencies.
pub(crate) async fn latency(run: Run) -> anyhow::Result<Value> {
    let topic = format!("abri/{}/events", run.serial);
    let sse = Arc::new(Mutex::new(Vec::new()));
    let stream = live_stream(&run.url, Arc::clone(&sse)).await?;
    let broker = Arc::new(Mutex::new(Vec::new()));
    let mut sub = tokio::process::Command::new("mosquitto_sub")
        .args(["-h", &run.mqtt.0, "-p", &run.mqtt.1.to_string()])
        .args(["-t", &topic, "-q", "1"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let lines = sub
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("mosquitto_sub without output"))?;
    let peer = tokio::spawn(read_lines(lines, Arc::clone(&broker)));

    let mut options = MqttOptions::new(
        format!("bench-{}", std::process::id()),
        &run.mqtt.0,
        run.mqtt.1,
    );
    options.set_max_packet_size(64 * 1024, 64 * 1024);
    options.set_inflight(1_000);
    let (client, mut events) = AsyncClient::new(options, 10_000);
    let poller = tokio::spawn(async move { while events.poll().await.is_ok() {} });
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Sequence numbers above anything a panel sent before (the clock in seconds × 10⁶).
    let mut seq = time::OffsetDateTime::now_utc().unix_timestamp() * 1_000_000;
    // A second of warm-up (connections, caches), left out of the figures.
    publish(&client, &topic, run.rate, 1, &mut seq).await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let skip_live = sse.lock().unwrap_or_else(PoisonError::into_inner).len();
    let skip_broker = broker.lock().unwrap_or_else(PoisonError::into_inner).len();
    let sent = publish(&client, &topic, run.rate, run.seconds, &mut seq).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let _ = client.disconnect().await;
    poller.abort();
    stream.abort();
    peer.abort();
    let _ = sub.kill().await;

    let sse = sse.lock().unwrap_or_else(PoisonError::into_inner)[skip_live..].to_vec();
    let broker = broker.lock().unwrap_or_else(PoisonError::into_inner)[skip_broker..].to_vec();
    let (app, peer) = (paired(&sent, &sse), paired(&sent, &broker));
    Ok(json!({
        "sent": sent.len(),
        "received_live": sse.len(),
        "received_by_mosquitto_sub": broker.len(),
        "app_p50_ms": app.percentile_ms(50.0),
        "app_p99_ms": app.percentile_ms(99.0),
        "broker_p50_ms": peer.percentile_ms(50.0),
        "broker_p99_ms": peer.percentile_ms(99.0),
    }))
}

/// Publishes `rate` temperature readings a second for `seconds`; when each left.
async fn publish(
    client: &AsyncClient,
    topic: &str,
    rate: f64,
    seconds: u64,
    seq: &mut i64,
) -> anyhow::Result<Vec<Instant>> {
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut sent = Vec::new();
    while Instant::now() < until {
        tick.tick().await;
        *seq += 1;
        let at = time::OffsetDateTime::now_utc().format(&Rfc3339)?;
        let value = 150 + *seq % 100;
        let body = json!({"events": [{"seq": *seq, "at": at, "type": "temperature",
                                      "device": "smoke-1", "value": value}]});
        sent.push(Instant::now());
        client
            .publish(topic, QoS::AtLeastOnce, false, body.to_string())
            .await?;
    }
    Ok(sent)
}

/// Latencies of the k-th arrival against the k-th sending.
fn paired(sent: &[Instant], arrived: &[Instant]) -> Latencies {
    let mut latencies = Latencies::default();
    for (s, a) in sent.iter().zip(arrived) {
        latencies.push(a.saturating_duration_since(*s));
    }
    latencies
}

/// Signs in as Camille (whose Lyon panel publishes) and notes when each alarm event arrives.
async fn live_stream(url: &str, arrivals: Arrivals) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let cookie = signed_in(url, address(5, 1), "C10000001").await?;
    let authority = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = TcpStream::connect(&authority).await?;
    let request = format!(
        "GET /events HTTP/1.1\r\nHost: {authority}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    Ok(tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if line.starts_with("event: alarm") || line.starts_with("event:alarm") {
                arrivals
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(Instant::now());
            }
        }
    }))
}

/// Notes when each line of `mosquitto_sub` arrives.
async fn read_lines(out: tokio::process::ChildStdout, arrivals: Arrivals) {
    let mut lines = BufReader::new(out).lines();
    while let Ok(Some(_)) = lines.next_line().await {
        arrivals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Instant::now());
    }
}
