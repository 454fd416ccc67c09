//! `abri-bench`: one benchmark per subcommand, each printing one JSON object (figure, peer,
//! ratio, goal) on stdout. `scripts/bench` runs them under `taskset` and prints the table.

use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use serde_json::json;

mod crowd;
mod device;
mod fanout;
mod floor;
mod hash;
mod ingest;
mod jobs;
mod load;
mod sse;
mod stats;
mod store;
mod store_peer;

#[derive(Parser)]
#[command(about = "Abri's benchmarks; see BENCHMARKS.md and scripts/bench")]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
}

/// Which Abri a client benchmark talks to.
#[derive(Clone, Debug, clap::Args)]
pub(crate) struct Server {
    /// Abri's base URL.
    #[arg(long, default_value = "http://127.0.0.1:18091")]
    pub(crate) url: String,
}

/// The MQTT broker Abri listens to.
#[derive(Clone, Debug, clap::Args)]
pub(crate) struct Broker {
    /// The host of the MQTT broker Abri listens to.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) mqtt_host: String,
    /// That broker's port.
    #[arg(long, default_value_t = 18883)]
    pub(crate) mqtt_port: u16,
}

#[derive(Subcommand)]
enum Bench {
    /// B1: argon2id hashes per second of the app's hasher, and of the same hasher allocating
    /// its 19 MiB afresh for every hash.
    Hash {
        /// Hashing threads.
        #[arg(long, default_value_t = 1)]
        workers: usize,
        /// Seconds to measure (after one second of warm-up).
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// `app` (the pool with reused blocks) or `fresh` (a new block per hash).
        #[arg(long, default_value = "app")]
        mode: String,
    },
    /// B2 and B3: sign-ins through the form (closed loop with `--concurrency`, open loop with
    /// `--rate`) and a signed-in dashboard probed at `--dashboard-rate` beside them.
    Load(load::Load),
    /// B7: the server's memory per idle live stream, and its CPU while they idle.
    Sse(sse::Idle),
    /// B12: jobs queued inside request transactions, then run by the worker's loop, against
    /// the raw commit rate of the same SQLite file.
    Jobs {
        /// Jobs to queue and run.
        #[arg(long, default_value_t = 3_000)]
        jobs: usize,
        /// Seconds of raw commits (the peer).
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// B6: the store layer against rusqlite on the same file, with the same pragmas and
    /// statements.
    Store {
        /// An Abri SQLite file with customers and panels (`abri generate`); the bench adds
        /// audit records and alarm events to it.
        #[arg(long)]
        db: std::path::PathBuf,
        /// Seconds each figure is measured (after a fifth of that of warm-up).
        #[arg(long, default_value_t = 3)]
        seconds: u64,
    },
    /// B10: sustained ingest over MQTT against the broker alone.
    Ingest {
        /// Abri's SQLite file (read only: what landed is counted there).
        #[arg(long)]
        db: std::path::PathBuf,
        #[command(flatten)]
        broker: Broker,
        /// Panels publishing, round robin.
        #[arg(long, default_value_t = 100)]
        panels: u32,
        /// Seconds to publish.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// B8: fan-out of one panel's events to thousands of live streams, against a raw-TCP
    /// broadcaster of the same bytes.
    Fanout(fanout::Fanout),
    /// B8's other side: the server's CPU for one customer's events with and without other
    /// customers' streams open.
    Crowd(crowd::Crowd),
    /// B8's peer (started by `fanout`): a raw-TCP broadcaster.
    FanoutPeer {
        /// Streams to accept before sending.
        #[arg(long)]
        connections: usize,
        /// The bytes of one event.
        #[arg(long)]
        frame: std::path::PathBuf,
        /// Events a second.
        #[arg(long)]
        rate: f64,
        /// Seconds to send.
        #[arg(long)]
        seconds: u64,
    },
    /// B7's and B4's peer: bare hyper serving endless idle event streams, and `ok` at
    /// `/healthz`, until killed.
    SseFloor {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:18092")]
        listen: std::net::SocketAddr,
    },
    /// Prints the `Cookie` header of a demo customer signed in through the form (for `wrk`).
    Cookie {
        #[command(flatten)]
        server: Server,
        /// Who.
        #[arg(long, default_value = "C10000001")]
        identifier: String,
    },
    /// B9: device → browser latency over MQTT against `mosquitto_sub` on the same topic.
    Device {
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        broker: Broker,
        /// The panel that publishes (Camille's, in the demo).
        #[arg(long, default_value = "ABR-LYON-0231")]
        serial: String,
        /// Events a second.
        #[arg(long, default_value_t = 1_000.0)]
        rate: f64,
        /// Seconds to publish.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
}

/// Counts what `run` completes per second over `seconds`, after a one-second warm-up.
pub(crate) fn rate(seconds: u64, mut run: impl FnMut(Instant) -> u64) -> f64 {
    let _ = run(Instant::now() + Duration::from_secs(1));
    let started = Instant::now();
    let done = run(started + Duration::from_secs(seconds));
    let elapsed = started.elapsed().as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let done = done as f64;
    done / elapsed
}

/// The clients' runtime: one thread, so that the load itself takes little of the two cores
/// (a second thread measured worse: it competes with the server).
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let figure = match cli.bench {
        Bench::Hash {
            workers,
            seconds,
            mode,
        } => {
            let per_second = match mode.as_str() {
                "app" => hash::app(workers, seconds)?,
                "fresh" => hash::fresh(workers, seconds),
                other => anyhow::bail!("unknown mode {other}"),
            };
            json!({ "bench": "B1", "mode": mode, "workers": workers, "hashes_per_second": per_second })
        }
        Bench::Load(load) => runtime()?.block_on(load::run(load))?,
        Bench::Crowd(crowd) => runtime()?.block_on(crowd::run(crowd))?,
        Bench::Fanout(fanout) => runtime()?.block_on(fanout::run(fanout))?,
        Bench::FanoutPeer {
            connections,
            frame,
            rate,
            seconds,
        } => {
            runtime()?.block_on(fanout::peer(connections, &frame, rate, seconds))?;
            return Ok(());
        }
        Bench::Sse(idle) => runtime()?.block_on(sse::idle(idle))?,
        Bench::Jobs { jobs, seconds } => {
            let dir = tempfile::tempdir()?;
            runtime()?.block_on(jobs::run(dir.path(), jobs, seconds))?
        }
        Bench::Store { db, seconds } => runtime()?.block_on(store::run(&db, seconds))?,
        Bench::Ingest {
            db,
            broker: Broker {
                mqtt_host,
                mqtt_port,
            },
            panels,
            seconds,
        } => {
            let run = ingest::Run {
                db,
                mqtt: (mqtt_host, mqtt_port),
                panels,
                seconds,
            };
            runtime()?.block_on(ingest::run(run))?
        }
        Bench::SseFloor { listen } => {
            floor::serve(listen)?;
            return Ok(());
        }
        Bench::Cookie {
            server: Server { url },
            identifier,
        } => {
            let from = load::address(6, 1);
            let cookie = runtime()?.block_on(load::signed_in(&url, from, &identifier))?;
            println!("{cookie}");
            return Ok(());
        }
        Bench::Device {
            server: Server { url },
            broker: Broker {
                mqtt_host,
                mqtt_port,
            },
            serial,
            rate,
            seconds,
        } => {
            let run = device::Run {
                url,
                mqtt: (mqtt_host, mqtt_port),
                serial,
                rate,
                seconds,
            };
            runtime()?.block_on(device::latency(run))?
        }
    };
    println!("{figure}");
    Ok(())
}
