//! Store: a home's name, requests to staff about homes, and SEPA mandates (one active per customer, the replaced one kept
//! revoked), on the backend CI selects.

use abri_store::mandates::Mandate;
use abri_testkit::{T0, TestDb};
use time::Duration;
use time::macros::date;

use crate::store::{customer, home};

fn mandate(reference: &str, iban: &str) -> Mandate {
    Mandate {
        reference: reference.into(),
        iban: iban.into(),
        bic: None,
        holder: "Anne Test".into(),
        signed_on: date!(2026 - 11 - 27),
    }
}

#[tokio::test]
async fn one_active_mandate_per_customer() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    assert_eq!(db.active_mandate(anne).await.unwrap(), None);
    for (reference, iban, at) in [
        ("R-1", "DE44500105175407324931", T0),
        ("R-2", "FR1420041010050500013M02606", T0 + Duration::days(1)),
    ] {
        let mut tx = db.begin().await.unwrap();
        tx.replace_mandate(anne, &mandate(reference, iban), at)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let active = db.active_mandate(anne).await.unwrap().unwrap();
    assert_eq!(active, mandate("R-2", "FR1420041010050500013M02606"));
    assert!(
        !format!("{active:?}").contains("20041"),
        "Debug hides the IBAN"
    );
    assert_eq!(db.mandate_count(anne).await.unwrap(), 2);
    assert_eq!(db.active_mandate(bob).await.unwrap(), None);
    // A reference is unique across customers: the transaction fails and changes nothing.
    let mut tx = db.begin().await.unwrap();
    assert!(
        tx.replace_mandate(bob, &mandate("R-2", "DE44500105175407324931"), T0)
            .await
            .is_err()
    );
    drop(tx);
    assert_eq!(db.mandate_count(bob).await.unwrap(), 0);
}

#[tokio::test]
async fn a_home_is_renamed_only_by_its_owner() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let house = home(&db, anne).await;
    assert!(!db.rename_home(bob, house, "Chez Bob").await.unwrap());
    assert!(db.rename_home(anne, house, "Chez Anne").await.unwrap());
    let label = db.home_of(anne, house).await.unwrap().unwrap().label;
    assert_eq!(label, "Chez Anne");
}

#[tokio::test]
async fn home_requests_are_listed_per_customer_newest_first() {
    use abri_domain::homes::Address;
    use abri_store::home_requests::HomeRequest;
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let house = home(&db, anne).await;
    let request = |n: i64, home_id: Option<abri_domain::ids::HomeId>| HomeRequest {
        id: uuid::Uuid::now_v7(),
        kind: if home_id.is_some() {
            "move"
        } else {
            "new_home"
        }
        .into(),
        home_id,
        address: Address {
            street: format!("{n} rue Neuve"),
            postal_code: "69002".into(),
            city: "Lyon".into(),
        },
        wished_date: date!(2027 - 01 - 15),
        note: String::new(),
        status: "open".into(),
        created_at: T0 + Duration::minutes(n),
    };
    let (first, second) = (request(1, None), request(2, Some(house)));
    for r in [&first, &second] {
        let mut tx = db.begin().await.unwrap();
        tx.insert_home_request(anne, r).await.unwrap();
        tx.commit().await.unwrap();
    }
    assert_eq!(
        db.home_requests_of(anne).await.unwrap(),
        vec![second, first]
    );
    assert!(db.home_requests_of(bob).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_name_and_a_street_are_changed_in_a_transaction() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let house = home(&db, anne).await;
    let mut tx = db.begin().await.unwrap();
    tx.set_customer_name(anne, "Anne-Marie", "Lefebvre Roux")
        .await
        .unwrap();
    assert!(!tx.set_home_street(bob, house, "9 rue Volée").await.unwrap());
    assert!(
        tx.set_home_street(anne, house, "3 rue de la Paix")
            .await
            .unwrap()
    );
    drop(tx);
    let unchanged = db.customer(anne).await.unwrap().unwrap();
    assert_eq!(
        unchanged.given_name, "Anne",
        "a dropped transaction changes nothing"
    );

    let mut tx = db.begin().await.unwrap();
    tx.set_customer_name(anne, "Anne-Marie", "Lefebvre Roux")
        .await
        .unwrap();
    assert!(
        tx.set_home_street(anne, house, "3 rue de la Paix")
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let anne_now = db.customer(anne).await.unwrap().unwrap();
    assert_eq!(
        (anne_now.given_name.as_str(), anne_now.family_name.as_str()),
        ("Anne-Marie", "Lefebvre Roux")
    );
    assert_eq!(db.customer(bob).await.unwrap().unwrap().given_name, "Anne");
    let address = db.home_of(anne, house).await.unwrap().unwrap().address;
    assert_eq!(
        (address.street.as_str(), address.postal_code.as_str()),
        ("3 rue de la Paix", "75002")
    );
}
