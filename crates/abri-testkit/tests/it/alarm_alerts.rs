//! A triggered alarm: the customer is told by the channels they chose, then says whether it is
//! an intrusion or a false alarm (which disarms, behind the step-up); once per alarm, and only
//! for their own homes.

use abri_domain::Clock;
use abri_testkit::TestApp;
use reqwest::StatusCode;
use serde_json::json;

use crate::customer;
use crate::ingest::{LYON, NANTES, at, credentials, lyon_panel, post};

async fn go_off(app: &TestApp, serial: &str) {
    let events = json!({"events": [
        {"seq": 1, "at": at(-30), "type": "armed", "mode": "away"},
        {"seq": 2, "at": at(-20), "type": "entry_delay", "device": "door-1"},
        {"seq": 3, "at": at(0), "type": "triggered", "device": "door-1"},
    ]});
    let (status, body) = post(app, &credentials(serial), events.to_string()).await;
    assert_eq!(
        (status, body["state"].as_str()),
        (StatusCode::OK, Some("triggered"))
    );
}

#[tokio::test]
async fn the_customer_is_told_and_confirms_the_intrusion_once() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    go_off(&app, LYON).await;
    go_off(&app, NANTES).await;
    app.app.run_due_jobs().await.unwrap();
    let sent = app.app.db.outbox_messages(50).await.unwrap();
    let camille = customer(&app, "C10000001").await;
    assert!(sent.iter().any(|m| m.recipient == camille.email
        && m.subject.as_deref() == Some("Alarme déclenchée — Maison de Lyon")
        && m.body_text.contains("Porte d’entrée")
        && m.body_text.contains(&format!("/homes/{lyon}/alarm"))));
    assert!(
        sent.iter()
            .any(|m| m.recipient == "+33612345678"
                && m.body_text.contains("Fausse alarme ou intrusion")),
        "SMS to the verified phone"
    );
    let sophie = customer(&app, "C10000003").await;
    assert!(sent.iter().any(|m| m.recipient == sophie.email
        && m.subject.as_deref() == Some("Alarm triggered — Maison de Nantes")));
    assert_eq!(
        sent.iter().filter(|m| m.subject.is_none()).count(),
        1,
        "Sophie has no phone: one SMS in all"
    );

    let page = format!("/homes/{lyon}/alarm");
    let mut browser = app.signed_in("C10000001").await;
    let shown = browser.get(&page).await;
    assert!(shown.body.contains("Votre alarme s’est déclenchée"));
    let intrusion = format!("{page}/intrusion");
    let done = browser.submit(&page, &intrusion, &[]).await;
    assert_eq!(
        done.location(),
        Some(format!("{page}?done=judged").as_str())
    );
    assert!(
        browser
            .get(&page)
            .await
            .body
            .contains("Intrusion confirmée le")
    );
    let again = browser.submit(&page, &intrusion, &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("déjà été qualifiée"));
    let trail = app.app.db.audit_of(camille.id, 50).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "alarm_verdict" && e.method.as_deref() == Some("intrusion"))
    );

    let mut julien = app.signed_in("C10000002").await;
    let token = julien.get("/").await.csrf().unwrap();
    assert_eq!(
        julien.post(&intrusion, &[("csrf", &token)]).await.status,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

#[tokio::test]
async fn a_false_alarm_disarms_and_chosen_channels_are_kept() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let camille = customer(&app, "C10000001").await;
    // Camille wants alarm news by e-mail only.
    let mut tx = app.app.db.begin().await.unwrap();
    tx.save_preferences(camille.id, false, &[("alarm", "sms", false)])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let page = format!("/homes/{lyon}/alarm");
    let mut browser = app.signed_in("C10000001").await;
    let early = browser
        .submit(&page, &format!("{page}/intrusion"), &[])
        .await;
    assert!(
        early.body.contains("n’est pas déclenchée"),
        "nothing to judge yet"
    );

    go_off(&app, LYON).await;
    app.app.run_due_jobs().await.unwrap();
    let sent = app.app.db.outbox_messages(50).await.unwrap();
    assert!(
        sent.iter()
            .any(|m| m.subject.as_deref() == Some("Alarme déclenchée — Maison de Lyon"))
    );
    assert!(
        !sent
            .iter()
            .any(|m| m.body_text.contains("Fausse alarme ou intrusion")),
        "no SMS"
    );

    let report = format!("{page}/false-alarm");
    assert!(
        browser
            .get(&report)
            .await
            .body
            .contains("Oui, c’est une fausse alarme")
    );
    let done = browser.submit(&report, &report, &[]).await;
    assert_eq!(
        done.location(),
        Some(format!("{page}?done=judged").as_str())
    );
    let commands: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/v1/ingest/commands", app.base))
        .bearer_auth(credentials(LYON))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        commands["commands"][0]["command"], "disarm",
        "the false alarm disarms"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_silent_panel_is_marked_offline_once_then_back_online() {
    let app = TestApp::demo().await;
    let (panel, lyon) = lyon_panel(&app).await;
    let beat =
        |seq: i64| json!({"events": [{"seq": seq, "at": at(0), "type": "heartbeat"}]}).to_string();
    post(&app, &credentials(LYON), beat(1)).await;
    assert_eq!(
        app.app.check_panel_health().await.unwrap(),
        0,
        "it just spoke"
    );
    app.clock.advance(time::Duration::minutes(16));
    assert_eq!(
        app.app.check_panel_health().await.unwrap(),
        1,
        "Nantes never spoke: not counted"
    );
    assert_eq!(
        app.app.check_panel_health().await.unwrap(),
        0,
        "marked once"
    );
    let page = format!("/homes/{lyon}/alarm");
    let mut camille = app.signed_in("C10000001").await;
    let shown = camille.get(&page).await;
    assert!(shown.body.contains("Hors ligne"));
    assert!(shown.body.contains("ne donne plus signe de vie"));

    let now = app
        .clock
        .now()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let back = json!({"events": [{"seq": 2, "at": now, "type": "heartbeat"}]});
    post(&app, &credentials(LYON), back.to_string()).await;
    let shown = camille.get(&page).await;
    assert!(!shown.body.contains("id=\"alarm-offline\""));
    assert!(shown.body.contains("La centrale communique à nouveau"));
    let history = camille.get(&format!("{page}/history?kind=offline")).await;
    assert_eq!(
        history.body.matches("ne donne plus signe de vie").count(),
        1
    );
    assert!(app.app.db.alarm_event_count(panel).await.unwrap() == 4);
    app.stop().await;
}
