//! The one query sign-in makes before hashing, on SQLite — and on PostgreSQL when
//! `ABRI_TEST_DATABASE_URL` is set.

use abri_domain::account::LoginIdentifier;
use abri_domain::throttle::Throttle;
use abri_testkit::{T0, TestDb};
use time::Duration;

use crate::store::customer;

#[tokio::test]
async fn the_account_its_failures_and_its_hash_in_one_record() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let bob = customer(&db, 2).await;
    let by = |typed: &str| LoginIdentifier::parse(typed).unwrap();

    let record = db
        .sign_in_record(&by("client1@example.fr"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.customer, db.customer(anne).await.unwrap().unwrap());
    assert_eq!(record.throttle, Throttle::default(), "no failure yet");
    assert_eq!(record.password_hash.as_deref(), Some("$argon2id$fake"));
    let by_number = db.sign_in_record(&by("C00000001")).await.unwrap().unwrap();
    assert_eq!(by_number, record);
    assert!(db.sign_in_record(&by("C00000099")).await.unwrap().is_none());
    assert!(
        db.sign_in_record(&by("nobody@example.fr"))
            .await
            .unwrap()
            .is_none()
    );

    // Anne's failures are hers, and read as `throttle_of` reads them.
    db.record_sign_in_failure(anne, T0, Some(T0 + Duration::minutes(15)))
        .await
        .unwrap();
    let record = db.sign_in_record(&by("C00000001")).await.unwrap().unwrap();
    assert_eq!(record.throttle, db.throttle_of(anne).await.unwrap());
    assert_eq!(record.throttle.failures, 1);
    let bobs = db.sign_in_record(&by("C00000002")).await.unwrap().unwrap();
    assert_eq!(
        (bobs.customer.id, bobs.throttle),
        (bob, Throttle::default())
    );
}
