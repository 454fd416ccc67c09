//! « Résilier mon contrat » in three clicks: form, recap, confirmation; acknowledgement e-mail;
//! withdrawal; field errors that change nothing; only one's own contracts.

use abri_testkit::{Browser, TestApp};
use reqwest::StatusCode;

async fn lyon_contract(browser: &mut Browser) -> String {
    let home = browser.get("/").await.links("/homes/").remove(0);
    browser.get(&home).await.links("/contracts/").remove(0)
}

#[tokio::test]
async fn cancel_in_three_clicks_then_withdraw() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let contract = lyon_contract(&mut camille).await;
    let page = camille.get(&contract).await;
    assert!(
        page.body.contains(&format!("href=\"{contract}/cancel\"")),
        "a permanent entry"
    );
    let form = camille.get(&format!("{contract}/cancel")).await;
    assert!(
        form.body.contains("C10000001") && form.body.contains("MRH-2023-004512"),
        "prefilled"
    );
    let token = form.csrf().unwrap();
    let recap = camille
        .post(
            &format!("{contract}/cancel"),
            &[
                ("csrf", &token),
                ("reason", "price"),
                ("date", "2026-11-27"),
            ],
        )
        .await;
    assert_eq!(recap.status, StatusCode::OK);
    assert!(
        recap.body.contains("27/12/2026"),
        "a month's notice after the first year: {}",
        recap.body
    );
    assert!(
        app.app
            .db
            .audit_all(50)
            .await
            .unwrap()
            .iter()
            .all(|e| e.action != "cancellation_requested"),
        "nothing yet"
    );
    let fields = [
        ("csrf", token.as_str()),
        ("reason", "price"),
        ("date", "2026-11-27"),
    ];
    let done = camille
        .post(&format!("{contract}/cancel/confirm"), &fields)
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("27/11/2026 09:00 UTC") && done.body.contains("27/12/2026"));
    camille
        .post(&format!("{contract}/cancel/confirm"), &fields)
        .await;
    let page = camille.get(&contract).await;
    assert!(page.body.contains("Résiliation demandée"));
    app.app.run_due_jobs().await.unwrap();
    let acks = app
        .app
        .db
        .outbox_messages(20)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| {
            m.subject.as_deref() == Some("Accusé de réception de votre demande de résiliation")
        })
        .count();
    assert_eq!(
        acks, 1,
        "one request, one acknowledgement, for two confirmations"
    );

    let token = page.csrf().unwrap();
    let withdrawn = camille
        .post(&format!("{contract}/cancel/withdraw"), &[("csrf", &token)])
        .await;
    assert_eq!(
        withdrawn.location(),
        Some(format!("{contract}?done=cancel-withdrawn").as_str())
    );
    let page = camille
        .get(&format!("{contract}?done=cancel-withdrawn"))
        .await;
    assert!(
        !page.body.contains("Résiliation demandée") && page.body.contains("le contrat continue")
    );
    app.stop().await;
}

#[tokio::test]
async fn wrong_fields_are_named_and_change_nothing() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let contract = lyon_contract(&mut camille).await;
    let token = camille
        .get(&format!("{contract}/cancel"))
        .await
        .csrf()
        .unwrap();
    for (reason, date, message) in [
        ("price", "2026-11-26", "La date ne peut pas être passée."),
        ("price", "demain", "Indiquez une date valide"),
        ("whim", "2026-12-01", "Choisissez un motif."),
    ] {
        let page = camille
            .post(
                &format!("{contract}/cancel/confirm"),
                &[("csrf", &token), ("reason", reason), ("date", date)],
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{reason} {date}");
        let page = camille
            .post(
                &format!("{contract}/cancel"),
                &[("csrf", &token), ("reason", reason), ("date", date)],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains(message), "{message}");
    }
    assert!(
        !camille
            .get(&contract)
            .await
            .body
            .contains("Résiliation demandée"),
        "nothing recorded"
    );
    app.stop().await;
}

#[tokio::test]
async fn another_customers_contract_cannot_be_cancelled() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let contract = lyon_contract(&mut camille).await;
    let mut julien = app.signed_in("C10000002").await;
    assert_eq!(
        julien.get(&format!("{contract}/cancel")).await.status,
        StatusCode::NOT_FOUND
    );
    let token = julien.get("/").await.csrf().unwrap();
    let fields = [
        ("csrf", token.as_str()),
        ("reason", "price"),
        ("date", "2026-12-01"),
    ];
    for action in ["cancel", "cancel/confirm", "cancel/withdraw"] {
        let page = julien.post(&format!("{contract}/{action}"), &fields).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{action}");
    }
    assert!(
        !camille
            .get(&contract)
            .await
            .body
            .contains("Résiliation demandée")
    );
    app.stop().await;
}
