//! B12: background jobs. `jobs` e-mails are queued each inside a transaction of its own (as a
//! request queues one with the change that causes it), then the worker's loop runs them all
//! (claim, deliver to the local outbox, mark done). The peer is the raw commit rate of the same
//! SQLite file with the same pragmas (sqlx, one connection, one-row inserts), divided by the
//! commits a job costs the worker.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use abri_app::jobs::enqueue_email;
use abri_app::mail::OutgoingEmail;
use abri_domain::SystemClock;
use abri_server::config::Config;
use serde_json::{Value, json};
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

use crate::stats::Latencies;

/// Commits the worker makes per job: the claim, the delivery to the outbox, the outcome.
const COMMITS_PER_JOB: f64 = 3.0;

/// Queues and runs `jobs` jobs in a fresh database under `dir`; measures raw commits for
/// `seconds` on the same file.
pub(crate) async fn run(dir: &Path, jobs: usize, seconds: u64) -> anyhow::Result<Value> {
    let config = Config {
        data_dir: dir.to_path_buf(),
        hash_workers: Some(1),
        ..Config::default()
    };
    let app = abri_server::build_app(&config, Arc::new(SystemClock)).await?;
    let email = OutgoingEmail {
        to: "client@example.net".into(),
        subject: "Votre attestation".into(),
        text: "Bonjour, votre attestation d’assurance est prête.".into(),
        html: "<p>Bonjour, votre attestation d’assurance est prête.</p>".into(),
    };

    // What queueing adds to a request: the insert inside its transaction.
    let mut enqueue = Latencies::default();
    for _ in 0..jobs {
        let mut tx = app.db.begin().await?;
        let started = Instant::now();
        enqueue_email(&app, &mut tx, &email).await?;
        enqueue.push(started.elapsed());
        tx.commit().await?;
    }

    let started = Instant::now();
    let mut ran = 0;
    while ran < jobs {
        let now = app.run_due_jobs().await?;
        anyhow::ensure!(now > 0, "{ran} of {jobs} jobs ran, then none was due");
        ran += now;
    }
    let took = started.elapsed().as_secs_f64();
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let jobs_per_second = ran as f64 / took;
    let raw = raw_commits(&dir.join("abri.db"), seconds).await?;
    Ok(json!({
        "bench": "B12",
        "jobs": jobs,
        "jobs_per_second": jobs_per_second,
        "raw_commits_per_second": raw,
        "commits_per_job": COMMITS_PER_JOB,
        "enqueue_p50_ms": enqueue.percentile_ms(50.0),
        "enqueue_p99_ms": enqueue.percentile_ms(99.0),
    }))
}

/// One-row commits a second on `file`, as Abri opens it (WAL, `synchronous=NORMAL`).
async fn raw_commits(file: &Path, seconds: u64) -> anyhow::Result<f64> {
    let mut connection = SqliteConnectOptions::from_str(&format!("sqlite://{}", file.display()))?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_commits (id INTEGER PRIMARY KEY, payload TEXT)")
        .execute(&mut connection)
        .await?;
    let payload = "x".repeat(200);
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut commits = 0_u32;
    while Instant::now() < until {
        sqlx::query("INSERT INTO bench_commits (payload) VALUES ($1)")
            .bind(&payload)
            .execute(&mut connection)
            .await?;
        commits += 1;
    }
    Ok(f64::from(commits) / started.elapsed().as_secs_f64())
}
