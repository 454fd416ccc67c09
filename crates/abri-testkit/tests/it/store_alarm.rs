//! The ingest's reads for a group of MQTT messages, and the panel lock's offline mark (both
//! backends).

use abri_domain::alarm::AlarmState;
use abri_store::alarm::Device;
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
