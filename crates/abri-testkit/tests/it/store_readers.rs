//! SQLite's readers: handed back without sqlx's ping, never more out than the pool holds, and
//! a statement cancelled mid-way leaves no connection broken.

use std::time::Duration;

use abri_store::Db;
use abri_testkit::TestDb;

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
        abri_store::on_reader!(pools, |conn| sqlx::query_as::<_, (i64,)>(LONG)
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
    let (n,): (i64,) =
        abri_store::on_reader!(pools, |conn| sqlx::query_as(LONG).fetch_one(conn).await).unwrap();
    assert_eq!(n, 3_000_000);
    db.close().await;
}
