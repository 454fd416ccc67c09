//! Reset requests and links: the same answer for all, single use, expiry, voiding, limits,
//! and the journey to its end.

use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

use super::{NEW, code_step, last_code, last_link, request, submit_solved};
use crate::customer;

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
        at_limit.submit(&newer, &newer, &[]).await.status,
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
    // Ten browsers load the link (which spends nothing), then all press the button at once.
    let mut ready = Vec::new();
    for _ in 0..10 {
        let mut browser = app.browser();
        let token = browser.get(&link).await.csrf().unwrap();
        ready.push((browser, token));
    }
    let attempts: Vec<_> = ready
        .into_iter()
        .map(|(mut browser, token)| {
            let link = link.clone();
            tokio::spawn(async move { browser.post(&link, &[("csrf", &token)]).await.status })
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
