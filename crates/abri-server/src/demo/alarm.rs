//! The demo's alarm systems: a panel per monitored home, its devices in zones, and a token
//! anyone can derive from the serial (demo data, public like the demo password).

use abri_app::App;
use abri_app::tokens::hash_secret;
use abri_domain::ids::HomeId;
use abri_store::alarm::Device;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The demo panels: (serial, model, firmware).
pub const PANELS: [(&str, &str, &str); 2] = [
    ("ABR-LYON-0231", "Abri Centrale C2", "3.4.1"),
    ("ABR-NANTES-1045", "Abri Centrale C2", "3.4.1"),
];

/// The token of a demo panel: derived from its serial, so the simulator and tests know it.
/// Real panels get a random token from staff.
#[must_use]
pub fn panel_token(serial: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(
        format!("abri-demo-panel:{serial}").as_bytes(),
    ))
}

/// What a device is, where, in which zone, on what battery.
pub type DeviceSeed = (&'static str, &'static str, &'static str, i64, Option<i64>);

const LYON: &[DeviceSeed] = &[
    ("keypad-1", "keypad", "Entrée", 1, Some(88)),
    ("door-1", "door_sensor", "Porte d’entrée", 1, Some(92)),
    ("motion-1", "motion_sensor", "Salon", 2, Some(76)),
    ("door-2", "door_sensor", "Baie vitrée", 2, Some(81)),
    ("motion-2", "motion_sensor", "Couloir", 3, Some(64)),
    (
        "smoke-1",
        "smoke_detector",
        "Couloir de l’étage",
        3,
        Some(97),
    ),
    ("door-3", "door_sensor", "Garage", 4, Some(18)),
    ("siren-1", "siren", "Façade", 4, None),
];

const NANTES: &[DeviceSeed] = &[
    ("door-1", "door_sensor", "Porte d’entrée", 1, Some(90)),
    ("motion-1", "motion_sensor", "Séjour", 1, Some(85)),
    ("camera-1", "camera", "Jardin", 2, None),
];

/// The devices of the demo panel `serial`: (id, kind, place, zone, battery).
#[must_use]
pub fn devices(serial: &str) -> &'static [DeviceSeed] {
    if serial == PANELS[0].0 { LYON } else { NANTES }
}

/// Installs the panel `index` of [`PANELS`] in `home` with its devices.
///
/// # Errors
/// On a storage failure.
pub(super) async fn install(app: &App, home: HomeId, index: usize) -> anyhow::Result<()> {
    let (serial, model, firmware) = PANELS[index];
    let now = app.clock.now();
    let token = hash_secret(&panel_token(serial));
    let panel = app
        .db
        .insert_panel(home, serial, model, firmware, &token, now)
        .await?;
    let devices = if index == 0 { LYON } else { NANTES };
    for (id, kind, label, zone, battery) in devices {
        let device = Device {
            external_id: (*id).into(),
            kind: (*kind).into(),
            label: (*label).into(),
            zone: Some(*zone),
            battery: *battery,
            signal: Some(80),
            tamper: false,
            open: kind.ends_with("door_sensor").then_some(false),
            reading: None,
            last_contact_at: Some(now),
        };
        app.db.insert_device(panel, &device).await?;
    }
    Ok(())
}
