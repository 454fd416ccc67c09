//! `abri generate`: a provider's worth of customers for benchmarks (BENCHMARKS.md, issue 7) —
//! homes, contracts with their guarantees and options, alarm panels with devices, and a year of
//! alarm events — made by rules from a seed, so that two runs with the same arguments produce
//! the same data.

use abri_app::App;
use abri_app::tokens::hash_secret;
use abri_domain::Language;
use abri_domain::account::{CustomerNumber, Email};
use abri_domain::alarm::{AlarmState, ArmMode};
use abri_domain::contracts::Frequency;
use abri_domain::homes::{EquipmentKind, HomeKind};
use abri_domain::ids::{CustomerId, HomeId};
use abri_store::alarm::{Device, NewAlarmEvent};
use abri_store::customers::NewCustomer;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::alarm::panel_token;
use super::builders::{equipment, hash, home, insurance, monitoring, years_ago};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Customers (numbered from `C20000001`, e-mail `client.20000001@example.net`).
    pub customers: u32,
    /// Alarm events a day on each panel, over the last year.
    pub events_per_day: u32,
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generated {
    /// Customers created (those already there are skipped).
    pub customers: u32,
    /// Homes.
    pub homes: u32,
    /// Alarm panels.
    pub panels: u32,
    /// Alarm events.
    pub events: u64,
}

/// The first generated customer number; the demo's are below it.
pub const FIRST_NUMBER: u32 = 20_000_001;

/// The device cookie of generated customer `number`'s own computer, already known to Abri
/// (derived from the number: benchmark data, public like the demo password). Sign-ins that
/// present it are a customer coming back, not a new device to warn about by e-mail.
#[must_use]
pub fn device_secret(number: u32) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(
        format!("abri-bench-device:{number}").as_bytes(),
    ))
}

const TOWNS: &[(&str, &str)] = &[
    ("69007", "Lyon"),
    ("75015", "Paris"),
    ("13008", "Marseille"),
    ("31000", "Toulouse"),
    ("33000", "Bordeaux"),
    ("44000", "Nantes"),
    ("59000", "Lille"),
    ("67000", "Strasbourg"),
];
const GIVEN: &[&str] = &[
    "Léa", "Hugo", "Chloé", "Louis", "Manon", "Nathan", "Inès", "Théo", "Zoé", "Adam",
];
const FAMILY: &[&str] = &[
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Lefebvre", "Nguyen",
    "Moreau",
];
const STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "boulevard Pasteur",
    "allée des Acacias",
];

/// A number drawn from `n` by a fixed rule (splitmix64): the same customer always gets the
/// same name, town and equipment.
const fn draw(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<T: Copy>(items: &[T], n: u64) -> T {
    let index = usize::try_from(n % items.len() as u64).unwrap_or_default();
    items[index]
}

/// Generates the customers of `shape` that are not there yet. Every account's password is the
/// demo password (hashed once: the same PHC string for all, which only a benchmark may do).
///
/// # Errors
/// On a storage or hashing failure.
pub async fn generate(app: &App, shape: Shape) -> anyhow::Result<Generated> {
    let password = hash(app).await?;
    let mut made = Generated::default();
    for number in FIRST_NUMBER..FIRST_NUMBER + shape.customers {
        let customer_number =
            CustomerNumber::parse(&format!("C{number}")).map_err(|e| anyhow::anyhow!("{e}"))?;
        if app.db.customer_by_number(&customer_number).await?.is_some() {
            continue;
        }
        let r = draw(u64::from(number));
        let (given, family) = (pick(GIVEN, r), pick(FAMILY, r >> 8));
        let new = NewCustomer {
            number: customer_number,
            email: Email::parse(&format!("client.{number}@example.net"))
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            phone: Some(format!("+336{:08}", r % 100_000_000)),
            given_name: given.into(),
            family_name: family.into(),
            language: if r.is_multiple_of(10) {
                Language::En
            } else {
                Language::Fr
            },
        };
        let customer = app
            .db
            .insert_customer(&new, &password, app.clock.now())
            .await?;
        app.db
            .remember_device(
                customer,
                &hash_secret(&device_secret(number)),
                app.clock.now(),
            )
            .await?;
        made.customers += 1;
        let homes = if r.is_multiple_of(5) { 2 } else { 1 };
        for h in 0..homes {
            let rh = draw(r ^ u64::from(h));
            let id = generated_home(app, customer, number, h, rh).await?;
            made.homes += 1;
            if rh.is_multiple_of(2) {
                made.events += panel(app, id, number, h, rh, shape.events_per_day).await?;
                made.panels += 1;
            }
        }
    }
    Ok(made)
}

async fn generated_home(
    app: &App,
    customer: CustomerId,
    number: u32,
    h: u32,
    r: u64,
) -> anyhow::Result<HomeId> {
    let (postal_code, city) = pick(TOWNS, r);
    let house = !r.is_multiple_of(3);
    let id = home(
        app,
        customer,
        if house { "Maison" } else { "Appartement" },
        if house {
            HomeKind::House
        } else {
            HomeKind::Flat
        },
        &format!("{} {}", 1 + r % 120, pick(STREETS, r >> 12)),
        postal_code,
        city,
    )
    .await?;
    equipment(
        app,
        id,
        &[
            (EquipmentKind::SmokeDetector, "Couloir", 1),
            (EquipmentKind::DoorSensor, "Porte d’entrée", 1),
        ],
    )
    .await?;
    let today = app.today();
    let started = years_ago(today, 1 + i32::try_from(r % 6).unwrap_or(0));
    let premium = 1_500 + i64::try_from(r % 3_000).unwrap_or(0);
    let contract = insurance(
        app,
        customer,
        id,
        &format!("MRH-G{number}-{h}"),
        started - Duration::days(i64::try_from(r % 300).unwrap_or(0)),
        premium,
        if r.is_multiple_of(4) {
            Frequency::Annual
        } else {
            Frequency::Monthly
        },
    )
    .await?;
    if r.is_multiple_of(3) {
        app.db
            .subscribe_option(contract, "electrical_damage", app.clock.now())
            .await?;
    }
    if r.is_multiple_of(2) {
        monitoring(
            app,
            customer,
            id,
            &format!("TLS-G{number}-{h}"),
            started,
            2_990,
        )
        .await?;
    }
    Ok(id)
}

/// A panel with four devices and a year of events: armed when leaving in the morning, the door
/// on coming back, disarmed in the evening, and heartbeats.
async fn panel(
    app: &App,
    home: HomeId,
    number: u32,
    h: u32,
    r: u64,
    per_day: u32,
) -> anyhow::Result<u64> {
    let serial = format!("GEN-{number}-{h}");
    let now = app.clock.now();
    let token = hash_secret(&panel_token(&serial));
    let panel = app
        .db
        .insert_panel(home, &serial, "Abri Centrale C2", "3.4.1", &token, now)
        .await?;
    let devices = [
        ("keypad-1", "keypad", "Entrée"),
        ("door-1", "door_sensor", "Porte d’entrée"),
        ("motion-1", "motion_sensor", "Séjour"),
        ("smoke-1", "smoke_detector", "Couloir"),
    ];
    for (zone, (external, kind, label)) in (1_i64..).zip(devices) {
        let device = Device {
            external_id: external.into(),
            kind: kind.into(),
            label: label.into(),
            zone: Some(zone),
            battery: Some(40 + i64::try_from(r % 60).unwrap_or(0)),
            signal: Some(80),
            tamper: false,
            open: (kind == "door_sensor").then_some(false),
            reading: None,
            last_contact_at: Some(now),
        };
        app.db.insert_device(panel, &device).await?;
    }
    let mut tx = app.db.begin().await?;
    let mut seq = 0_i64;
    let day_start = now - Duration::days(365);
    for day in 0..365 {
        let morning = day_start + Duration::days(day) + Duration::hours(8);
        for k in 0..per_day {
            seq += 1;
            let at = morning + Duration::minutes(i64::from(k) * (720 / i64::from(per_day.max(1))));
            let event = day_event(seq, k, at);
            tx.insert_alarm_event(panel, home, &event, at).await?;
        }
    }
    tx.commit().await?;
    Ok(u64::try_from(seq).unwrap_or_default())
}

fn day_event(seq: i64, k: u32, at: OffsetDateTime) -> NewAlarmEvent {
    let (kind, device, state) = match k % 4 {
        0 => (
            "armed",
            Some("keypad-1"),
            Some(AlarmState::Armed(ArmMode::Away)),
        ),
        1 => ("opened", Some("door-1"), None),
        2 => ("disarmed", Some("keypad-1"), Some(AlarmState::Disarmed)),
        _ => ("heartbeat", None, None),
    };
    NewAlarmEvent {
        seq,
        kind,
        device: device.map(str::to_owned),
        state,
        unexpected: false,
        actor_kind: state.map(|_| "keypad"),
        actor_user: state.map(|_| "Famille".to_owned()),
        value: None,
        occurred_at: at,
    }
}
