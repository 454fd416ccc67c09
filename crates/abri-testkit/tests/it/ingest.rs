//! The panel ingest: a batch stored once per sequence number and run through the state
//! machine; every refused input answered with its stable code, counted, and storing nothing;
//! one customer's panel token never opens another's.

use abri_domain::alarm::AlarmState;
use abri_domain::ids::PanelId;
use abri_server::demo::alarm::{PANELS, panel_token};
use abri_testkit::{T0, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use crate::customer;

pub(crate) const LYON: &str = PANELS[0].0;
pub(crate) const NANTES: &str = PANELS[1].0;

pub(crate) fn at(seconds: i64) -> String {
    (T0 + time::Duration::seconds(seconds))
        .format(&Rfc3339)
        .unwrap()
}

pub(crate) async fn post(
    app: &TestApp,
    bearer: &str,
    body: impl Into<reqwest::Body>,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/ingest", app.base))
        .bearer_auth(bearer)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn all() -> abri_store::alarm::HistoryFilter {
    abri_store::alarm::HistoryFilter {
        routine: true,
        ..Default::default()
    }
}

pub(crate) fn credentials(serial: &str) -> String {
    format!("{serial}.{}", panel_token(serial))
}

pub(crate) async fn lyon_panel(app: &TestApp) -> (PanelId, abri_domain::ids::HomeId) {
    let camille = customer(app, "C10000001").await.id;
    let lyon = app.app.db.homes_of(camille).await.unwrap().remove(0);
    let panel = app.app.db.panel_of_home(camille, lyon.id).await.unwrap();
    (panel.unwrap().id, lyon.id)
}

#[tokio::test]
async fn a_batch_is_stored_once_and_moves_the_state() {
    let app = TestApp::demo().await;
    let (panel, home) = lyon_panel(&app).await;
    let batch = json!({"events": [
        {"seq": 1, "at": at(-60), "type": "exit_delay", "mode": "away",
         "by": {"kind": "keypad", "user": "Camille"}},
        {"seq": 2, "at": at(-30), "type": "armed", "mode": "away"},
        {"seq": 3, "at": at(-10), "type": "opened", "device": "door-2"},
        {"seq": 4, "at": at(-5), "type": "battery", "device": "door-3", "value": 15},
    ]});
    let (status, body) = post(&app, &credentials(LYON), batch.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"accepted": 4, "duplicates": 0, "state": "armed_away"})
    );
    let camille = customer(&app, "C10000001").await.id;
    let stored = app
        .app
        .db
        .panel_of_home(camille, home)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.state,
        AlarmState::from_word("armed_away", None).unwrap()
    );
    assert_eq!(stored.state_since, T0 - time::Duration::seconds(30));
    let devices = app.app.db.devices_of(panel).await.unwrap();
    let device = |id: &str| {
        devices
            .iter()
            .find(|d| d.external_id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(device("door-2").open, Some(true));
    assert_eq!(device("door-3").battery, Some(15));
    let events = app.app.db.alarm_history(home, &all(), 10).await.unwrap();
    assert_eq!(events.len(), 4);
    let arming = events.iter().find(|e| e.seq == 1).unwrap();
    assert_eq!(
        (
            arming.state.as_deref(),
            arming.mode.as_deref(),
            arming.actor_kind.as_deref()
        ),
        (Some("arming"), Some("away"), Some("keypad"))
    );
    assert_eq!(arming.actor_user.as_deref(), Some("Camille"));

    // The panel did not hear our answer and sends again, with one new event: kept once.
    let again = json!({"events": [
        {"seq": 3, "at": at(-10), "type": "opened", "device": "door-2"},
        {"seq": 4, "at": at(-5), "type": "battery", "device": "door-3", "value": 15},
        {"seq": 5, "at": at(0), "type": "entry_delay", "device": "door-2"},
    ]});
    let (status, body) = post(&app, &credentials(LYON), again.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"accepted": 1, "duplicates": 2, "state": "pending"})
    );
    assert_eq!(app.app.db.alarm_event_count(panel).await.unwrap(), 5);

    // A step that does not follow (armed again while the entry delay runs) is believed and
    // marked for operators.
    let odd = json!({"events": [{"seq": 6, "at": at(1), "type": "armed", "mode": "night"}]});
    let (_, body) = post(&app, &credentials(LYON), odd.to_string()).await;
    assert_eq!(body["state"], "armed_night");
    let latest = app.app.db.alarm_history(home, &all(), 1).await.unwrap();
    assert!(latest[0].unexpected);
    app.stop().await;
}

#[tokio::test]
async fn every_refused_input_has_its_code_and_stores_nothing() {
    let app = TestApp::demo().await;
    let (panel, _) = lyon_panel(&app).await;
    let good = json!({"events": [{"seq": 1, "at": at(0), "type": "heartbeat"}]}).to_string();
    let lyon = credentials(LYON);
    let nantes_token_on_lyon = format!("{LYON}.{}", panel_token(NANTES));
    let oversize = format!(
        r#"{{"events":[{{"seq":1,"at":"{}","type":"heartbeat","device":"{}"}}]}}"#,
        at(0),
        "x".repeat(300 * 1024)
    );
    let cases: Vec<(&str, String, StatusCode, &str)> = vec![
        (
            &lyon,
            "{\"events\": [".into(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (
            "ABR-NOWHERE-1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            good.clone(),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            &nantes_token_on_lyon,
            good.clone(),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            "garbage",
            good.clone(),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            &lyon,
            oversize,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            &lyon,
            json!({"events": [{"seq": 1, "at": at(0), "type": "exploded"}]}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_event_type",
        ),
        (
            &lyon,
            json!({"events": [{"seq": 1, "at": at(3600), "type": "heartbeat"}]}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "timestamp_in_future",
        ),
        (
            &lyon,
            json!({"events": [{"seq": 1, "at": at(0), "type": "motion"}]}).to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_event",
        ),
    ];
    for (bearer, body, status, code) in cases {
        let (got, answer) = post(&app, bearer, body).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(code)),
            "{code}"
        );
    }
    let wrong_type = reqwest::Client::new()
        .post(format!("{}/api/v1/ingest", app.base))
        .bearer_auth(&lyon)
        .header("content-type", "text/plain")
        .body(good.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        app.app.db.alarm_event_count(panel).await.unwrap(),
        0,
        "nothing stored"
    );

    let metrics = reqwest::get(format!("{}/metrics", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for code in [
        "malformed_json",
        "unauthorized",
        "payload_too_large",
        "unknown_event_type",
        "timestamp_in_future",
    ] {
        assert!(
            metrics.contains(&format!("abri_ingest_refused_total{{code=\"{code}\"}}")),
            "{code} counted"
        );
    }
    // The good batch still goes through afterwards.
    let (status, _) = post(&app, &lyon, good).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.app.db.alarm_event_count(panel).await.unwrap(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_rotated_token_replaces_the_old_one_at_once() {
    let app = TestApp::demo().await;
    let beat = json!({"events": [{"seq": 1, "at": at(0), "type": "heartbeat"}]}).to_string();
    let token = app.app.rotate_panel_token(LYON).await.unwrap();
    let (old, _) = post(&app, &credentials(LYON), beat.clone()).await;
    assert_eq!(old, StatusCode::UNAUTHORIZED);
    let (new, _) = post(&app, &format!("{LYON}.{token}"), beat).await;
    assert_eq!(new, StatusCode::OK);
    assert!(matches!(
        app.app.rotate_panel_token("ABR-NOWHERE").await,
        Err(abri_app::AppError::NotFound)
    ));
    app.stop().await;
}

#[tokio::test]
async fn broker_batches_taken_together_store_the_good_and_refuse_the_bad_alone() {
    use abri_app::AppError;
    let app = TestApp::demo().await;
    let (panel, _) = lyon_panel(&app).await;
    let before = app.app.db.alarm_event_count(panel).await.unwrap();
    let batch = |seq: i64, kind: &str| {
        json!({"events": [{"seq": seq, "at": at(0), "type": kind, "device": "door-1"}]}).to_string()
    };
    let (first, second) = (batch(900, "opened"), batch(901, "closed"));
    let unknown = batch(902, "levitated");
    let group: [(&str, &[u8]); 5] = [
        (LYON, first.as_bytes()),
        (LYON, b"{not json"),
        ("ABR-NOWHERE-0001", first.as_bytes()),
        (LYON, unknown.as_bytes()),
        (LYON, second.as_bytes()),
    ];
    let answers = app.app.ingest_from_broker(&group).await.unwrap();
    assert_eq!(answers.len(), 5);
    assert!(matches!(&answers[0], Ok(o) if o.accepted == 1));
    assert!(matches!(answers[1], Err(AppError::DeviceInput(_))));
    assert!(matches!(answers[2], Err(AppError::Unauthenticated)));
    assert!(matches!(answers[3], Err(AppError::DeviceInput(_))));
    assert!(matches!(&answers[4], Ok(o) if o.accepted == 1));
    assert_eq!(
        app.app.db.alarm_event_count(panel).await.unwrap(),
        before + 2,
        "the two good batches, in one transaction"
    );
    // Taken again (the broker redelivers): stored once.
    let again = app.app.ingest_from_broker(&group[..1]).await.unwrap();
    assert!(matches!(&again[0], Ok(o) if o.duplicates == 1 && o.accepted == 0));
    app.stop().await;
}
