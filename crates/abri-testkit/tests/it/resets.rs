//! The forgotten-password journey (SECURITY.md 8–11, 14): same answer for every identifier,
//! single-use links that expire, newer requests void older ones, the SMS step with its limits,
//! and the end: other sessions revoked, a confirmation, signed in.

use abri_domain::resets::ResetState;
use abri_testkit::{Browser, Page, TestApp};
use reqwest::StatusCode;
use time::Duration;

use crate::customer;

const NEW: &str = "Girouette-Verte-Sur-Le-Toit";

/// Asks for a link as a visitor would, then lets the worker run.
async fn request(app: &TestApp, identifier: &str) -> Page {
    let mut browser = app.browser();
    let page = submit_solved(&mut browser, identifier).await;
    app.app.run_due_jobs().await.unwrap();
    page
}

/// Loads the request form, solves its proof of work and sends it.
async fn submit_solved(browser: &mut Browser, identifier: &str) -> Page {
    let form = browser.get("/password/forgot").await;
    let token = form.csrf().unwrap();
    let solution = form.pow_solution().unwrap();
    browser
        .post(
            "/password/forgot",
            &[
                ("csrf", &token),
                ("identifier", identifier),
                ("altcha", &solution),
            ],
        )
        .await
}

/// The path of the newest reset link e-mailed, if any.
async fn last_link(app: &TestApp) -> Option<String> {
    let messages = app.app.db.outbox_messages(50).await.unwrap();
    let mail = messages
        .iter()
        .find(|m| m.channel == "email" && m.body_text.contains("/password/reset/"))?;
    let start = mail.body_text.find("/password/reset/")?;
    Some(
        mail.body_text[start..]
            .split_whitespace()
            .next()?
            .to_owned(),
    )
}

/// The newest SMS code sent.
async fn last_code(app: &TestApp) -> String {
    app.app.run_due_jobs().await.unwrap();
    let messages = app.app.db.outbox_messages(50).await.unwrap();
    let sms = messages
        .iter()
        .find(|m| m.channel == "sms")
        .expect("an SMS");
    sms.body_text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned()
}

async fn code_step(app: &TestApp, link: &str) -> Browser {
    let mut browser = app.browser();
    let opened = browser.get(link).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    assert_eq!(opened.location(), Some("/password/reset"));
    browser
}

#[tokio::test]
async fn every_identifier_gets_the_same_page_and_only_accounts_get_mail() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let mut pages = Vec::new();
    for identifier in [
        "camille.martin@example.fr",
        "C10000001",
        "nobody@example.fr",
        "C99999999",
    ] {
        let page = submit_solved(&mut browser, identifier).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Vérifiez votre boîte e-mail"));
        assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(page.header("cache-control"), Some("no-store"));
        pages.push(page.body);
    }
    assert!(pages.windows(2).all(|w| w[0] == w[1]), "identical answers");
    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(20).await.unwrap();
    assert_eq!(
        mails.len(),
        2,
        "two requests for Camille, none for the unknown ones"
    );
    assert!(
        mails
            .iter()
            .all(|m| m.recipient == "camille.martin@example.fr")
    );
    let bad = browser
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("identifier", "camille")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("C suivi de 8 chiffres") && bad.body.contains("value=\"camille\""));
    app.stop().await;
}

#[tokio::test]
async fn the_whole_journey_with_the_sms_step_signs_the_customer_in() {
    let app = TestApp::demo().await;
    let mut other_device = app.signed_in("C10000001").await;
    request(&app, "C10000001").await;
    let link = last_link(&app).await.unwrap();
    let mut browser = code_step(&app, &link).await;
    let step = browser.get("/password/reset").await;
    assert!(step.body.contains("06 •• •• •• 78"), "{}", step.body);
    assert_eq!(step.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(step.header("cache-control"), Some("no-store"));
    // The password step cannot be skipped.
    let early = browser
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", NEW), ("new_password_again", NEW)],
        )
        .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    let code = last_code(&app).await;
    let page = browser
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", &code)],
        )
        .await;
    assert_eq!(page.location(), Some("/password/reset"));
    let form = browser.get("/password/reset").await;
    assert!(form.body.contains("Choisissez un nouveau mot de passe"));
    let weak = browser
        .submit(
            "/password/reset",
            "/password/reset",
            &[
                ("new_password", "1q2w3e4r5t6y"),
                ("new_password_again", "1q2w3e4r5t6y"),
            ],
        )
        .await;
    assert!(weak.body.contains("trop courant"), "the policy applies");
    let done = browser
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", NEW), ("new_password_again", NEW)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), Some("/"));
    assert!(
        browser.get("/").await.body.contains("Bonjour Camille"),
        "signed in"
    );
    assert!(!browser.cookies.contains_key("abri_reset"));
    assert_eq!(
        other_device.get("/").await.location(),
        Some("/login"),
        "other sessions revoked"
    );
    app.browser().sign_in("C10000001", NEW).await;

    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(20).await.unwrap();
    let confirmation = mails
        .iter()
        .find(|m| m.subject.as_deref() == Some("Votre mot de passe a été réinitialisé"))
        .unwrap();
    assert!(!confirmation.body_text.contains(NEW));
    let camille = customer(&app, "C10000001").await;
    let trail = app.app.db.audit_of(camille.id, 30).await.unwrap();
    for action in ["reset_requested", "reset_completed"] {
        assert!(
            trail
                .iter()
                .any(|e| e.action == action && e.result == "success"),
            "{action}"
        );
    }
    assert!(
        trail
            .iter()
            .any(|e| e.action == "sign_in" && e.method.as_deref() == Some("password_reset"))
    );
    assert!(
        trail
            .iter()
            .all(|e| !format!("{e:?}").contains(&code) && !format!("{e:?}").contains("Girouette"))
    );
    // The link is spent.
    assert_eq!(app.browser().get(&link).await.status, StatusCode::GONE);
    app.stop().await;
}

#[tokio::test]
async fn without_a_verified_phone_the_link_leads_to_the_new_password() {
    let app = TestApp::demo().await;
    request(&app, "sophie.dubois@example.fr").await;
    let link = last_link(&app).await.unwrap();
    let mut browser = code_step(&app, &link).await;
    let form = browser.get("/password/reset").await;
    assert!(
        form.body.contains("Choisissez un nouveau mot de passe"),
        "the page follows the browser"
    );
    let mail = app.app.db.outbox_messages(1).await.unwrap().remove(0);
    assert_eq!(
        mail.subject.as_deref(),
        Some("Resetting your password"),
        "the e-mail follows the profile"
    );
    let emoji = "🏠 ma maison 🔐 bien gardée 🐕";
    let done = browser
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", emoji), ("new_password_again", emoji)],
        )
        .await;
    assert_eq!(done.location(), Some("/"));
    app.browser()
        .sign_in("sophie.dubois@example.fr", emoji)
        .await;
    app.stop().await;
}

#[tokio::test]
async fn links_are_single_use_expire_and_are_voided_by_newer_requests() {
    let app = TestApp::demo().await;
    request(&app, "sophie.dubois@example.fr").await;
    let first = last_link(&app).await.unwrap();
    code_step(&app, &first).await;
    assert_eq!(
        app.browser().get(&first).await.status,
        StatusCode::GONE,
        "single use"
    );

    request(&app, "sophie.dubois@example.fr").await;
    let older = last_link(&app).await.unwrap();
    request(&app, "sophie.dubois@example.fr").await;
    let newer = last_link(&app).await.unwrap();
    assert_ne!(older, newer);
    let page = app.browser().get(&older).await;
    assert_eq!(page.status, StatusCode::GONE, "voided by the newer request");
    assert!(
        page.body.contains("Ce lien n’est plus valable") || page.body.contains("no longer works")
    );

    app.clock.advance(Duration::minutes(30));
    let mut at_limit = app.browser();
    assert_eq!(
        at_limit.get(&newer).await.status,
        StatusCode::SEE_OTHER,
        "valid for 30 minutes"
    );
    app.stop().await;

    let app = TestApp::demo().await;
    request(&app, "sophie.dubois@example.fr").await;
    let link = last_link(&app).await.unwrap();
    app.clock
        .advance(Duration::minutes(30) + Duration::seconds(1));
    assert_eq!(
        app.browser().get(&link).await.status,
        StatusCode::GONE,
        "expired at 30 min + 1 s"
    );
    app.stop().await;
}

#[tokio::test]
async fn ten_parallel_redemptions_of_one_link_make_one_success() {
    let app = TestApp::demo().await;
    request(&app, "sophie.dubois@example.fr").await;
    let link = last_link(&app).await.unwrap();
    let attempts: Vec<_> = (0..10)
        .map(|_| {
            let mut browser = app.browser();
            let link = link.clone();
            tokio::spawn(async move { browser.get(&link).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::GONE).count(),
        9
    );
    app.stop().await;
}

#[tokio::test]
async fn a_forged_host_does_not_change_the_link() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    browser.extra.push(("host".into(), "evil.example".into()));
    browser
        .extra
        .push(("x-forwarded-host".into(), "evil.example".into()));
    let token = browser.get("/password/forgot").await.csrf().unwrap();
    browser
        .post(
            "/password/forgot",
            &[("csrf", &token), ("identifier", "C10000003")],
        )
        .await;
    app.app.run_due_jobs().await.unwrap();
    let mail = app.app.db.outbox_messages(5).await.unwrap().remove(0);
    assert!(
        !mail.body_text.contains("evil.example")
            && !mail.body_html.unwrap().contains("evil.example")
    );
    assert!(
        mail.body_text
            .contains(&format!("{}/password/reset/", app.app.base_url))
    );
    app.stop().await;
}

#[tokio::test]
async fn five_wrong_codes_void_the_reset_and_a_resend_replaces_the_code() {
    let app = TestApp::demo().await;
    request(&app, "C10000001").await;
    let link = last_link(&app).await.unwrap();
    let mut browser = code_step(&app, &link).await;
    browser.get("/password/reset").await;
    let first = last_code(&app).await;
    let resent = browser
        .submit("/password/reset", "/password/reset/code/resend", &[])
        .await;
    assert_eq!(resent.location(), Some("/password/reset"));
    let second = last_code(&app).await;
    let wrong = if first == second {
        "000000"
    } else {
        first.as_str()
    };
    let page = browser
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", wrong)],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("Ce code n’est pas le bon")
            && page.body.contains("Essais restants\u{a0}: 4"),
        "{}",
        page.body
    );
    for _ in 0..3 {
        browser
            .submit(
                "/password/reset",
                "/password/reset/code",
                &[("code", "000001")],
            )
            .await;
    }
    let fifth = browser
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", "000002")],
        )
        .await;
    assert!(
        fifth.body.contains("Trop de codes erronés") || fifth.status == StatusCode::GONE,
        "{}",
        fifth.body
    );
    let after = browser
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", &second)],
        )
        .await;
    assert_eq!(
        after.status,
        StatusCode::GONE,
        "the right code no longer helps"
    );
    let camille = customer(&app, "C10000001").await;
    let trail = app.app.db.audit_of(camille.id, 30).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "reset_sms_code")
            .count(),
        5
    );
    assert!(
        app.app
            .db
            .reset_state(uuid_of_last_reset(&app).await)
            .await
            .unwrap()
            == Some(ResetState::Voided)
    );
    app.stop().await;
}

async fn uuid_of_last_reset(app: &TestApp) -> uuid::Uuid {
    let rows = app.app.db.recent_resets(1).await.unwrap();
    rows[0]
}

#[tokio::test]
async fn a_resend_after_expiry_works_and_old_codes_do_not() {
    let app = TestApp::demo().await;
    request(&app, "C10000001").await;
    let link = last_link(&app).await.unwrap();
    let mut browser = code_step(&app, &link).await;
    browser.get("/password/reset").await;
    let first = last_code(&app).await;
    app.clock
        .advance(Duration::minutes(10) + Duration::seconds(1));
    let late = browser
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", &first)],
        )
        .await;
    assert!(late.body.contains("Ce code a expiré"), "{}", late.body);
    browser
        .submit("/password/reset", "/password/reset/code/resend", &[])
        .await;
    let second = last_code(&app).await;
    if first != second {
        let old = browser
            .submit(
                "/password/reset",
                "/password/reset/code",
                &[("code", &first)],
            )
            .await;
        assert!(
            old.body.contains("Ce code n’est pas le bon"),
            "the resend replaced it"
        );
    }
    let ok = browser
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", &second)],
        )
        .await;
    assert_eq!(ok.location(), Some("/password/reset"));
    app.stop().await;
}

#[tokio::test]
async fn an_account_gets_at_most_three_links_an_hour() {
    let app = TestApp::demo().await;
    for _ in 0..5 {
        request(&app, "sophie.dubois@example.fr").await;
    }
    let mails = app.app.db.outbox_messages(20).await.unwrap();
    assert_eq!(mails.len(), 3);
    let sophie = customer(&app, "C10000003").await;
    let trail = app.app.db.audit_of(sophie.id, 20).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "reset_requested" && e.result == "throttled")
            .count(),
        2
    );
    app.clock.advance(Duration::minutes(61));
    request(&app, "sophie.dubois@example.fr").await;
    assert_eq!(
        app.app.db.outbox_messages(20).await.unwrap().len(),
        4,
        "the window slides"
    );
    app.stop().await;
}

#[tokio::test]
async fn proof_of_work_solutions_are_checked_and_accepted_once() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let form = browser.get("/password/forgot").await;
    assert!(
        form.body.contains("data-pow="),
        "the challenge is in the page"
    );
    let token = form.csrf().unwrap();
    let solution = form.pow_solution().unwrap();
    let first = post_with(&mut browser, &token, &solution).await;
    assert_eq!(first.status, StatusCode::OK);
    let replay = post_with(&mut browser, &token, &solution).await;
    assert_eq!(
        replay.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a solution works once"
    );
    assert!(
        replay
            .body
            .contains("La vérification anti-robot n’a pas abouti")
    );
    assert!(
        replay.body.contains("value=\"C10000003\""),
        "what was typed is kept"
    );
    let forged = post_with(&mut browser, &token, "eyJhbGdvcml0aG0iOiJTSEEtMjU2In0=").await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    let stale = browser
        .get("/password/forgot")
        .await
        .pow_solution()
        .unwrap();
    app.clock
        .advance(Duration::minutes(10) + Duration::seconds(1));
    let expired = post_with(&mut browser, &token, &stale).await;
    assert!(expired.body.contains("a expiré"), "{}", expired.body);
    app.stop().await;
}

#[tokio::test]
async fn without_javascript_the_form_works_under_a_stricter_limit() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    for _ in 0..3 {
        let page = browser
            .submit(
                "/password/forgot",
                "/password/forgot",
                &[("identifier", "C10000003")],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
    }
    let page = browser
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("identifier", "C10000003")],
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("Trop de demandes"));
    let solved = submit_solved(&mut browser, "C10000003").await;
    assert_eq!(
        solved.status,
        StatusCode::OK,
        "a solved proof of work still gets through"
    );
    app.stop().await;
}

async fn post_with(browser: &mut Browser, token: &str, altcha: &str) -> Page {
    browser
        .post(
            "/password/forgot",
            &[
                ("csrf", token),
                ("identifier", "C10000003"),
                ("altcha", altcha),
            ],
        )
        .await
}

/// SECURITY.md 8: the request answers in the same time whether the account exists or not (the
/// lookup happens later, in the job). Statistical, so kept out of the fast suite.
#[tokio::test]
#[ignore = "statistical timing check; run by scripts/check with --ignored"]
async fn reset_requests_take_the_same_time_for_known_and_unknown_accounts() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let token = browser.get("/password/forgot").await.csrf().unwrap();
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for round in 0..80 {
        let (identifier, into) = if round % 2 == 0 {
            ("C10000001", &mut known)
        } else {
            ("C19999999", &mut unknown)
        };
        app.clock.advance(Duration::minutes(4)); // stay under the per-IP hourly limit
        let solution = browser
            .get("/password/forgot")
            .await
            .pow_solution()
            .unwrap();
        let started = std::time::Instant::now();
        let page = browser
            .post(
                "/password/forgot",
                &[
                    ("csrf", &token),
                    ("identifier", identifier),
                    ("altcha", &solution),
                ],
            )
            .await;
        into.push(started.elapsed().as_secs_f64());
        assert_eq!(page.status, StatusCode::OK, "round {round}");
    }
    let (k, u) = (crate::median(&mut known), crate::median(&mut unknown));
    let ratio = u / k;
    eprintln!(
        "reset request median: known {:.2} ms, unknown {:.2} ms, ratio {ratio:.3}",
        k * 1e3,
        u * 1e3
    );
    assert!(
        (0.75..1.33).contains(&ratio),
        "timing differs: ratio {ratio:.3}"
    );
    app.stop().await;
}
