//! The ingest's reads for a group of MQTT messages, the panel lock's offline mark, and a
//! batch of events in one statement (both backends).

use std::collections::HashSet;

use abri_domain::alarm::{AlarmState, ArmMode};
use abri_store::alarm::{AlarmEvent, Device, HistoryFilter, NewAlarmEvent};
use abri_testkit::{T0, TestDb};
use time::Duration;

use crate::store::{customer, home};

fn device(id: &str, label: &str) -> Device {
    Device {
        external_id: id.into(),
        kind: "door_sensor".into(),
        label: label.into(),
        zone: Some(1),
        battery: Some(90),
        signal: Some(80),
        tamper: false,
        open: Some(false),
        reading: None,
        last_contact_at: None,
    }
}

#[tokio::test]
async fn a_groups_panels_and_devices_are_read_together() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let (anne, bob) = (customer(&db, 1).await, customer(&db, 2).await);
    let (annes, bobs) = (home(&db, anne).await, home(&db, bob).await);
    let a = db
        .insert_panel(annes, "ABR-A", "AX", "1.0", "hash-a", T0)
        .await
        .unwrap();
    let b = db
        .insert_panel(bobs, "ABR-B", "AX", "1.0", "hash-b", T0)
        .await
        .unwrap();
    db.insert_device(a, &device("door-1", "Entrée"))
        .await
        .unwrap();
    db.insert_device(a, &device("door-2", "Garage"))
        .await
        .unwrap();
    db.insert_device(b, &device("door-1", "Porte"))
        .await
        .unwrap();

    let mut panels = db
        .panels_by_serials(&["ABR-B", "ABR-A", "ABR-NONE"])
        .await
        .unwrap();
    panels.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(panels.len(), 2, "an unknown serial is left out");
    assert_eq!(panels[0].0, "ABR-A");
    assert_eq!(
        Some(panels[0].1.clone()),
        db.panel_by_serial("ABR-A").await.unwrap()
    );
    assert_eq!((panels[1].1.id, panels[1].1.customer_id), (b, bob));

    let devices = db.devices_by_serials(&["ABR-A"]).await.unwrap();
    assert_eq!(
        devices
            .iter()
            .map(|(s, d)| (s.as_str(), d.label.as_str()))
            .collect::<Vec<_>>(),
        vec![("ABR-A", "Entrée"), ("ABR-A", "Garage")],
        "only that panel's devices"
    );
    assert_eq!(
        devices.into_iter().map(|(_, d)| d).collect::<Vec<_>>(),
        db.devices_of(a).await.unwrap()
    );
    assert_eq!(
        db.devices_by_serials(&["ABR-A", "ABR-B"])
            .await
            .unwrap()
            .len(),
        3
    );
    assert!(db.devices_by_serials(&[]).await.unwrap().is_empty());
    assert!(db.panels_by_serials(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn locking_a_panel_tells_whether_it_was_offline() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let panel = db
        .insert_panel(home(&db, anne).await, "ABR-A", "AX", "1.0", "hash", T0)
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    let (state, offline) = tx.lock_panel(panel, T0, "mqtt").await.unwrap();
    assert_eq!((state, offline), (AlarmState::Disarmed, false));
    let marked = tx.mark_offline(T0 + Duration::minutes(30)).await.unwrap();
    assert_eq!(marked.len(), 1);
    let (_, offline) = tx.lock_panel(panel, T0, "mqtt").await.unwrap();
    assert!(offline, "marked offline, not yet back");
    assert!(tx.mark_online(panel).await.unwrap());
    let (_, offline) = tx.lock_panel(panel, T0, "mqtt").await.unwrap();
    assert!(!offline);
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_batch_of_events_is_stored_in_one_statement_as_one_by_one() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let anne = customer(&db, 1).await;
    let house = home(&db, anne).await;
    let panel = db
        .insert_panel(house, "ABR-B", "AX", "1.0", "hash", T0)
        .await
        .unwrap();
    // Each shape of row: a state with a mode and its actor, a reading, a state without mode.
    // The shape follows the last digit: 11 is stored as 1 is.
    let event = |seq: i64| {
        let shape = seq % 10 % 3;
        NewAlarmEvent {
            seq,
            kind: ["state", "temperature", "state"][usize::try_from(shape).unwrap()],
            device: (shape == 1).then(|| "t-1".to_owned()),
            state: [
                Some(AlarmState::Armed(ArmMode::Away)),
                None,
                Some(AlarmState::Triggered),
            ][usize::try_from(shape).unwrap()],
            unexpected: shape == 2,
            actor_kind: (shape == 0).then_some("keypad"),
            actor_user: (shape == 0).then(|| "Anne « A »".to_owned()),
            value: (shape == 1).then_some(-215),
            occurred_at: T0 + Duration::milliseconds(1_234_567 * (seq % 10)),
        }
    };
    let mut tx = db.begin().await.unwrap();
    for seq in 1..=3 {
        tx.insert_alarm_event(panel, house, &event(seq), T0)
            .await
            .unwrap();
    }
    // The same rows in one statement, a repeat of a stored one and one within the batch.
    let batch: Vec<NewAlarmEvent> = [11, 12, 13, 2, 12].into_iter().map(event).collect();
    let ids = tx
        .insert_alarm_events(panel, house, &batch, T0)
        .await
        .unwrap();
    assert_eq!(
        ids.iter().map(Option::is_some).collect::<Vec<_>>(),
        [true, true, true, false, false]
    );
    assert!(
        tx.insert_alarm_events(panel, house, &[], T0)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        tx.known_seqs(panel, &[1, 2, 5, 11, 99]).await.unwrap(),
        HashSet::from([1, 2, 11])
    );
    tx.commit().await.unwrap();
    let filter = HistoryFilter {
        routine: true,
        ..HistoryFilter::default()
    };
    let mut stored = db.alarm_history(house, &filter, 50).await.unwrap();
    stored.reverse();
    assert_eq!(stored.len(), 6);
    let (one_by_one, batched) = stored.split_at(3);
    for (one, other) in one_by_one.iter().zip(batched) {
        assert_eq!(other.seq, one.seq + 10);
        assert_eq!(
            Some(other.id),
            ids[usize::try_from(other.seq - 11).unwrap()]
        );
        let same = |e: &AlarmEvent| AlarmEvent {
            id: 0,
            seq: e.seq % 10,
            ..e.clone()
        };
        assert_eq!(same(one), same(other), "read back as if stored one by one");
    }
}
