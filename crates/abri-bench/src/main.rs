//! `abri-bench`: one benchmark per subcommand, each printing one JSON object (figure, peer,
//! ratio, goal) on stdout. `scripts/bench` runs them under `taskset` and prints the table.

use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use serde_json::json;

mod hash;

#[derive(Parser)]
#[command(about = "Abri's benchmarks; see BENCHMARKS.md and scripts/bench")]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
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
    };
    println!("{figure}");
    Ok(())
}
