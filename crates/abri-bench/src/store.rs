//! B6: the store layer (`abri_store::Db`: sqlx, one writer, a read pool, the checkpoint task)
//! against rusqlite on the same SQLite file with the same pragmas, statement for statement:
//! a point read, the statements of the dashboard page (`GET /`), a one-row commit, a batch of 100 alarm events in one
//! transaction; and commits from 16 writers at once against the file system's fsync rate.
//!
//! The peer ([`store_peer`](crate::store_peer)) reads every column into owned values, as the
//! store does, but does not parse dates or check enums: it is the cheaper of the two. It copies
//! its log back every 250 ms, as Abri's checkpoint task does: without that, the log its
//! one-row commits left (never copied back, `wal_autocheckpoint = 0` on both sides) was copied
//! by Abri's task during Abri's batched inserts, measured next, and held them back past 64 MiB
//! (65k–132k rows a second from one run to the next, against 130k–133k now).

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use abri_domain::ids::{CustomerId, HomeId, PanelId};
use abri_store::Db;
use abri_store::alarm::NewAlarmEvent;
use abri_store::audit::AuditEvent;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::stats::Latencies;
use crate::store_peer::Peer;

/// Alarm events a batched transaction writes.
pub(crate) const BATCH: usize = 100;
/// Writers committing at once for the grouped-commit figure.
const WRITERS: usize = 16;

/// Runs every figure for `seconds` each (after a warm-up of a fifth of that) on `file`, an
/// Abri database with customers and panels (`abri generate`).
pub(crate) async fn run(file: &Path, seconds: u64) -> anyhow::Result<Value> {
    let window = Duration::from_secs(seconds);
    let db = Db::connect(&Db::sqlite_url(file)).await?;
    let mut peer = Peer::open(file)?;
    let customers = peer.customer_ids(1_000)?;
    anyhow::ensure!(!customers.is_empty(), "no customer in {}", file.display());
    let (panel, home) = peer.a_panel()?;
    let pick = |i: usize| customers[i % customers.len()];
    // Sequence numbers above anything the panel sent, apart for each side.
    let mut seq = OffsetDateTime::now_utc().unix_timestamp() * 1_000_000;

    let abri_point = measure(window, |i| {
        let db = &db;
        async move { db.customer(CustomerId(pick(i))).await.map(drop) }
    })
    .await?;
    let peer_point = measure_sync(window, |i| peer.customer(pick(i)))?;

    // A session to look up, as a signed-in customer's page does first.
    let session = format!("{}{}", Uuid::now_v7().simple(), Uuid::now_v7().simple());
    let origin = abri_store::sessions::SessionOrigin::default();
    db.insert_session(
        &session,
        CustomerId(pick(0)),
        &origin,
        OffsetDateTime::now_utc(),
    )
    .await?;
    let abri_dashboard = measure(window, |i| dashboard(&db, &session, CustomerId(pick(i)))).await?;
    let peer_dashboard = measure_sync(window, |i| peer.dashboard(&session, pick(i)))?;

    let abri_commit = measure(window, |_| {
        let db = &db;
        async move { db.insert_audit(&audit(), OffsetDateTime::now_utc()).await }
    })
    .await?;
    let peer_commit = measure_sync(window, |_| peer.commit())?;

    let first = seq;
    let abri_batch = measure(window, |i| {
        let db = &db;
        #[expect(clippy::cast_possible_wrap, reason = "a few thousand batches")]
        let from = first + (i * BATCH) as i64;
        async move { batch(db, panel, home, from).await }
    })
    .await?;
    seq += 1_000_000_000;
    let first = seq;
    let peer_batch = measure_sync(window, |i| {
        #[expect(clippy::cast_possible_wrap, reason = "a few thousand batches")]
        let from = first + (i * BATCH) as i64;
        peer.batch(&panel.0, &home.0, from)
    })?;

    let grouped = concurrent_commits(&db, window).await?;
    let fsyncs = crate::store_peer::fsync_rate(file, window)?;
    db.close().await;

    #[expect(clippy::cast_precision_loss, reason = "BATCH is 100")]
    let per_second = |l: &Latencies, rows: usize| l.per_second(window) * rows as f64;
    Ok(json!({
        "bench": "B6",
        "point_read_p50_ms": [abri_point.percentile_ms(50.0), peer_point.percentile_ms(50.0)],
        "point_read_p99_ms": [abri_point.percentile_ms(99.0), peer_point.percentile_ms(99.0)],
        "dashboard_reads_p50_ms": [abri_dashboard.percentile_ms(50.0), peer_dashboard.percentile_ms(50.0)],
        "dashboard_reads_p99_ms": [abri_dashboard.percentile_ms(99.0), peer_dashboard.percentile_ms(99.0)],
        "commit_p50_ms": [abri_commit.percentile_ms(50.0), peer_commit.percentile_ms(50.0)],
        "commits_per_second": [per_second(&abri_commit, 1), per_second(&peer_commit, 1)],
        "batched_rows_per_second": [per_second(&abri_batch, BATCH), per_second(&peer_batch, BATCH)],
        "batch_p50_ms": [abri_batch.percentile_ms(50.0), peer_batch.percentile_ms(50.0)],
        "writers": WRITERS,
        "concurrent_commits_per_second": grouped,
        "fsyncs_per_second": fsyncs,
    }))
}

/// What `GET /` reads: the session with its customer, their homes (the layout's home links),
/// the homes with their alarms' states (the cards) and contracts.
async fn dashboard(
    db: &Db,
    session: &str,
    customer: CustomerId,
) -> Result<(), abri_store::StoreError> {
    db.session_customer(session).await?;
    db.homes_of(customer).await?;
    db.homes_with_alarm_of(customer).await?;
    db.contracts_of(customer).await?;
    Ok(())
}

/// One audit record, as a sign-in writes it.
fn audit() -> AuditEvent {
    AuditEvent {
        at: None,
        customer_id: None,
        staff_id: None,
        ip: Some("127.0.0.1".into()),
        user_agent: Some("abri-bench".into()),
        action: "bench".into(),
        result: "success".into(),
        method: Some("password".into()),
        detail: None,
    }
}

/// [`BATCH`] temperature readings from `seq` on, in one transaction, through the ingest's
/// statement.
async fn batch(
    db: &Db,
    panel: PanelId,
    home: HomeId,
    seq: i64,
) -> Result<(), abri_store::StoreError> {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    for k in 0..BATCH {
        #[expect(clippy::cast_possible_wrap, reason = "k < BATCH")]
        let seq = seq + k as i64;
        let event = NewAlarmEvent {
            seq,
            kind: "temperature",
            device: Some("smoke-1".into()),
            state: None,
            unexpected: false,
            actor_kind: None,
            actor_user: None,
            value: Some(150 + seq % 100),
            occurred_at: now,
        };
        tx.insert_alarm_event(panel, home, &event, now).await?;
    }
    tx.commit().await
}

/// Commits a second when [`WRITERS`] tasks each commit one audit record after another.
async fn concurrent_commits(db: &Db, window: Duration) -> anyhow::Result<f64> {
    let until = Instant::now() + window;
    let mut writers = tokio::task::JoinSet::new();
    for _ in 0..WRITERS {
        let db = db.clone();
        writers.spawn(async move {
            let mut done = 0_u32;
            while Instant::now() < until {
                db.insert_audit(&audit(), OffsetDateTime::now_utc()).await?;
                done += 1;
            }
            Ok::<_, abri_store::StoreError>(done)
        });
    }
    let started = Instant::now();
    let mut done = 0;
    while let Some(writer) = writers.join_next().await {
        done += writer??;
    }
    Ok(f64::from(done) / started.elapsed().as_secs_f64())
}

/// Latencies of `op` run one after another for `window`, after a warm-up of a fifth of it.
async fn measure<F, Fut, E>(window: Duration, mut op: F) -> anyhow::Result<Latencies>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: std::error::Error + Send + Sync + 'static,
{
    let mut i = 0;
    let warm = Instant::now() + window / 5;
    while Instant::now() < warm {
        op(i).await?;
        i += 1;
    }
    let mut latencies = Latencies::default();
    let until = Instant::now() + window;
    while Instant::now() < until {
        let started = Instant::now();
        op(i).await?;
        latencies.push(started.elapsed());
        i += 1;
    }
    Ok(latencies)
}

/// [`measure`] for the peer's blocking calls.
fn measure_sync(
    window: Duration,
    mut op: impl FnMut(usize) -> rusqlite::Result<()>,
) -> anyhow::Result<Latencies> {
    let mut i = 0;
    let warm = Instant::now() + window / 5;
    while Instant::now() < warm {
        op(i)?;
        i += 1;
    }
    let mut latencies = Latencies::default();
    let until = Instant::now() + window;
    while Instant::now() < until {
        let started = Instant::now();
        op(i)?;
        latencies.push(started.elapsed());
        i += 1;
    }
    Ok(latencies)
}
