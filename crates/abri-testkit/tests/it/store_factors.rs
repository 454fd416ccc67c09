//! Store functions of second factors, passkeys and the SMS factor, on SQLite — and on
//! PostgreSQL when `ABRI_TEST_DATABASE_URL` is set.

use abri_testkit::{T0, TestDb};
use time::Duration;

use crate::store::customer;

#[tokio::test]
async fn passkeys_and_ceremonies() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let id = db
        .insert_passkey(anne, "cred-1", "{\"k\":1}", "Téléphone", T0)
        .await
        .unwrap();
    assert!(
        db.insert_passkey(bob, "cred-1", "{}", "x", T0)
            .await
            .is_err(),
        "credential ids are unique"
    );
    let keys = db.passkeys_of(anne).await.unwrap();
    assert_eq!(
        (keys.len(), keys[0].name.as_str(), keys[0].last_used_at),
        (1, "Téléphone", None)
    );
    let factors = db.second_factors_of(anne).await.unwrap();
    assert_eq!(
        (factors.passkey, factors.totp, factors.sms),
        (true, false, false)
    );
    assert!(!db.second_factors_of(bob).await.unwrap().passkey);
    db.touch_passkey(id, "{\"k\":2}", T0 + Duration::minutes(1))
        .await
        .unwrap();
    let keys = db.passkeys_of(anne).await.unwrap();
    assert_eq!(
        (keys[0].passkey.as_str(), keys[0].last_used_at),
        ("{\"k\":2}", Some(T0 + Duration::minutes(1)))
    );
    assert!(!db.remove_passkey(bob, id).await.unwrap(), "not Bob's");
    assert!(db.remove_passkey(anne, id).await.unwrap());
    assert!(db.passkeys_of(anne).await.unwrap().is_empty());

    db.insert_ceremony(
        "h1",
        Some(anne),
        "register",
        "{\"s\":1}",
        T0 + Duration::minutes(2),
    )
    .await
    .unwrap();
    assert_eq!(
        db.take_ceremony("h1", "sign_in", Some(anne), T0)
            .await
            .unwrap(),
        None,
        "another kind"
    );
    assert_eq!(
        db.take_ceremony("h1", "register", Some(anne), T0)
            .await
            .unwrap()
            .as_deref(),
        Some("{\"s\":1}")
    );
    assert_eq!(
        db.take_ceremony("h1", "register", Some(anne), T0)
            .await
            .unwrap(),
        None,
        "taken once"
    );
    db.insert_ceremony(
        "h2",
        Some(anne),
        "register",
        "{}",
        T0 + Duration::minutes(2),
    )
    .await
    .unwrap();
    assert_eq!(
        db.take_ceremony("h2", "register", Some(bob), T0)
            .await
            .unwrap(),
        None,
        "another customer's"
    );
    db.insert_ceremony("h3", None, "sign_in", "{}", T0 + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(
        db.take_ceremony("h3", "sign_in", None, T0 + Duration::minutes(3))
            .await
            .unwrap(),
        None,
        "expired"
    );
}

#[tokio::test]
async fn second_factor_records() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    db.start_totp(anne, "sealed-1", T0).await.unwrap();
    assert_eq!(
        db.totp_of(anne).await.unwrap().map(|f| f.confirmed),
        Some(false)
    );
    assert!(
        !db.second_factors_of(anne).await.unwrap().totp,
        "not before it is confirmed"
    );
    let mut tx = db.begin().await.unwrap();
    tx.confirm_totp(anne, 100, T0).await.unwrap();
    tx.replace_recovery_codes(anne, &["h-a".into(), "h-b".into()], T0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(db.second_factors_of(anne).await.unwrap().totp);
    db.start_totp(anne, "sealed-2", T0).await.unwrap();
    assert_eq!(
        db.totp_of(anne).await.unwrap().unwrap().secret_enc,
        "sealed-1",
        "a confirmed factor stays"
    );
    assert!(
        !db.accept_totp_step(anne, 100).await.unwrap(),
        "the enrolment's step is spent"
    );
    assert!(db.accept_totp_step(anne, 101).await.unwrap());
    assert!(!db.accept_totp_step(anne, 101).await.unwrap(), "once");
    assert_eq!(db.recovery_codes_left(anne).await.unwrap(), 2);
    assert!(db.use_recovery_code(anne, "h-a", T0).await.unwrap());
    assert!(!db.use_recovery_code(anne, "h-a", T0).await.unwrap());
    assert_eq!(db.recovery_codes_left(anne).await.unwrap(), 1);
    db.insert_pending_sign_in("p1", anne, T0 + Duration::minutes(5))
        .await
        .unwrap();
    db.fail_pending_sign_in("p1").await.unwrap();
    assert_eq!(db.pending_sign_in("p1", T0).await.unwrap(), Some((anne, 1)));
    assert_eq!(
        db.pending_sign_in("p1", T0 + Duration::minutes(6))
            .await
            .unwrap(),
        None
    );
    assert!(db.end_pending_sign_in("p1").await.unwrap());
    assert!(!db.end_pending_sign_in("p1").await.unwrap());
    let mut tx = db.begin().await.unwrap();
    tx.remove_totp(anne).await.unwrap();
    tx.commit().await.unwrap();
    assert!(db.totp_of(anne).await.unwrap().is_none());
    assert!(!db.second_factors_of(anne).await.unwrap().totp);
    assert_eq!(db.recovery_codes_left(anne).await.unwrap(), 0);
}

#[tokio::test]
async fn sms_factor_records() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    assert!(!db.has_sms_factor(anne).await.unwrap());
    db.enable_sms_factor(anne, T0).await.unwrap();
    db.enable_sms_factor(anne, T0).await.unwrap();
    assert!(db.has_sms_factor(anne).await.unwrap());
    assert!(db.second_factors_of(anne).await.unwrap().sms);
    db.set_sms_challenge(anne, "sign_in", "h1", T0 + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(db.fail_sms_challenge(anne, "sign_in").await.unwrap(), 1);
    db.set_sms_challenge(anne, "sign_in", "h2", T0 + Duration::minutes(20))
        .await
        .unwrap();
    let challenge = db.sms_challenge(anne, "sign_in").await.unwrap().unwrap();
    assert_eq!(
        (challenge.code_hash.as_str(), challenge.failures),
        ("h2", 1),
        "a resend keeps the tries"
    );
    assert!(db.sms_challenge(anne, "enrol").await.unwrap().is_none());
    assert!(
        !db.end_sms_challenge(anne, "sign_in", Some("h1"))
            .await
            .unwrap(),
        "the old code"
    );
    assert!(
        db.end_sms_challenge(anne, "sign_in", Some("h2"))
            .await
            .unwrap()
    );
    assert!(!db.end_sms_challenge(anne, "sign_in", None).await.unwrap());
    assert!(db.disable_sms_factor(anne).await.unwrap());
    assert!(!db.disable_sms_factor(anne).await.unwrap());
    db.mark_phone_verified(anne, T0).await.unwrap();
    assert!(db.customer(anne).await.unwrap().unwrap().phone_verified);
}
