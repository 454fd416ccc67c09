//! The pages' reads run on the caller's thread (SQLite through rusqlite, PostgreSQL through
//! sqlx): they see each commit at once, many run together from many tasks, and each of
//! another customer's ids finds nothing.

use abri_testkit::TestDb;

use crate::store::{customer, home, new_contract};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reads_see_each_commit_at_once_and_run_together_from_many_tasks() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let other = customer(&db, 2).await;
    // Each write is read back at once, by the readers the pages use.
    let mut homes = Vec::new();
    for n in 0..3 {
        let id = home(&db, anne).await;
        db.insert_contract(anne, &new_contract(id, &format!("HAB-{n}")))
            .await
            .unwrap();
        homes.push(id);
        assert_eq!(db.homes_of(anne).await.unwrap().len(), n + 1);
        assert_eq!(db.contracts_of(anne).await.unwrap().len(), n + 1);
    }
    let mut tx = db.begin().await.unwrap();
    tx.set_customer_name(anne, "Annie", "Lefèvre")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let read = db.customer(anne).await.unwrap().unwrap();
    assert_eq!(
        (read.given_name.as_str(), read.family_name.as_str()),
        ("Annie", "Lefèvre")
    );

    // Two hundred reads at once from as many tasks on four threads: each connection serves one
    // read at a time, none fails, every answer is whole.
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                let who = if i % 2 == 0 { anne } else { other };
                let homes = db.homes_with_alarm_of(who).await.unwrap();
                let contracts = db.contracts_of(who).await.unwrap();
                (i % 2 == 0, homes.len(), contracts.len())
            })
        })
        .collect();
    for task in tasks {
        let (is_anne, homes, contracts) = task.await.unwrap();
        let expected = if is_anne { 3 } else { 0 };
        assert_eq!((homes, contracts), (expected, expected));
    }

    // Another customer's ids find nothing.
    assert_eq!(db.home_of(other, homes[0]).await.unwrap(), None);
    assert!(db.panel_of_home(other, homes[0]).await.unwrap().is_none());
    assert!(
        db.session_customer("not a session")
            .await
            .unwrap()
            .is_none()
    );
    db.close().await;
}

#[tokio::test]
async fn a_closed_store_refuses_reads_instead_of_reopening() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    db.close().await;
    let refused = db.customer(anne).await;
    assert!(refused.is_err(), "{refused:?}");
}
