//! Sign-in throttling: growing delays, the lock after 100 consecutive failures (the same answer
//! as a wrong password; a reset lifts it), the proof of work after 3 failures, per-IP limits.

use abri_app::auth::GLOBAL_FAILURES;
use abri_domain::Clock;
use abri_domain::throttle::{FAILURES_GLOBAL_BEFORE_PROOF, delay_after};
use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::{Browser, Page, TestApp};
use reqwest::StatusCode;
use time::Duration;

use crate::customer;

/// One attempt as a browser with JavaScript makes it (proof of work solved).
async fn attempt(browser: &mut Browser, identifier: &str, password: &str) -> Page {
    let form = browser.get("/login").await;
    let (token, solution) = (form.csrf().unwrap(), form.pow_solution().unwrap());
    let fields = [
        ("csrf", token.as_str()),
        ("identifier", identifier),
        ("password", password),
        ("altcha", &solution),
    ];
    browser.post("/login", &fields).await
}

/// A refusal that asks for the proof of work.
fn assert_proof_asked(page: &Page) {
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("vérification anti-robot est nécessaire"),
        "{}",
        page.body
    );
}

/// The page without what varies between two requests (the challenge).
fn shape(page: &Page) -> String {
    let body = &page.body;
    match (
        body.find("data-pow=\""),
        body.find("\">\n    <input type=\"hidden\" name=\"csrf\""),
    ) {
        (Some(start), Some(end)) if start < end => format!("{}{}", &body[..start], &body[end..]),
        _ => body.clone(),
    }
}

#[tokio::test]
async fn delays_grow_after_each_failure() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let wrong = attempt(&mut browser, "C10000002", "Wrong-password-123").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let too_soon = attempt(&mut browser, "C10000002", DEMO_PASSWORD).await;
    assert_eq!(
        too_soon.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "within the 1 s delay"
    );
    assert_eq!(
        shape(&too_soon),
        shape(&wrong),
        "the same answer as a wrong password"
    );
    app.clock.advance(Duration::seconds(1));
    assert_eq!(
        attempt(&mut browser, "C10000002", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let julien = customer(&app, "C10000002").await;
    assert_eq!(
        app.app.db.throttle_of(julien.id).await.unwrap().failures,
        0,
        "a success clears"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_hundred_and_first_failure_is_blocked_until_a_reset() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let julien = customer(&app, "C10000002").await;
    let mut wrong_answer = None;
    for n in 1..=100 {
        let page = attempt(&mut browser, "C10000002", "Wrong-password-123").await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        wrong_answer.get_or_insert_with(|| shape(&page));
        app.clock.advance(delay_after(n));
    }
    let throttle = app.app.db.throttle_of(julien.id).await.unwrap();
    assert_eq!(throttle.failures, 100);
    assert!(
        throttle.locked_until.is_some(),
        "locked at the 100th failure"
    );
    let locked = attempt(&mut browser, "C10000002", DEMO_PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the right password does not open a lock"
    );
    assert_eq!(
        Some(shape(&locked)),
        wrong_answer,
        "the lock answers like a wrong password"
    );
    attempt(&mut browser, "C10000002", "Wrong-password-123").await;
    assert_eq!(
        app.app.db.throttle_of(julien.id).await.unwrap().failures,
        100,
        "not counted while locked"
    );
    let trail = app.app.db.audit_of(julien.id, 200).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "account_locked")
            .count(),
        1
    );

    // A reset still works and lifts the lock.
    let mut reset = app.browser();
    let link = app.reset_link("C10000002").await;
    reset.submit(&link, &link, &[]).await;
    reset.get("/password/reset").await;
    let code = app.last_sms_code().await;
    reset
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", &code)],
        )
        .await;
    let new = "Girouette-Verte-Sur-Le-Toit";
    let done = reset
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", new), ("new_password_again", new)],
        )
        .await;
    assert_eq!(done.location(), Some("/"), "{}", done.body);
    assert_eq!(
        attempt(&mut app.browser(), "C10000002", new).await.status,
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}

#[tokio::test]
async fn the_proof_of_work_is_required_after_three_failures() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    for n in 1..=3 {
        browser
            .submit(
                "/login",
                "/login",
                &[
                    ("identifier", "C10000002"),
                    ("password", "Wrong-password-123"),
                ],
            )
            .await;
        app.clock.advance(delay_after(n));
    }
    let without = browser
        .submit(
            "/login",
            "/login",
            &[("identifier", "C10000002"), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_proof_asked(&without);
    let julien = customer(&app, "C10000002").await;
    assert_eq!(
        app.app.db.throttle_of(julien.id).await.unwrap().failures,
        3,
        "not counted"
    );
    let with = attempt(&mut browser, "C10000002", DEMO_PASSWORD).await;
    assert_eq!(with.status, StatusCode::SEE_OTHER);
    // An unknown identifier behaves the same: nothing tells it apart.
    let mut other = app.browser();
    for n in 1..=3 {
        other
            .submit(
                "/login",
                "/login",
                &[("identifier", "C19999999"), ("password", "x")],
            )
            .await;
        app.clock.advance(delay_after(n));
    }
    let page = other
        .submit(
            "/login",
            "/login",
            &[("identifier", "C19999999"), ("password", "x")],
        )
        .await;
    assert!(page.body.contains("vérification anti-robot est nécessaire"));
    app.stop().await;
}

#[tokio::test]
async fn one_ip_cannot_spray_across_accounts() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let mut last = StatusCode::OK;
    for n in 0..61 {
        let page = browser
            .submit(
                "/login",
                "/login",
                &[("identifier", &format!("C2{n:07}")), ("password", "x")],
            )
            .await;
        last = page.status;
    }
    assert_eq!(
        last,
        StatusCode::TOO_MANY_REQUESTS,
        "61 attempts in ten minutes from one address"
    );
    app.clock.advance(Duration::minutes(11));
    let page = attempt(&mut browser, "C10000003", DEMO_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the window slides");
    app.stop().await;
}

#[tokio::test]
async fn failures_across_all_accounts_make_everybody_solve_the_proof() {
    let app = TestApp::demo().await;
    let now = app.clock.now();
    let window = Duration::minutes(10);
    for _ in 1..FAILURES_GLOBAL_BEFORE_PROOF {
        app.app
            .db
            .count_event(GLOBAL_FAILURES, window, now)
            .await
            .unwrap();
    }
    let fields = [("identifier", "C10000003"), ("password", DEMO_PASSWORD)];
    let below = app.browser().submit("/login", "/login", &fields).await;
    assert_eq!(below.status, StatusCode::SEE_OTHER, "one failure short");
    app.app
        .db
        .count_event(GLOBAL_FAILURES, window, now)
        .await
        .unwrap();
    let mut browser = app.browser();
    let without = browser.submit("/login", "/login", &fields).await;
    assert_proof_asked(&without);
    let with = attempt(&mut browser, "C10000003", DEMO_PASSWORD).await;
    assert_eq!(
        with.status,
        StatusCode::SEE_OTHER,
        "nobody is locked out: the proof opens"
    );
    app.clock.advance(window + Duration::seconds(1));
    let later = app.browser().submit("/login", "/login", &fields).await;
    assert_eq!(later.status, StatusCode::SEE_OTHER, "the window slides");
    app.stop().await;
}

#[tokio::test]
async fn a_sign_in_flood_past_the_hashing_queue_is_answered_busy() {
    let app = TestApp::demo().await;
    // Forms first, so that the posts arrive together.
    let mut forms = Vec::new();
    for _ in 0..48 {
        let mut browser = app.browser();
        let token = browser.get("/login").await.csrf().unwrap();
        forms.push((browser, token));
    }
    let posts = forms.into_iter().map(|(mut browser, token)| {
        tokio::spawn(async move {
            let fields = [
                ("csrf", token.as_str()),
                ("identifier", "C10000002"),
                ("password", DEMO_PASSWORD),
            ];
            browser.post("/login", &fields).await
        })
    });
    let mut busy = 0;
    for post in posts.collect::<Vec<_>>() {
        let page = post.await.unwrap();
        assert!(
            matches!(
                page.status,
                StatusCode::SEE_OTHER | StatusCode::SERVICE_UNAVAILABLE
            ),
            "{}: {}",
            page.status,
            page.body
        );
        if page.status == StatusCode::SERVICE_UNAVAILABLE {
            busy += 1;
            assert_eq!(page.header("retry-after"), Some("1"));
            assert!(page.body.contains("Le service est très sollicité"));
            assert!(page.body.contains("value=\"C10000002\""), "typed kept");
        }
    }
    assert!(busy > 0, "2 threads and 16 places cannot take 48 at once");
    app.stop().await;
}
