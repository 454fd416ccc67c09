//! The demo provider (DESIGN.md "Demo data"): French customers, homes, contracts, guarantees,
//! options and staff. Seeding is idempotent: a second run changes nothing.

pub mod alarm;
mod builders;
pub mod generate;

use abri_app::App;
use abri_domain::account::CustomerNumber;
use abri_domain::contracts::{Frequency, Product};
use abri_domain::homes::{EquipmentKind, HomeKind};
use abri_domain::{Language, Money};
use time::Duration;

use builders::{customer, equipment, hash, home, insurance, mandate, monitoring, years_ago};

/// The password of every demo account (customers and staff).
pub const DEMO_PASSWORD: &str = "Tournesol-Lyon-2026";

/// A demo sign-in, printed by `abri demo`.
pub struct DemoLogin {
    /// Who.
    pub name: &'static str,
    /// E-mail.
    pub email: &'static str,
    /// Customer number, for customers.
    pub number: Option<&'static str>,
    /// What to look at with this account.
    pub note: &'static str,
}

/// The demo accounts.
pub const LOGINS: &[DemoLogin] = &[
    DemoLogin {
        name: "Camille Martin",
        email: "camille.martin@example.fr",
        number: Some("C10000001"),
        note: "maison à Lyon (assurance + télésurveillance) et appartement à Paris",
    },
    DemoLogin {
        name: "Julien Bernard",
        email: "julien.bernard@example.fr",
        number: Some("C10000002"),
        note: "appartement à Bordeaux, assurance annuelle",
    },
    DemoLogin {
        name: "Sophie Dubois",
        email: "sophie.dubois@example.fr",
        number: Some("C10000003"),
        note: "maison à Nantes, télésurveillance seule, interface en anglais, factures dématérialisées, une demande de nouveau logement ouverte",
    },
];

/// Staff accounts per role (their pages come in a later issue).
const STAFF: &[(&str, &str, &str)] = &[
    ("conseillere@abri-demo.fr", "Léa Moreau", "adviser"),
    ("gestionnaire@abri-demo.fr", "Thomas Petit", "claim_handler"),
    ("technicien@abri-demo.fr", "Karim Benali", "technician"),
    (
        "operatrice@abri-demo.fr",
        "Nadia Lefèvre",
        "monitoring_operator",
    ),
    ("admin@abri-demo.fr", "Paul Girard", "admin"),
];

const OPTIONS: &[(&str, Product, i64)] = &[
    ("valuables", Product::HomeInsurance, 590),
    ("electrical_damage", Product::HomeInsurance, 290),
    ("garden", Product::HomeInsurance, 350),
    ("legal_protection", Product::HomeInsurance, 450),
    ("school", Product::HomeInsurance, 190),
    ("guard_dispatch", Product::Monitoring, 900),
    ("video_verification", Product::Monitoring, 600),
    ("extra_smoke_detector", Product::Monitoring, 300),
    ("keyholding", Product::Monitoring, 500),
];

/// Seeds the demo provider unless it is already there. Returns whether it seeded.
///
/// # Errors
/// On a storage or hashing failure.
pub async fn seed(app: &App) -> anyhow::Result<bool> {
    let first = CustomerNumber::parse("C10000001").map_err(|e| anyhow::anyhow!("{e}"))?;
    if app.db.customer_by_number(&first).await?.is_some() {
        return Ok(false);
    }
    for (position, (code, product, cents)) in (0_i64..).zip(OPTIONS) {
        app.db
            .upsert_catalogue_option(code, *product, Money::from_cents(*cents), position)
            .await?;
    }
    for (email, name, role) in STAFF {
        let hash = hash(app).await?;
        app.db
            .insert_staff(email, name, role, &hash, app.clock.now())
            .await?;
    }
    let today = app.today();
    let camille = customer(
        app,
        0,
        "Camille",
        "Martin",
        Some("+33612345678"),
        Language::Fr,
    )
    .await?;
    app.db.mark_phone_verified(camille, app.clock.now()).await?;
    mandate(
        app,
        camille,
        "FR14 2004 1010 0505 0001 3M02 606",
        "PSSTFRPPLYO",
        "Camille Martin",
    )
    .await?;
    let lyon = home(
        app,
        camille,
        "Maison de Lyon",
        HomeKind::House,
        "12 rue des Lilas",
        "69003",
        "Lyon",
    )
    .await?;
    equipment(
        app,
        lyon,
        &[
            (EquipmentKind::AlarmPanel, "Entrée", 1),
            (EquipmentKind::Keypad, "Entrée", 1),
            (EquipmentKind::MotionSensor, "Salon, couloir", 2),
            (
                EquipmentKind::DoorSensor,
                "Porte d’entrée, baie vitrée, garage",
                3,
            ),
            (EquipmentKind::SmokeDetector, "Couloir de l’étage", 1),
            (EquipmentKind::Siren, "Façade", 1),
        ],
    )
    .await?;
    let mrh = insurance(
        app,
        camille,
        lyon,
        "MRH-2023-004512",
        years_ago(today, 3) + Duration::days(12),
        3_490,
        Frequency::Monthly,
    )
    .await?;
    app.db
        .subscribe_option(mrh, "valuables", app.clock.now())
        .await?;
    app.db
        .subscribe_option(mrh, "garden", app.clock.now())
        .await?;
    let tls = monitoring(
        app,
        camille,
        lyon,
        "TLS-2024-000231",
        years_ago(today, 2) - Duration::days(6),
        3_990,
    )
    .await?;
    app.db
        .subscribe_option(tls, "guard_dispatch", app.clock.now())
        .await?;
    alarm::install(app, lyon, 0).await?;
    let paris = home(
        app,
        camille,
        "Appartement de Paris",
        HomeKind::Flat,
        "48 rue de la Roquette",
        "75011",
        "Paris",
    )
    .await?;
    equipment(app, paris, &[(EquipmentKind::SmokeDetector, "Séjour", 1)]).await?;
    insurance(
        app,
        camille,
        paris,
        "MRH-2025-010877",
        years_ago(today, 1) + Duration::days(3),
        1_890,
        Frequency::Monthly,
    )
    .await?;

    let julien = customer(
        app,
        1,
        "Julien",
        "Bernard",
        Some("+33698765432"),
        Language::Fr,
    )
    .await?;
    app.db.mark_phone_verified(julien, app.clock.now()).await?;
    let bordeaux = home(
        app,
        julien,
        "Appartement des Chartrons",
        HomeKind::Flat,
        "7 quai des Chartrons",
        "33000",
        "Bordeaux",
    )
    .await?;
    equipment(
        app,
        bordeaux,
        &[
            (EquipmentKind::SmokeDetector, "Entrée", 1),
            (EquipmentKind::WaterLeakSensor, "Salle de bains", 1),
        ],
    )
    .await?;
    let annual = insurance(
        app,
        julien,
        bordeaux,
        "MRH-2022-002210",
        years_ago(today, 4) + Duration::days(45),
        24_900,
        Frequency::Annual,
    )
    .await?;
    app.db
        .subscribe_option(annual, "legal_protection", app.clock.now())
        .await?;

    let sophie = customer(app, 2, "Sophie", "Dubois", None, Language::En).await?;
    let nantes = home(
        app,
        sophie,
        "Maison de Nantes",
        HomeKind::House,
        "3 allée des Tilleuls",
        "44000",
        "Nantes",
    )
    .await?;
    equipment(
        app,
        nantes,
        &[
            (EquipmentKind::AlarmPanel, "Cellier", 1),
            (EquipmentKind::MotionSensor, "Séjour", 1),
            (EquipmentKind::DoorSensor, "Porte d’entrée", 1),
            (EquipmentKind::Camera, "Jardin", 1),
        ],
    )
    .await?;
    monitoring(
        app,
        sophie,
        nantes,
        "TLS-2026-001045",
        today - Duration::days(20),
        2_990,
    )
    .await?;
    alarm::install(app, nantes, 1).await?;
    sophie_extras(app, sophie, today).await?;
    Ok(true)
}

/// Sophie has chosen paperless invoices and asked to protect a second home: staff find an open
/// request, and she sees it on her requests page.
async fn sophie_extras(
    app: &App,
    sophie: abri_domain::ids::CustomerId,
    today: time::Date,
) -> anyhow::Result<()> {
    let request = abri_store::home_requests::HomeRequest {
        id: uuid::Uuid::now_v7(),
        kind: "new_home".into(),
        home_id: None,
        address: abri_domain::homes::Address {
            street: "14 quai de la Fosse".into(),
            postal_code: "44000".into(),
            city: "Nantes".into(),
        },
        wished_date: today + Duration::days(30),
        note: "Flat for my daughter, second floor, alarm wanted.".into(),
        status: "open".into(),
        created_at: app.clock.now() - Duration::days(2),
    };
    let mut tx = app.db.begin().await?;
    tx.save_preferences(sophie, true, &[]).await?;
    tx.insert_home_request(sophie, &request).await?;
    tx.commit().await?;
    Ok(())
}
