//! `abri generate`: benchmark data that behaves like real customers' (sign-in, dashboard, alarm
//! history), made once.

use abri_app::tokens::hash_secret;
use abri_domain::Clock;
use abri_server::demo::generate::{Shape, device_secret, generate};
use abri_testkit::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn generated_customers_sign_in_and_see_their_homes_and_a_year_of_events() {
    let app = TestApp::demo().await;
    let shape = Shape {
        customers: 6,
        events_per_day: 2,
    };
    let made = generate(&app.app, shape).await.unwrap();
    assert_eq!(made.customers, 6);
    assert!(made.homes >= 6, "{made:?}");
    assert!(made.panels >= 1, "{made:?}");
    assert_eq!(made.events, u64::from(made.panels) * 365 * 2);
    let again = generate(&app.app, shape).await.unwrap();
    assert_eq!(again.customers, 0, "made once");
    // Their own computer is already known: coming back from it warns nobody.
    let first = crate::customer(&app, "C20000001").await;
    let new_device = app
        .app
        .db
        .remember_device(
            first.id,
            &hash_secret(&device_secret(20_000_001)),
            app.clock.now(),
        )
        .await
        .unwrap();
    assert!(!new_device, "the device was remembered at generation");

    let mut browser = app.signed_in("client.20000001@example.net").await;
    let dashboard = browser.get("/").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let homes = dashboard.links("/homes/");
    assert!(!homes.is_empty(), "{}", dashboard.body);
    assert!(dashboard.body.contains("MRH-G20000001-0"), "its contract");
    // A customer with a panel finds a year of events in the history.
    let mut with_panel = None;
    for number in 20_000_001..20_000_007 {
        let mut b = app.signed_in(&format!("C{number}")).await;
        for home in b.get("/").await.links("/homes/") {
            let alarm = b.get(&format!("{home}/alarm")).await;
            if alarm.body.contains("GEN-") {
                with_panel = Some(b.get(&format!("{home}/alarm/history")).await);
            }
        }
    }
    let history = with_panel.unwrap();
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        history.body.contains("Famille"),
        "who armed, in any language: {}",
        history.body
    );
    app.stop().await;
}
