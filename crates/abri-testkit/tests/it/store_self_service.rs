//! Store: contract self-service (options with numbered amendments, cancellation requests) and
//! contact changes, on the backend CI selects.

use abri_domain::Money;
use abri_domain::contracts::Product;
use abri_testkit::{T0, TestDb};
use time::Duration;
use time::macros::date;

use crate::store::{customer, home, new_contract};

#[tokio::test]
async fn options_change_with_numbered_amendments() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let h = home(&db, anne).await;
    let id = db
        .insert_contract(anne, &new_contract(h, "MRH-9"))
        .await
        .unwrap();
    db.upsert_catalogue_option("garden", Product::HomeInsurance, Money::from_cents(350), 0)
        .await
        .unwrap();
    let amendment = abri_store::amendments::Amendment {
        number: String::new(),
        kind: "option_added".into(),
        option_code: Some("garden".into()),
        effective_date: date!(2026 - 11 - 27),
        premium_before: Money::from_cents(2_150),
        premium_after: Money::from_cents(2_500),
        prorata: Money::from_cents(140),
    };
    let mut tx = db.begin().await.unwrap();
    assert!(tx.add_option(id, "garden", T0).await.unwrap());
    assert!(
        !tx.add_option(id, "garden", T0).await.unwrap(),
        "already subscribed"
    );
    assert_eq!(
        tx.insert_amendment(id, "MRH-9", &amendment, T0)
            .await
            .unwrap(),
        "MRH-9-A1"
    );
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(tx.remove_option(id, "garden").await.unwrap());
    assert!(!tx.remove_option(id, "garden").await.unwrap());
    let removal = abri_store::amendments::Amendment {
        kind: "option_removed".into(),
        prorata: Money::from_cents(-140),
        ..amendment.clone()
    };
    assert_eq!(
        tx.insert_amendment(id, "MRH-9", &removal, T0)
            .await
            .unwrap(),
        "MRH-9-A2"
    );
    drop(tx);
    let kept = db.amendments_of(id).await.unwrap();
    assert_eq!(kept.len(), 1, "a rolled-back change leaves nothing");
    assert_eq!(kept[0].number, "MRH-9-A1");
    assert_eq!(kept[0].prorata, Money::from_cents(140));
    assert_eq!(kept[0].effective_date, date!(2026 - 11 - 27));
}

#[tokio::test]
async fn one_pending_cancellation_per_contract() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let h = home(&db, anne).await;
    let id = db
        .insert_contract(anne, &new_contract(h, "MRH-7"))
        .await
        .unwrap();
    assert!(db.pending_cancellation(id).await.unwrap().is_none());
    let (wished, effective) = (date!(2026 - 11 - 27), date!(2026 - 12 - 27));
    assert!(
        db.insert_cancellation(id, "price", wished, effective, T0)
            .await
            .unwrap()
    );
    assert!(
        !db.insert_cancellation(id, "price", wished, effective, T0)
            .await
            .unwrap(),
        "one pending"
    );
    let pending = db.pending_cancellation(id).await.unwrap().unwrap();
    assert_eq!(
        (pending.reason.as_str(), pending.effective_date),
        ("price", effective)
    );
    assert!(db.withdraw_cancellation(id, T0).await.unwrap());
    assert!(!db.withdraw_cancellation(id, T0).await.unwrap());
    assert!(
        db.insert_cancellation(id, "moving", wished, effective, T0)
            .await
            .unwrap(),
        "a new request after a withdrawal"
    );
}

#[tokio::test]
async fn contact_changes_apply_once() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    db.start_contact_change(
        anne,
        "phone",
        "+33711223344",
        "h1",
        T0 + Duration::minutes(10),
    )
    .await
    .unwrap();
    assert_eq!(db.fail_contact_change(anne, "phone").await.unwrap(), 1);
    db.start_contact_change(
        anne,
        "phone",
        "+33711223355",
        "h2",
        T0 + Duration::minutes(10),
    )
    .await
    .unwrap();
    let pending = db.pending_contact(anne, "phone").await.unwrap().unwrap();
    assert_eq!(
        (
            pending.new_value.as_str(),
            pending.code_hash.as_str(),
            pending.failures
        ),
        ("+33711223355", "h2", 0)
    );
    assert!(
        db.apply_contact_change(anne, "phone", "+33711223355", T0)
            .await
            .unwrap()
    );
    assert!(
        !db.apply_contact_change(anne, "phone", "+33711223355", T0)
            .await
            .unwrap(),
        "once"
    );
    let after = db.customer(anne).await.unwrap().unwrap();
    assert_eq!(
        (after.phone.as_deref(), after.phone_verified),
        (Some("+33711223355"), true)
    );
    db.start_contact_change(anne, "email", "client2@example.fr", "h3", T0)
        .await
        .unwrap();
    assert!(
        db.apply_contact_change(anne, "email", "client2@example.fr", T0)
            .await
            .is_err(),
        "Bob's address"
    );
    assert_eq!(
        db.customer(anne).await.unwrap().unwrap().email,
        "client1@example.fr",
        "nothing half-applied"
    );
    assert!(
        db.pending_contact(anne, "email").await.unwrap().is_some(),
        "the pending change stays"
    );
    db.drop_contact_change(anne, "email").await.unwrap();
    assert!(db.pending_contact(anne, "email").await.unwrap().is_none());
    let _ = bob;
}
