//! Every store function, on SQLite — and on PostgreSQL when `ABRI_TEST_DATABASE_URL` is set
//! (CI runs this suite once per backend). Plus the schema-parity check.

use abri_domain::account::{CustomerNumber, Email};
use abri_domain::alarm::AlarmState;
use abri_domain::contracts::{ContractStatus, Frequency, Guarantee, GuaranteeCode, Product};
use abri_domain::homes::{Address, Equipment, EquipmentKind, HomeKind};
use abri_domain::ids::{ContractId, CustomerId, HomeId};
use abri_domain::{Language, Money};
use abri_store::audit::AuditEvent;
use abri_store::contracts::NewContract;
use abri_store::customers::NewCustomer;
use abri_store::sessions::SessionOrigin;
use abri_store::{Backend, Db};
use abri_testkit::{T0, TestDb, postgres_admin_url};
use time::Duration;
use time::macros::date;

pub(crate) async fn customer(db: &Db, n: u32) -> CustomerId {
    let new = NewCustomer {
        number: CustomerNumber::parse(&format!("C{n:08}")).unwrap(),
        email: Email::parse(&format!("client{n}@example.fr")).unwrap(),
        phone: Some("+33600000000".into()),
        given_name: "Anne".into(),
        family_name: "Lefebvre".into(),
        language: Language::Fr,
    };
    db.insert_customer(&new, "$argon2id$fake", T0)
        .await
        .unwrap()
}

pub(crate) async fn home(db: &Db, owner: CustomerId) -> HomeId {
    let address = Address {
        street: "1 rue de la Paix".into(),
        postal_code: "75002".into(),
        city: "Paris".into(),
    };
    db.insert_home(owner, "Chez moi", HomeKind::Flat, &address, T0)
        .await
        .unwrap()
}

pub(crate) fn new_contract(home_id: HomeId, number: &str) -> NewContract {
    NewContract {
        home_id,
        number: number.into(),
        product: Product::HomeInsurance,
        status: ContractStatus::Active,
        start_date: date!(2025 - 01 - 15),
        end_date: Some(date!(2027 - 01 - 14)),
        premium: Money::from_cents(2_150),
        frequency: Frequency::Monthly,
    }
}

#[tokio::test]
async fn customers_and_credentials() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let id = customer(&db, 1).await;
    let by_id = db.customer(id).await.unwrap().unwrap();
    assert_eq!(by_id.number, "C00000001");
    assert_eq!(by_id.phone.as_deref(), Some("+33600000000"));
    let email = Email::parse("CLIENT1@example.fr").unwrap();
    assert_eq!(db.customer_by_email(&email).await.unwrap().unwrap().id, id);
    let number = CustomerNumber::parse("C00000001").unwrap();
    assert_eq!(
        db.customer_by_number(&number).await.unwrap().unwrap().id,
        id
    );
    assert!(db.customer(CustomerId::new()).await.unwrap().is_none());
    db.set_customer_language(id, Language::En).await.unwrap();
    assert_eq!(
        db.customer(id).await.unwrap().unwrap().language,
        Language::En
    );
    assert_eq!(
        db.password_hash(id).await.unwrap().as_deref(),
        Some("$argon2id$fake")
    );
    db.set_password_hash(id, "$argon2id$other", T0)
        .await
        .unwrap();
    assert_eq!(
        db.password_hash(id).await.unwrap().as_deref(),
        Some("$argon2id$other")
    );
    let dup = NewCustomer {
        number: CustomerNumber::parse("C00000001").unwrap(),
        email: Email::parse("other@example.fr").unwrap(),
        phone: None,
        given_name: "X".into(),
        family_name: "Y".into(),
        language: Language::Fr,
    };
    assert!(
        db.insert_customer(&dup, "h", T0).await.is_err(),
        "numbers are unique"
    );
    assert!(
        db.customer_by_email(&Email::parse("other@example.fr").unwrap())
            .await
            .unwrap()
            .is_none(),
        "a refused insert leaves nothing behind"
    );
    db.ping().await.unwrap();
}

#[tokio::test]
async fn homes_and_equipment_are_scoped_to_their_owner() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let first = home(&db, anne).await;
    let second = home(&db, anne).await;
    let homes = db.homes_of(anne).await.unwrap();
    assert_eq!(
        homes.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![first, second]
    );
    assert_eq!(homes[0].kind, HomeKind::Flat);
    assert!(db.homes_of(bob).await.unwrap().is_empty());
    assert!(db.home_of(anne, first).await.unwrap().is_some());
    assert!(db.home_of(bob, first).await.unwrap().is_none(), "not Bob's");
    let sensor = Equipment {
        kind: EquipmentKind::WaterLeakSensor,
        location: "Cuisine".into(),
        quantity: 2,
    };
    db.insert_equipment(first, &sensor).await.unwrap();
    assert_eq!(db.equipment_of(first).await.unwrap(), vec![sensor]);
    assert!(db.equipment_of(second).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_dashboards_homes_come_with_their_alarms_state() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let first = home(&db, anne).await;
    let second = home(&db, anne).await;
    let bobs = home(&db, bob).await;
    db.insert_panel(second, "ABR-T-1", "AX", "1.0", "hash", T0)
        .await
        .unwrap();
    db.insert_panel(bobs, "ABR-T-2", "AX", "1.0", "hash", T0)
        .await
        .unwrap();
    let homes = db.homes_with_alarm_of(anne).await.unwrap();
    assert_eq!(
        homes.iter().map(|(h, a)| (h.id, *a)).collect::<Vec<_>>(),
        vec![(first, None), (second, Some(AlarmState::Disarmed))],
        "every home once, oldest first; only Anne's"
    );
    assert_eq!(homes[0].0, db.homes_of(anne).await.unwrap()[0]);
    assert!(
        db.homes_with_alarm_of(CustomerId::new())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn contracts_guarantees_and_options() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let h = home(&db, anne).await;
    let id = db
        .insert_contract(anne, &new_contract(h, "MRH-1"))
        .await
        .unwrap();
    assert!(
        db.insert_contract(anne, &new_contract(h, "MRH-1"))
            .await
            .is_err(),
        "numbers are unique"
    );
    let contract = db.contract_of(anne, id).await.unwrap().unwrap();
    assert_eq!(contract.end_date, Some(date!(2027 - 01 - 14)));
    assert_eq!(contract.premium, Money::from_cents(2_150));
    assert!(db.contract_of(bob, id).await.unwrap().is_none());
    assert!(
        db.contract_of(anne, ContractId::new())
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(db.contracts_of(anne).await.unwrap().len(), 1);
    assert!(db.contracts_of(bob).await.unwrap().is_empty());

    let fire = Guarantee {
        code: GuaranteeCode::Fire,
        ceiling: Some(Money::from_euros(300_000)),
        deductible: Money::from_euros(150),
    };
    let liability = Guarantee {
        code: GuaranteeCode::Liability,
        ceiling: None,
        deductible: Money::default(),
    };
    db.insert_guarantee(id, &liability, 1).await.unwrap();
    db.insert_guarantee(id, &fire, 0).await.unwrap();
    assert_eq!(db.guarantees_of(id).await.unwrap(), vec![fire, liability]);

    db.upsert_catalogue_option(
        "valuables",
        Product::HomeInsurance,
        Money::from_cents(500),
        0,
    )
    .await
    .unwrap();
    db.upsert_catalogue_option(
        "valuables",
        Product::HomeInsurance,
        Money::from_cents(590),
        0,
    )
    .await
    .unwrap();
    db.upsert_catalogue_option("garden", Product::HomeInsurance, Money::from_cents(350), 1)
        .await
        .unwrap();
    db.upsert_catalogue_option("keyholding", Product::Monitoring, Money::from_cents(500), 2)
        .await
        .unwrap();
    db.subscribe_option(id, "valuables", T0).await.unwrap();
    db.subscribe_option(id, "valuables", T0).await.unwrap();
    let options = db.options_of(&contract).await.unwrap();
    let summary: Vec<_> = options
        .iter()
        .map(|o| (o.code.as_str(), o.price.cents(), o.subscribed))
        .collect();
    assert_eq!(
        summary,
        vec![("valuables", 590, true), ("garden", 350, false)]
    );
    assert!(
        db.subscribe_option(id, "no_such_option", T0).await.is_err(),
        "foreign key"
    );
}

#[tokio::test]
async fn sessions_are_stored_by_hash_and_revocable() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let origin = SessionOrigin {
        ip: Some("192.0.2.1".into()),
        user_agent: Some("Firefox".into()),
    };
    db.insert_session("hash-a", anne, &origin, T0)
        .await
        .unwrap();
    db.insert_session("hash-b", anne, &origin, T0)
        .await
        .unwrap();
    let stored = db.session("hash-a").await.unwrap().unwrap();
    assert_eq!(stored.customer_id, anne);
    assert_eq!(stored.times.created_at, T0);
    let (joined, owner) = db.session_customer("hash-a").await.unwrap().unwrap();
    assert_eq!(joined, stored, "the same session as read alone");
    assert_eq!(Some(owner), db.customer(anne).await.unwrap());
    assert!(db.session_customer("hash-z").await.unwrap().is_none());
    db.touch_session("hash-a", T0 + Duration::minutes(5))
        .await
        .unwrap();
    let touched = db.session("hash-a").await.unwrap().unwrap();
    assert_eq!(touched.times.last_seen_at, T0 + Duration::minutes(5));
    assert_eq!(touched.times.created_at, T0);
    db.delete_session("hash-a").await.unwrap();
    assert!(db.session("hash-a").await.unwrap().is_none());
    assert!(db.session_customer("hash-a").await.unwrap().is_none());
    assert_eq!(db.delete_sessions_of(anne).await.unwrap(), 1);
    assert!(db.session("hash-b").await.unwrap().is_none());
}

#[tokio::test]
async fn audit_staff_and_jobs() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let event = AuditEvent {
        customer_id: Some(anne),
        ip: Some("192.0.2.1".into()),
        user_agent: Some("Firefox".into()),
        action: "sign_in".into(),
        result: "success".into(),
        method: Some("password".into()),
        detail: Some("{\"note\":1}".into()),
        ..AuditEvent::default()
    };
    db.insert_audit(&event, T0).await.unwrap();
    db.insert_audit(
        &AuditEvent {
            action: "sign_out".into(),
            ..event.clone()
        },
        T0 + Duration::seconds(1),
    )
    .await
    .unwrap();
    let trail = db.audit_of(anne, 10).await.unwrap();
    assert_eq!(
        trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["sign_out", "sign_in"]
    );
    assert_eq!(trail[1].at, Some(T0));
    assert_eq!(trail[1].detail, event.detail);
    assert_eq!(db.audit_of(anne, 1).await.unwrap().len(), 1);

    let staff = db
        .insert_staff("op@example.fr", "Nadia", "monitoring_operator", "h", T0)
        .await
        .unwrap();
    db.insert_staff("adv@example.fr", "Léa", "adviser", "h", T0)
        .await
        .unwrap();
    let all = db.staff_users().await.unwrap();
    assert_eq!(
        all.iter().map(|s| s.role.as_str()).collect::<Vec<_>>(),
        vec!["adviser", "monitoring_operator"]
    );
    assert_eq!(all[1].id, staff);
    assert!(
        db.insert_staff("op@example.fr", "Dup", "adviser", "h", T0)
            .await
            .is_err()
    );

    assert_eq!(db.pending_jobs().await.unwrap(), 0);
    db.enqueue_job("email", &serde_json::json!({"to": "anne"}), T0, T0)
        .await
        .unwrap();
    assert_eq!(db.pending_jobs().await.unwrap(), 1);
}

#[tokio::test]
async fn migration_folders_have_the_same_files_and_schemas_match() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../abri-store/migrations");
    let names = |dir: &str| {
        let mut v: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
    let sqlite = TestDb::sqlite();
    let sqlite_db = sqlite.open().await;
    assert_eq!(sqlite_db.backend(), Backend::Sqlite);
    let sqlite_schema = sqlite_db.schema().await.unwrap();
    assert!(sqlite_schema.iter().any(|(t, _)| t == "contracts"));
    let Some(_) = postgres_admin_url() else {
        eprintln!("schema parity with PostgreSQL skipped: ABRI_TEST_DATABASE_URL is not set");
        return;
    };
    let pg = TestDb::new().await;
    let pg_db = pg.open().await;
    assert_eq!(pg_db.backend(), Backend::Postgres);
    assert_eq!(
        pg_db.schema().await.unwrap(),
        sqlite_schema,
        "same tables and columns"
    );
}

#[tokio::test]
async fn rate_events_count_in_a_sliding_window() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let hour = Duration::hours(1);
    for minute in 0..5 {
        let n = db
            .count_event("k", hour, T0 + Duration::minutes(minute * 21))
            .await
            .unwrap();
        assert_eq!(n, (minute + 1).min(3), "minute {}", minute * 21);
    }
    assert_eq!(db.count_event("other", hour, T0).await.unwrap(), 1);
    // Several keys in one transaction, each with its own window, counts in the order asked.
    let later = T0 + Duration::minutes(100);
    let counts = db
        .count_events(
            &[("k", hour), ("other", Duration::hours(2)), ("new", hour)],
            later,
        )
        .await
        .unwrap();
    assert_eq!(counts, vec![4, 2, 1], "k: 42, 63, 84 and 100 minutes");
    assert_eq!(
        db.count_events(&[], later).await.unwrap(),
        Vec::<i64>::new()
    );
}

#[tokio::test]
async fn sqlite_commits_leave_checkpoints_to_the_background() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    if let Db::Sqlite(pools) = &db {
        let pages = pools.writer_autocheckpoint_pages().await.unwrap();
        assert_eq!(pages, 0, "no commit waits for a checkpoint");
    }
    db.close().await;
}
