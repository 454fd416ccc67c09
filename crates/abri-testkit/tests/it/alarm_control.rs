//! Remote control: a command checked against the state, handed to the polling panel once,
//! confirmed by its next state or failed past the deadline; disarming asks for a recent proof
//! of identity; nobody commands another customer's alarm.

use abri_testkit::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::Duration;

use crate::ingest::{LYON, NANTES, at, credentials, lyon_panel, post};

async fn poll(app: &TestApp, serial: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/api/v1/ingest/commands", app.base))
        .bearer_auth(credentials(serial))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_arm_command_reaches_the_panel_once_and_its_state_confirms_it() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let page = format!("/homes/{lyon}/alarm");
    let arm = format!("{page}/arm");
    let mut camille = app.signed_in("C10000001").await;
    let sent = camille.submit(&page, &arm, &[("mode", "away")]).await;
    assert_eq!(sent.location(), Some(format!("{page}?done=sent").as_str()));
    let shown = camille.get(&format!("{page}?done=sent")).await;
    assert!(shown.body.contains("Commande envoyée à la centrale"));
    assert!(
        shown.body.contains("armer (mode total)")
            && shown.body.contains("en attente de la centrale")
    );
    let again = camille.submit(&page, &arm, &[("mode", "home")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("attend encore la réponse"));

    // Sophie's panel has nothing to do; Camille's gets the command once.
    assert_eq!(poll(&app, NANTES).await["commands"], json!([]));
    let commands = poll(&app, LYON).await;
    assert_eq!(commands["commands"][0]["command"], "arm");
    assert_eq!(commands["commands"][0]["mode"], "away");
    assert_eq!(poll(&app, LYON).await["commands"], json!([]));
    assert!(
        camille
            .get(&page)
            .await
            .body
            .contains("transmise, en attente de confirmation")
    );

    let answer = json!({"events": [
        {"seq": 1, "at": at(0), "type": "exit_delay", "mode": "away", "by": {"kind": "app"}}
    ]});
    post(&app, &credentials(LYON), answer.to_string()).await;
    let confirmed = camille.get(&page).await;
    assert!(
        confirmed.body.contains("exécutée"),
        "confirmed by the exit delay"
    );
    assert!(
        confirmed
            .body
            .contains("Mise en service lancée (mode total), depuis l’espace client")
    );

    // Arming again in the same mode is refused; a delay running allows only disarming.
    let refused = camille.submit(&page, &arm, &[("mode", "away")]).await;
    assert!(refused.body.contains("Désarmez d’abord"));
    assert_eq!(
        camille
            .submit(&page, &arm, &[("mode", "party")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Nobody commands another customer's alarm.
    let mut julien = app.signed_in("C10000002").await;
    let his = julien.get("/").await;
    let token = his.csrf().unwrap();
    let foreign = julien
        .post(&arm, &[("csrf", &token), ("mode", "home")])
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let trail = app
        .app
        .db
        .audit_of(crate::customer(&app, "C10000001").await.id, 50)
        .await
        .unwrap();
    assert_eq!(
        trail.iter().filter(|e| e.action == "alarm_command").count(),
        1
    );
    app.stop().await;
}

#[tokio::test]
async fn an_unanswered_command_fails_and_disarming_needs_a_recent_proof() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let page = format!("/homes/{lyon}/alarm");
    let armed = json!({"events": [{"seq": 1, "at": at(0), "type": "armed", "mode": "away"}]});
    post(&app, &credentials(LYON), armed.to_string()).await;
    let mut camille = app.signed_in("C10000001").await;
    camille
        .submit(&page, &format!("{page}/arm"), &[("mode", "night")])
        .await;
    app.clock.advance(Duration::seconds(31));
    let failed = camille.get(&page).await;
    assert!(failed.body.contains("sans réponse de la centrale"));
    assert_eq!(
        poll(&app, LYON).await["commands"],
        json!([]),
        "too late to send"
    );

    // Disarming: fresh from signing in, it goes through; eleven minutes later it asks again.
    let disarm = format!("{page}/disarm");
    let form = camille.get(&disarm).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Désarmer maintenant"));
    let sent = camille.submit(&disarm, &disarm, &[]).await;
    assert_eq!(sent.location(), Some(format!("{page}?done=sent").as_str()));
    assert_eq!(poll(&app, LYON).await["commands"][0]["command"], "disarm");
    app.clock.advance(Duration::minutes(11));
    let guarded = camille.get(&disarm).await;
    assert!(
        guarded
            .location()
            .is_some_and(|l| l.starts_with("/account/confirm?next=")),
        "{:?}",
        guarded.location()
    );
    app.stop().await;
}
