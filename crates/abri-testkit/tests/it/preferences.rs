//! Preferences: defaults shown, every box saved at once, an alarm that could reach nobody
//! refused with nothing changed, and one customer's choices never another's.

use abri_testkit::TestApp;
use reqwest::StatusCode;

use crate::customer;

fn checked(body: &str, name: &str) -> bool {
    body.split('<')
        .find(|tag| tag.contains(&format!("name=\"{name}\"")))
        .is_some_and(|tag| tag.contains(" checked"))
}

#[tokio::test]
async fn preferences_are_saved_whole_and_checked() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let page = camille.get("/account/preferences").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(checked(&page.body, "alarm.sms") && checked(&page.body, "claims.email"));
    assert!(!checked(&page.body, "invoices.sms") && !checked(&page.body, "paperless"));

    let unreachable = camille
        .submit(
            "/account/preferences",
            "/account/preferences",
            &[
                ("alarm.in_app", "on"),
                ("paperless", "on"),
                ("visits.sms", "on"),
            ],
        )
        .await;
    assert_eq!(unreachable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unreachable
            .body
            .contains("cochez au moins l’e-mail ou le SMS")
    );
    assert!(
        checked(&unreachable.body, "visits.sms"),
        "what was ticked is kept"
    );
    let id = customer(&app, "C10000001").await.id;
    assert_eq!(
        app.app.db.preferences_of(id).await.unwrap(),
        abri_store::preferences::StoredPreferences::default(),
        "nothing saved"
    );

    let done = camille
        .submit(
            "/account/preferences",
            "/account/preferences",
            &[
                ("alarm.email", "on"),
                ("alarm.in_app", "on"),
                ("invoices.sms", "on"),
                ("paperless", "on"),
                ("bogus.fax", "on"),
            ],
        )
        .await;
    assert_eq!(done.location(), Some("/account/preferences?done=1"));
    let page = camille.get("/account/preferences?done=1").await;
    assert!(page.body.contains("Vos préférences sont enregistrées"));
    assert!(checked(&page.body, "paperless") && checked(&page.body, "invoices.sms"));
    assert!(!checked(&page.body, "alarm.sms") && !checked(&page.body, "claims.email"));
    let stored = app.app.db.preferences_of(id).await.unwrap();
    assert_eq!(stored.notifications.len(), 18);
    assert!(stored.paperless);

    let mut julien = app.signed_in("C10000002").await;
    let his = julien.get("/account/preferences").await;
    assert!(checked(&his.body, "alarm.sms") && !checked(&his.body, "paperless"));
    app.stop().await;
}
