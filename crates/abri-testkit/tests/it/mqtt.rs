//! Panels over MQTT with a real Mosquitto: what a device publishes reaches the customer's live
//! stream; a broker restart mid-stream and an Abri restart lose and duplicate nothing, and the
//! browser resumes with `Last-Event-ID`.

use std::collections::BTreeMap;
use std::time::Duration;

use abri_domain::ids::PanelId;
use abri_testkit::{Broker, Options, SseStream, TestApp, mosquitto_available};
use rumqttc::{AsyncClient, MqttOptions, QoS};
use serde_json::{Value, json};

use crate::ingest::{LYON, at, lyon_panel};

/// A panel on the broker: a persistent session, QoS 1, its eventloop polled in the background.
fn device(port: u16) -> AsyncClient {
    let mut options = MqttOptions::new("panel-lyon", "127.0.0.1", port);
    options
        .set_clean_session(false)
        .set_keep_alive(Duration::from_secs(5));
    let (client, mut events) = AsyncClient::new(options, 100);
    tokio::spawn(async move {
        loop {
            if events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    client
}

async fn publish(client: &AsyncClient, seqs: std::ops::RangeInclusive<i64>) {
    for seq in seqs {
        let batch = json!({"events": [
            {"seq": seq, "at": at(0), "type": "battery", "device": "door-2", "value": seq % 100}
        ]});
        client
            .publish(
                format!("abri/{LYON}/events"),
                QoS::AtLeastOnce,
                false,
                batch.to_string(),
            )
            .await
            .unwrap();
    }
}

/// The demo Abri listening to `broker`.
async fn app_on(broker: &Broker) -> TestApp {
    TestApp::start(Options {
        demo: true,
        mqtt_port: Some(broker.port),
        ..Options::default()
    })
    .await
}

/// Publishes one event at a time from `first` until Abri has stored one (it subscribes once
/// connected); how many it holds then.
async fn until_stored(app: &TestApp, device: &AsyncClient, panel: PanelId, first: i64) -> i64 {
    for attempt in 0_i64..50 {
        publish(device, first + attempt..=first + attempt).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        if app.app.db.alarm_event_count(panel).await.unwrap() > 0 {
            break;
        }
    }
    app.app.db.alarm_event_count(panel).await.unwrap()
}

/// Reads the stream until `want` events came or nothing comes for a while; battery level by
/// event id.
async fn read(
    stream: &mut SseStream,
    want: usize,
    seen: &mut BTreeMap<i64, i64>,
) -> Option<String> {
    let mut last = None;
    let mut got = 0;
    while got < want {
        let Some(event) = stream.next(Duration::from_secs(15)).await else {
            break;
        };
        let data: Value = serde_json::from_str(&event.data).unwrap();
        let text = data["text"].as_str().unwrap_or_default();
        let level: i64 = text
            .rsplit(':')
            .next()
            .and_then(|t| t.trim().trim_end_matches('%').trim().parse().ok())
            .unwrap_or(-1);
        let id = data["id"].as_i64().unwrap();
        assert!(seen.insert(id, level).is_none(), "event {id} came twice");
        last = event.id;
        got += 1;
    }
    last
}

#[tokio::test]
async fn events_cross_broker_and_abri_restarts_once() {
    if !mosquitto_available() {
        return;
    }
    let mut broker = Broker::start().await;
    let mut app = app_on(&broker).await;
    let (panel, _) = lyon_panel(&app).await;
    let panel_device = device(broker.port);
    // Abri subscribes once connected: wait until a first message is stored.
    let warm = until_stored(&app, &panel_device, panel, 1000).await;
    assert!(warm > 0, "Abri takes MQTT messages: {}", broker.log());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let warm = app.app.db.alarm_event_count(panel).await.unwrap();

    let camille = app.signed_in("C10000001").await;
    let mut stream = camille.events("/events", None).await;
    let mut seen = BTreeMap::new();
    publish(&panel_device, 1..=3).await;
    read(&mut stream, 3, &mut seen).await;

    // The broker restarts while the panel keeps publishing.
    broker.restart().await;
    publish(&panel_device, 4..=6).await;
    let last = read(&mut stream, 3, &mut seen).await;
    assert_eq!(
        seen.values().copied().collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5, 6]
    );

    // Abri restarts; meanwhile the panel publishes; the browser comes back with its last id.
    drop(stream);
    app.restart().await;
    publish(&panel_device, 7..=8).await;
    let camille = app.signed_in("C10000001").await;
    let mut resumed = camille.events("/events", last.as_deref()).await;
    read(&mut resumed, 2, &mut seen).await;
    assert!(
        resumed.next(Duration::from_millis(500)).await.is_none(),
        "nothing more"
    );
    assert_eq!(
        seen.values().copied().collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5, 6, 7, 8],
        "each event once"
    );
    assert_eq!(
        app.app.db.alarm_event_count(panel).await.unwrap(),
        warm + 8,
        "stored once each"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_command_goes_out_on_the_panels_topic() {
    if !mosquitto_available() {
        return;
    }
    let broker = Broker::start().await;
    let app = app_on(&broker).await;
    let (_, lyon) = lyon_panel(&app).await;
    let mut options = MqttOptions::new("panel-lyon-commands", "127.0.0.1", broker.port);
    options.set_keep_alive(Duration::from_secs(5));
    let (client, mut events) = AsyncClient::new(options, 10);
    client
        .subscribe(format!("abri/{LYON}/commands"), QoS::AtLeastOnce)
        .await
        .unwrap();
    // The panel speaks over MQTT first: commands then go back that way.
    let panel_device = device(broker.port);
    for attempt in 0_i64..50 {
        publish(&panel_device, 2000 + attempt..=2000 + attempt).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (panel, _) = lyon_panel(&app).await;
        if app.app.db.alarm_event_count(panel).await.unwrap() > 0 {
            break;
        }
    }
    let page = format!("/homes/{lyon}/alarm");
    let mut camille = app.signed_in("C10000001").await;
    camille
        .submit(&page, &format!("{page}/arm"), &[("mode", "night")])
        .await;
    let received = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Ok(rumqttc::Event::Incoming(rumqttc::Packet::Publish(p))) = events.poll().await {
                return serde_json::from_slice::<Value>(&p.payload).unwrap();
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(
        (received["command"].as_str(), received["mode"].as_str()),
        (Some("arm"), Some("night"))
    );
    app.stop().await;
}

#[tokio::test]
async fn abri_stops_promptly_when_the_broker_is_gone() {
    if !mosquitto_available() {
        return;
    }
    let broker = Broker::start().await;
    let app = app_on(&broker).await;
    let (panel, _) = lyon_panel(&app).await;
    let panel_device = device(broker.port);
    assert!(until_stored(&app, &panel_device, panel, 3000).await > 0);
    drop(panel_device);
    drop(broker);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopped = tokio::time::timeout(Duration::from_secs(10), app.stop()).await;
    assert!(stopped.is_ok(), "the MQTT adapter held the shutdown");
}
