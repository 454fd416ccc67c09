//! B10: sustained ingest over MQTT. Panels of the generated data publish temperature readings
//! (QoS 1) as fast as the broker takes them, round robin; Abri stores each (ingest, state,
//! device, bus). The figure is events stored a second, read from the database file as they
//! land. The peers: the same messages on topics Abri does not follow, counted by
//! `mosquitto_sub` (what the broker alone carries), and B6's raw batched insert rate.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rumqttc::{AsyncClient, MqttOptions, QoS};
use rusqlite::{Connection, OpenFlags};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use tokio::io::{AsyncBufReadExt, BufReader};

/// What one run does.
pub(crate) struct Run {
    /// Abri's database file (read only, to count what landed).
    pub db: std::path::PathBuf,
    pub mqtt: (String, u16),
    /// How many panels publish.
    pub panels: u32,
    pub seconds: u64,
}

/// How long a count may stay still before everything is taken as landed.
const SETTLED: Duration = Duration::from_secs(2);

/// Runs the broker-only peer, then the same load through Abri.
pub(crate) async fn run(run: Run) -> anyhow::Result<Value> {
    let serials = serials(&run.db, run.panels)?;
    anyhow::ensure!(!serials.is_empty(), "no panel in {}", run.db.display());
    let window = Duration::from_secs(run.seconds);

    let (broker_sent, broker) = broker_only(&run, &serials, window).await?;

    let counter = Connection::open_with_flags(&run.db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let before: i64 =
        counter.query_row("SELECT coalesce(max(id), 0) FROM alarm_events", [], |r| {
            r.get(0)
        })?;
    let client = connect(&run.mqtt, "abri").await?;
    let started = Instant::now();
    let publishing = tokio::spawn(publish(client, serials, "abri", window));
    let landed = settle(started, || {
        counter
            .query_row(
                "SELECT count(*) FROM alarm_events WHERE id > $1",
                [before],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| u64::try_from(n).unwrap_or(0))
    })
    .await?;
    let sent = publishing.await??;
    Ok(json!({
        "bench": "B10",
        "panels": run.panels,
        "sent": sent,
        "stored": landed.count,
        "stored_per_second": landed.per_second,
        "broker_sent": broker_sent,
        "broker_received": broker.count,
        "broker_per_second": broker.per_second,
    }))
}

/// What arrived, and at what rate until the last of it.
struct Landed {
    count: u64,
    per_second: f64,
}

/// The same load on `bench/<serial>/events`, counted by `mosquitto_sub` at QoS 1.
async fn broker_only(
    run: &Run,
    serials: &[String],
    window: Duration,
) -> anyhow::Result<(u64, Landed)> {
    let mut sub = tokio::process::Command::new("mosquitto_sub")
        .args(["-h", &run.mqtt.0, "-p", &run.mqtt.1.to_string()])
        .args(["-t", "bench/+/events", "-q", "1"])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let lines = sub
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("mosquitto_sub without output"))?;
    let received = Arc::new(AtomicU64::new(0));
    let counting = Arc::clone(&received);
    let reader = tokio::spawn(async move {
        let mut lines = BufReader::new(lines).lines();
        while let Ok(Some(_)) = lines.next_line().await {
            counting.fetch_add(1, Ordering::Relaxed);
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let client = connect(&run.mqtt, "bench").await?;
    let started = Instant::now();
    let publishing = tokio::spawn(publish(client, serials.to_vec(), "bench", window));
    let landed = settle(started, || Ok(received.load(Ordering::Relaxed))).await?;
    let sent = publishing.await??;
    reader.abort();
    let _ = sub.kill().await;
    Ok((sent, landed))
}

/// Counts with `count` every 50 ms until it stays still for [`SETTLED`] after the first
/// arrivals; the rate runs from `started` to the last change.
async fn settle(
    started: Instant,
    mut count: impl FnMut() -> rusqlite::Result<u64>,
) -> anyhow::Result<Landed> {
    let (mut last, mut changed) = (0, started);
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = count()?;
        if now != last {
            (last, changed) = (now, Instant::now());
        } else if last > 0 && changed.elapsed() > SETTLED {
            break;
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "ingest never settled"
        );
    }
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let per_second = last as f64 / changed.duration_since(started).as_secs_f64();
    Ok(Landed {
        count: last,
        per_second,
    })
}

/// The serials of `panels` panels.
fn serials(db: &Path, panels: u32) -> rusqlite::Result<Vec<String>> {
    let connection = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut statement =
        connection.prepare("SELECT serial FROM alarm_panels ORDER BY serial LIMIT $1")?;
    statement.query_map([panels], |row| row.get(0))?.collect()
}

async fn connect(mqtt: &(String, u16), name: &'static str) -> anyhow::Result<AsyncClient> {
    let mut options = MqttOptions::new(format!("{name}-{}", std::process::id()), &mqtt.0, mqtt.1);
    options.set_max_packet_size(64 * 1024, 64 * 1024);
    options.set_inflight(1_000);
    let (client, mut events) = AsyncClient::new(options, 10_000);
    tokio::spawn(async move { while events.poll().await.is_ok() {} });
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(client)
}

/// Publishes one reading after another for `window`, one panel after another, on
/// `<prefix>/<serial>/events`; how many.
async fn publish(
    client: AsyncClient,
    serials: Vec<String>,
    prefix: &'static str,
    window: Duration,
) -> anyhow::Result<u64> {
    let topics: Vec<String> = serials
        .iter()
        .map(|s| format!("{prefix}/{s}/events"))
        .collect();
    // Sequence numbers above anything a panel sent before (the clock in seconds × 10⁶).
    let first = time::OffsetDateTime::now_utc().unix_timestamp() * 1_000_000;
    let until = Instant::now() + window;
    let mut sent = 0_u64;
    while Instant::now() < until {
        let at = time::OffsetDateTime::now_utc().format(&Rfc3339)?;
        for topic in &topics {
            #[expect(clippy::cast_possible_wrap, reason = "far below 2^63")]
            let seq = first + sent as i64;
            let body = json!({"events": [{"seq": seq, "at": at, "type": "temperature",
                                          "device": "smoke-1", "value": 150 + seq % 100}]});
            client
                .publish(topic, QoS::AtLeastOnce, false, body.to_string())
                .await?;
            sent += 1;
        }
    }
    let _ = client.disconnect().await;
    Ok(sent)
}
