//! A home's history: filters by period, device, type and who, each wrong filter named with
//! what was typed kept; pages; the CSV export of the same selection; only one's own homes.

use abri_testkit::TestApp;
use reqwest::StatusCode;
use serde_json::json;

use crate::ingest::{LYON, at, credentials, lyon_panel, post};

const DAY: i64 = 86_400;

async fn seed(app: &TestApp) {
    let events = json!({"events": [
        {"seq": 1, "at": at(-3 * DAY), "type": "armed", "mode": "away",
         "by": {"kind": "keypad", "user": "=HYPERLINK(\"http://x\")"}},
        {"seq": 2, "at": at(-2 * DAY), "type": "opened", "device": "door-2"},
        {"seq": 3, "at": at(-2 * DAY + 60), "type": "heartbeat"},
        {"seq": 4, "at": at(-60), "type": "disarmed", "by": {"kind": "app"}},
    ]});
    assert_eq!(
        post(app, &credentials(LYON), events.to_string()).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_history_filters_pages_and_exports() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    seed(&app).await;
    let history = format!("/homes/{lyon}/alarm/history");
    let mut camille = app.signed_in("C10000001").await;
    let texts = |body: &str| {
        let list = body
            .split_once("class=\"event-list\"")
            .map_or("", |(_, rest)| rest.split("</ol>").next().unwrap_or(""));
        [
            "Système armé",
            "Ouverture",
            "donné signe de vie",
            "Système désarmé",
        ]
        .map(|t| list.contains(t))
    };
    let all = camille.get(&history).await;
    assert_eq!(
        texts(&all.body),
        [true, true, false, true],
        "routine events left out"
    );
    for (query, expected) in [
        ("kind=opened", [false, true, false, false]),
        ("device=door-2", [false, true, false, false]),
        ("who=keypad", [true, false, false, false]),
        ("who=app", [false, false, false, true]),
        ("from=2026-11-25&to=2026-11-25", [false, true, false, false]),
        ("routine=1", [true, true, true, true]),
        ("kind=heartbeat", [false, false, true, false]),
    ] {
        let page = camille.get(&format!("{history}?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(texts(&page.body), expected, "{query}");
    }
    for (query, field, message) in [
        ("from=hier", "from", "Saisissez une date valide"),
        (
            "from=2026-11-26&to=2026-11-20",
            "to",
            "La date de fin précède",
        ),
        (
            "kind=explosion",
            "kind",
            "Choisissez une valeur de la liste",
        ),
        (
            "device=door-99",
            "device",
            "Choisissez une valeur de la liste",
        ),
        ("who=burglar", "who", "Choisissez une valeur de la liste"),
    ] {
        let page = camille.get(&format!("{history}?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(page.body.contains(message), "{query}");
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "{query}"
        );
    }
    let kept = camille.get(&format!("{history}?from=hier")).await;
    assert!(
        kept.body.contains("value=\"hier\""),
        "what was typed is kept"
    );

    let csv = camille.get(&format!("{history}.csv?who=keypad")).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "date_utc,type,description,equipement,emplacement,etat,auteur,valeur"
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].contains("armed") && lines[1].contains("armed_away"));
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "a formula is made inert: {}",
        lines[1]
    );
    let everything = camille.get(&format!("{history}.csv?routine=1")).await;
    assert_eq!(everything.body.lines().count(), 5);

    let mut julien = app.signed_in("C10000002").await;
    assert_eq!(julien.get(&history).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        julien.get(&format!("{history}.csv")).await.status,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

#[tokio::test]
async fn the_history_pages_by_fifty() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let events: Vec<_> = (1..=60)
        .map(|n| json!({"seq": n, "at": at(n - 100), "type": "motion", "device": "motion-1"}))
        .collect();
    post(
        &app,
        &credentials(LYON),
        json!({ "events": events }).to_string(),
    )
    .await;
    let mut camille = app.signed_in("C10000001").await;
    let first = camille.get(&format!("/homes/{lyon}/alarm/history")).await;
    assert_eq!(first.body.matches("Mouvement détecté").count(), 50);
    let older = first
        .links(&format!("/homes/{lyon}/alarm/history?"))
        .into_iter()
        .find(|l| l.contains("before="))
        .unwrap()
        .replace("&#38;", "&");
    let second = camille.get(&older).await;
    assert!(older.contains("before="), "{older}");
    assert_eq!(
        second.body.matches("Mouvement détecté").count(),
        10,
        "{older}"
    );
    assert!(second.body.contains("Revenir aux plus récents"));
    assert!(
        !second.body.contains("Événements plus anciens"),
        "no further page"
    );
    app.stop().await;
}
