//! The alarm page and the live stream: each customer sees only their homes, on the page and
//! in `/events`; a reconnection with `Last-Event-ID` receives each missed event once.

use std::time::Duration;

use abri_testkit::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::ingest::{LYON, NANTES, at, credentials, lyon_panel, post};

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn the_alarm_page_shows_state_devices_and_events_of_ones_own_home() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let page_url = format!("/homes/{lyon}/alarm");
    let batch = json!({"events": [
        {"seq": 1, "at": at(-20), "type": "armed", "mode": "away",
         "by": {"kind": "keypad", "user": "Camille"}},
        {"seq": 2, "at": at(-10), "type": "opened", "device": "door-2"},
    ]});
    assert_eq!(
        post(&app, &credentials(LYON), batch.to_string()).await.0,
        StatusCode::OK
    );

    let mut camille = app.signed_in("C10000001").await;
    let page = camille.get(&page_url).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Armée — mode total",
        "Baie vitrée",
        "Ouvert",
        "18\u{a0}% — pile faible, à remplacer",
        "Système armé (mode total), par Camille au clavier",
        "Ouverture\u{a0}: Baie vitrée",
        "ABR-LYON-0231",
    ] {
        assert!(page.body.contains(text), "page lacks {text:?}");
    }
    let dashboard = camille.get("/").await;
    assert!(dashboard.body.contains(&format!(
        "href=\"/homes/{lyon}/alarm\" class=\"status armed\""
    )));
    // Paris has no panel.
    let paris = camille.get("/").await.links("/homes/")[1].clone();
    let none = camille.get(&format!("{paris}/alarm")).await;
    assert!(none.body.contains("pas de système d’alarme"));

    let mut julien = app.signed_in("C10000002").await;
    assert_eq!(julien.get(&page_url).await.status, StatusCode::NOT_FOUND);
    let mut sophie = app.signed_in("C10000003").await;
    let hers = sophie.get("/").await.links("/homes/")[0].clone();
    let english = sophie.get(&format!("{hers}/alarm")).await;
    assert!(english.body.contains("Disarmed") && english.body.contains("Door/window sensor"));
    app.stop().await;
}

fn data(event: &abri_testkit::SseEvent) -> Value {
    serde_json::from_str(&event.data).unwrap()
}

#[tokio::test]
async fn one_live_event_reaches_each_open_page_in_that_pages_language() {
    let app = TestApp::demo().await;
    let camille = app.signed_in("C10000001").await;
    let mut english = app.signed_in("C10000001").await;
    english.cookies.insert("abri_lang".into(), "en".into());
    let mut streams = [
        camille.events("/events", None).await,
        english.events("/events", None).await,
        camille.events("/events", None).await,
        english.events("/events", None).await,
    ];
    let event = json!({"events": [{"seq": 1, "at": at(0), "type": "opened", "device": "door-1"}]});
    assert_eq!(
        post(&app, &credentials(LYON), event.to_string()).await.0,
        StatusCode::OK
    );
    let mut texts = Vec::new();
    for stream in &mut streams {
        let got = stream.next(WAIT).await.unwrap();
        texts.push(data(&got)["text"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        texts,
        vec![
            "Ouverture\u{a0}: Porte d’entrée",
            "Opened: Porte d’entrée",
            "Ouverture\u{a0}: Porte d’entrée",
            "Opened: Porte d’entrée",
        ],
        "the text made for the first page of a language is not sent to the other"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_stream_behind_the_bus_catches_up_from_the_store_and_stays_open() {
    let app = TestApp::demo().await;
    let camille = app.signed_in("C10000001").await;
    let mut stream = camille.events("/events", None).await;
    // More events at once than the bus keeps for a customer (16): those the stream missed on
    // the bus it reads from the store, each once, in order, without closing.
    let burst: Vec<Value> = (1..=40)
        .map(|seq| json!({"seq": seq, "at": at(seq), "type": if seq % 2 == 0 { "closed" } else { "opened" }, "device": "door-1"}))
        .collect();
    let body = json!({ "events": burst }).to_string();
    assert_eq!(post(&app, &credentials(LYON), body).await.0, StatusCode::OK);
    let mut ids = Vec::new();
    while ids.len() < 40 {
        let event = stream.next(WAIT).await.expect("every event of the burst");
        ids.push(event.id.unwrap().parse::<i64>().unwrap());
    }
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in order, each once: {ids:?}"
    );
    let after =
        json!({"events": [{"seq": 41, "at": at(41), "type": "opened", "device": "door-1"}]});
    post(&app, &credentials(LYON), after.to_string()).await;
    let last = stream.next(WAIT).await.expect("the same stream goes on");
    assert_eq!(data(&last)["text"], "Ouverture\u{a0}: Porte d’entrée");
    app.stop().await;
}

#[tokio::test]
async fn a_stream_carries_only_the_customers_homes_and_resumes_once() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let camille = app.signed_in("C10000001").await;
    let mut stream = camille.events("/events", None).await;

    // Sophie's panel speaks first, then Camille's: Camille's stream carries only her own.
    let hers = json!({"events": [{"seq": 1, "at": at(0), "type": "motion", "device": "motion-1"}]});
    assert_eq!(
        post(&app, &credentials(NANTES), hers.to_string()).await.0,
        StatusCode::OK
    );
    let mine = json!({"events": [
        {"seq": 1, "at": at(0), "type": "exit_delay", "mode": "away"},
        {"seq": 2, "at": at(1), "type": "armed", "mode": "away"},
    ]});
    assert_eq!(
        post(&app, &credentials(LYON), mine.to_string()).await.0,
        StatusCode::OK
    );
    let first = stream.next(WAIT).await.unwrap();
    assert_eq!(first.event.as_deref(), Some("alarm"));
    assert_eq!(data(&first)["home"], lyon.to_string());
    assert_eq!(
        data(&first)["state"][0],
        "Mise en service en cours (mode total)"
    );
    let second = stream.next(WAIT).await.unwrap();
    assert_eq!(data(&second)["state"][1], "armed");
    assert!(
        stream.next(Duration::from_millis(300)).await.is_none(),
        "nothing of Sophie's"
    );
    drop(stream);

    // While Camille is away, two more events; reconnecting after the first one she saw, she
    // receives the three she missed, each once, in order.
    let more = json!({"events": [
        {"seq": 3, "at": at(2), "type": "opened", "device": "door-1"},
        {"seq": 4, "at": at(3), "type": "closed", "device": "door-1"},
    ]});
    post(&app, &credentials(LYON), more.to_string()).await;
    let mut resumed = camille.events("/events", first.id.as_deref()).await;
    let mut kinds = Vec::new();
    while let Some(event) = resumed.next(Duration::from_millis(500)).await {
        kinds.push(data(&event)["text"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        kinds,
        vec![
            "Système armé (mode total), automatiquement",
            "Ouverture\u{a0}: Porte d’entrée",
            "Fermeture\u{a0}: Porte d’entrée",
        ]
    );

    // Nobody signed in: no stream.
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/events", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    app.stop().await;
}
