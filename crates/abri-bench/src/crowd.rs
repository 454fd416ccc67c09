//! B8's other side: what other customers' open streams cost one customer's events. Camille's
//! panel publishes `rate` events a second to her `connections` streams, first alone, then while
//! `others` generated customers keep `per_other` streams each open, streams the events do not
//! concern. The server's CPU time in each phase: the difference is what the crowd costs.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::net::TcpStream;

use crate::fanout::{open_all, publish_measured, spawn_readers, tally};
use crate::load::{address, generated_signed_in, signed_in};
use crate::{Broker, Server};

/// What to measure.
#[derive(clap::Args)]
pub(crate) struct Crowd {
    #[command(flatten)]
    server: Server,
    #[command(flatten)]
    broker: Broker,
    /// The panel that publishes (Camille's, in the demo data).
    #[arg(long, default_value = "ABR-LYON-0231")]
    serial: String,
    /// Camille's streams.
    #[arg(long, default_value_t = 100)]
    connections: usize,
    /// Generated customers with streams open (from C20000001).
    #[arg(long, default_value_t = 1_000)]
    others: u32,
    /// Streams each of them keeps open.
    #[arg(long, default_value_t = 10)]
    per_other: usize,
    /// Events a second.
    #[arg(long, default_value_t = 100.0)]
    rate: f64,
    /// Seconds to publish in each phase.
    #[arg(long, default_value_t = 3)]
    seconds: u64,
    /// The server's process id (for its CPU time).
    #[arg(long)]
    pid: u32,
}

/// Runs both phases.
pub(crate) async fn run(run: Crowd) -> anyhow::Result<Value> {
    let authority = run
        .server
        .url
        .strip_prefix("http://")
        .ok_or_else(|| anyhow::anyhow!("{}: http:// expected", run.server.url))?
        .trim_end_matches('/')
        .to_owned();
    let target: SocketAddr = authority.parse()?;
    let request = |cookie: &str| {
        format!(
            "GET /events HTTP/1.1\r\nHost: {authority}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
        )
    };
    let camille = request(&signed_in(&run.server.url, address(10, 1), "C10000001").await?);
    let alone = phase(&run, target, &camille).await?;

    let mut crowd: Vec<TcpStream> = Vec::new();
    for n in 0..run.others {
        let from = address(11, u64::from(n));
        let cookie = generated_signed_in(&run.server.url, from, 20_000_001 + n).await?;
        crowd.extend(open_all(target, &request(&cookie), run.per_other).await?.0);
    }
    // Let the sign-ins' writes and jobs settle before measuring.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let crowded = phase(&run, target, &camille).await?;
    drop(crowd);
    Ok(json!({
        "bench": "B8-crowd",
        "connections": run.connections,
        "other_streams": run.others as usize * run.per_other,
        "rate": run.rate,
        "alone": alone,
        "crowded": crowded,
    }))
}

/// Opens Camille's streams, publishes for `seconds`, and reports deliveries and server CPU.
async fn phase(run: &Crowd, target: SocketAddr, request: &str) -> anyhow::Result<Value> {
    let (streams, _) = open_all(target, request, run.connections).await?;
    let readers = spawn_readers(streams, None);
    let settle = Duration::from_secs(2);
    let published = publish_measured(
        &run.broker,
        &run.serial,
        run.rate,
        run.seconds,
        settle,
        run.pid,
    )
    .await?;
    let cores = published.cpu_seconds / published.took.as_secs_f64();
    Ok(json!({ "deliveries": tally(&published.sent, readers), "server_cores": cores }))
}
