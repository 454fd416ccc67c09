//! SQLite's connections lent by the store: handed back without sqlx's ping, never more out
//! than the pool holds; a statement cancelled mid-way leaves no connection broken, and a
//! transaction dropped without its commit leaves nothing behind; a transaction and the writer's
//! single statements never write at once.

use std::time::Duration;

use abri_store::Db;
use abri_store::sessions::SessionOrigin;
use abri_testkit::{T0, TestDb};

/// Counts far enough to still be running when its caller gives up.
const LONG: &str = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c \
                    WHERE x < 3000000) SELECT count(*) FROM c";

#[tokio::test]
async fn sqlite_readers_come_back_and_survive_a_cancelled_statement() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let Db::Sqlite(pools) = &db else {
        return db.close().await;
    };
    // Five times more statements at once than readers: each waits its turn, none fails.
    let all = futures_util::future::join_all((0..40).map(|_| db.ping())).await;
    assert!(all.iter().all(Result::is_ok), "{all:?}");
    let back = pools.read.handed_back();
    assert!((1..=8).contains(&back), "{back} readers handed back");

    // A caller that gives up mid-statement: its reader is not handed back as it is.
    let gave_up = tokio::time::timeout(Duration::from_millis(5), async {
        abri_store::lend!(pools.read, |conn| sqlx::query_as::<_, (i64,)>(LONG)
            .fetch_one(conn)
            .await)
    })
    .await;
    assert!(
        gave_up.is_err(),
        "the long count finished first: {gave_up:?}"
    );
    assert_eq!(pools.read.handed_back(), back - 1);
    // The others still answer, and so does a full count afterwards.
    for _ in 0..20 {
        db.ping().await.unwrap();
    }
    let (n,): (i64,) = abri_store::lend!(pools.read, |conn| sqlx::query_as(LONG)
        .fetch_one(conn)
        .await)
    .unwrap();
    assert_eq!(n, 3_000_000);
    db.close().await;
}

#[tokio::test]
async fn sqlite_transactions_come_back_after_a_commit_and_a_dropped_one_leaves_nothing() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let Db::Sqlite(pools) = &db else {
        return db.close().await;
    };
    let customer = crate::store::customer(&db, 1).await;
    let (kept, dropped) = ("a".repeat(64), "b".repeat(64));
    let origin = SessionOrigin::default();

    let mut tx = db.begin().await.unwrap();
    tx.insert_session(&kept, customer, &origin, T0)
        .await
        .unwrap();
    assert!(!pools.transactions_connection_ready(), "held while open");
    tx.commit().await.unwrap();
    assert!(
        pools.transactions_connection_ready(),
        "back after the commit"
    );

    let mut tx = db.begin().await.unwrap();
    tx.insert_session(&dropped, customer, &origin, T0)
        .await
        .unwrap();
    // While a transaction is open, the writer's single statements wait for it (one permit).
    let hour = time::Duration::hours(1);
    let waited =
        tokio::time::timeout(Duration::from_millis(200), db.count_event("k", hour, T0)).await;
    assert!(
        waited.is_err(),
        "wrote beside an open transaction: {waited:?}"
    );
    drop(tx);
    assert!(
        pools.transactions_connection_ready(),
        "back after the rollback"
    );
    // The writer writes again, and only the committed change stays.
    assert_eq!(db.count_event("k", hour, T0).await.unwrap(), 1);
    assert!(db.session_customer(&kept).await.unwrap().is_some());
    assert!(db.session_customer(&dropped).await.unwrap().is_none());
    db.close().await;
}

/// Under transactions that never pause, the write-ahead log still starts over from its
/// beginning, again and again, instead of growing by all that is written (the checkpoint holds
/// writes back for a moment once the log passes 64 MiB). A log that starts over bumps the
/// checkpoint sequence number in its header.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_log_starts_over_under_writes_that_never_pause() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let Db::Sqlite(_) = &db else {
        return db.close().await;
    };
    let wal = format!("{}-wal", test_db.url.trim_start_matches("sqlite://"));
    let sequence = || {
        let mut header = [0; 16];
        std::io::Read::read_exact(&mut std::fs::File::open(&wal).unwrap(), &mut header).unwrap();
        u32::from_be_bytes([header[12], header[13], header[14], header[15]])
    };
    // 16 KiB of detail: five pages of log a commit.
    let event = abri_store::audit::AuditEvent {
        action: "bulk".into(),
        result: "success".into(),
        detail: Some("x".repeat(16 * 1024)),
        ..Default::default()
    };
    let (mut commits, mut restarts, mut last) = (0, 0, None);
    let started = std::time::Instant::now();
    while restarts < 3 && started.elapsed() < Duration::from_secs(20) {
        let mut tx = db.begin().await.unwrap();
        tx.insert_audit(&event, T0).await.unwrap();
        tx.commit().await.unwrap();
        commits += 1;
        if commits % 50 == 0 {
            let now = sequence();
            restarts += usize::from(last.is_some_and(|last| last != now));
            last = Some(now);
        }
    }
    assert_eq!(
        restarts, 3,
        "{commits} commits in 20 s, and the log started over {restarts} times"
    );
    db.close().await;
}

/// A transaction of many statements lets the other tasks of its thread run meanwhile (each
/// statement spends the task's cooperative budget), as it did when sqlx's thread ran them.
#[tokio::test]
async fn a_long_transaction_lets_other_tasks_run() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let event = abri_store::audit::AuditEvent {
        action: "bulk".into(),
        result: "success".into(),
        ..Default::default()
    };
    let mut tx = db.begin().await.unwrap();
    let ran = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&ran);
    tokio::spawn(async move { flag.store(true, std::sync::atomic::Ordering::SeqCst) });
    let mut ran_meanwhile = false;
    for _ in 0..300 {
        tx.insert_audit(&event, T0).await.unwrap();
        ran_meanwhile |= ran.load(std::sync::atomic::Ordering::SeqCst);
    }
    tx.commit().await.unwrap();
    assert!(
        ran_meanwhile,
        "the other task waited for the whole transaction"
    );
    db.close().await;
}

/// A single write is a small future: its work (a transaction on either backend, sqlx's
/// futures) is boxed, so the session check that every page and live stream runs does not carry
/// it inline (unboxed, each idle live stream held 3 KiB more: BENCHMARKS.md B7).
#[tokio::test]
async fn a_single_write_is_a_small_future() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let touch = db.touch_session("unknown", T0);
    let size = std::mem::size_of_val(&touch);
    touch.await.unwrap();
    assert!(size <= 256, "the write's future is {size} bytes");
    db.close().await;
}
