//! Sessions: sign-out kills the cookie, idle and absolute expiry by the injected clock.

use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

#[tokio::test]
async fn sign_out_makes_the_old_cookie_useless() {
    let app = TestApp::demo().await;
    let mut browser = app.signed_in("camille.martin@example.fr").await;
    let stolen = browser.cookies["abri_session"].clone();
    let dashboard = browser.get("/").await;
    let token = dashboard.csrf().unwrap();
    let out = browser.post("/logout", &[("csrf", &token)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), Some("/login"));
    assert!(
        !browser.cookies.contains_key("abri_session"),
        "cookie cleared"
    );
    let mut thief = app.browser();
    thief.cookies.insert("abri_session".into(), stolen);
    let page = thief.get("/").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login"));
    app.stop().await;
}

#[tokio::test]
async fn idle_sessions_expire_after_thirty_minutes() {
    let app = TestApp::demo().await;
    let mut browser = app.signed_in("C10000001").await;
    app.clock.advance(Duration::minutes(29));
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::OK,
        "still live, and touched"
    );
    app.clock.advance(Duration::minutes(30));
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::OK,
        "30 min after the last use"
    );
    app.clock
        .advance(Duration::minutes(30) + Duration::seconds(1));
    let page = browser.get("/").await;
    assert_eq!(page.location(), Some("/login"), "idle for 30 min + 1 s");
    app.clock.advance(Duration::seconds(-10));
    assert_eq!(
        browser.get("/").await.location(),
        Some("/login"),
        "an expired session is gone for good"
    );
    app.stop().await;
}

#[tokio::test]
async fn sessions_end_after_twelve_hours_however_active() {
    let app = TestApp::demo().await;
    let mut browser = app.signed_in("C10000001").await;
    for _ in 0..24 {
        app.clock
            .advance(Duration::minutes(29) + Duration::seconds(59));
        assert_eq!(browser.get("/").await.status, StatusCode::OK);
    }
    // 24 × 29:59 = 11 h 59 min 36 s since sign-in.
    app.clock.advance(Duration::seconds(24));
    assert_eq!(
        browser.get("/").await.status,
        StatusCode::OK,
        "exactly 12 h"
    );
    app.clock.advance(Duration::seconds(1));
    assert_eq!(
        browser.get("/").await.location(),
        Some("/login"),
        "12 h + 1 s"
    );
    app.stop().await;
}
