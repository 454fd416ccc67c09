//! SMS codes as a second factor: turned on with a code (to a phone it proves), asked at sign-in,
//! five wrong tries, a resend replaces the code, send quotas; no phone, no SMS factor.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::{Browser, Page, TestApp};
use reqwest::StatusCode;

use crate::customer;

async fn last_sms_code(app: &TestApp) -> String {
    app.last_sms_code().await
}

async fn enable(app: &TestApp, browser: &mut Browser) {
    let started = browser
        .submit("/account/security", "/account/sms/start", &[])
        .await;
    assert_eq!(started.location(), Some("/account/sms"));
    let code = last_sms_code(app).await;
    let done = browser
        .submit("/account/sms", "/account/sms/confirm", &[("code", &code)])
        .await;
    assert_eq!(
        done.location(),
        Some("/account/security?done=sms-added"),
        "{}",
        done.body
    );
}

async fn password_step(app: &TestApp) -> (Browser, Page) {
    let mut browser = app.browser();
    browser.sign_in("C10000002", DEMO_PASSWORD).await;
    let page = browser.get("/login/second-factor").await;
    (browser, page)
}

#[tokio::test]
async fn sms_codes_are_turned_on_and_asked_at_sign_in() {
    let app = TestApp::demo().await;
    let mut julien = app.signed_in("C10000002").await;
    enable(&app, &mut julien).await;
    assert!(
        julien
            .get("/account/security")
            .await
            .body
            .contains("Les codes de connexion sont envoyés au 06 •• •• •• 32")
    );

    let (mut browser, page) = password_step(&app).await;
    assert!(
        page.body.contains("Recevoir un code par SMS"),
        "{}",
        page.body
    );
    let sent = browser
        .submit("/login/second-factor", "/login/second-factor/sms", &[])
        .await;
    assert!(sent.body.contains("Un code a été envoyé"));
    let code = last_sms_code(&app).await;
    let done = browser
        .submit(
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &code)],
        )
        .await;
    assert_eq!(done.location(), Some("/"), "{}", done.body);
    let id = customer(&app, "C10000002").await.id;
    let trail = app.app.db.audit_of(id, 40).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "sign_in" && e.method.as_deref() == Some("password+sms"))
    );
    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(40).await.unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.subject.as_deref() == Some("Codes par SMS activés"))
    );
    app.stop().await;
}

#[tokio::test]
async fn five_wrong_codes_kill_the_code_and_a_resend_replaces_it() {
    let app = TestApp::demo().await;
    let mut julien = app.signed_in("C10000002").await;
    enable(&app, &mut julien).await;
    let (mut browser, _) = password_step(&app).await;
    browser
        .submit("/login/second-factor", "/login/second-factor/sms", &[])
        .await;
    let first = last_sms_code(&app).await;
    browser
        .submit("/login/second-factor", "/login/second-factor/sms", &[])
        .await;
    let second = last_sms_code(&app).await;
    if first != second {
        let old = browser
            .submit(
                "/login/second-factor",
                "/login/second-factor",
                &[("code", &first)],
            )
            .await;
        assert_eq!(
            old.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the resend replaced it"
        );
    }
    let (mut other, _) = password_step(&app).await;
    other
        .submit("/login/second-factor", "/login/second-factor/sms", &[])
        .await;
    let code = last_sms_code(&app).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut last = None;
    for _ in 0..5 {
        last = Some(
            other
                .submit(
                    "/login/second-factor",
                    "/login/second-factor",
                    &[("code", wrong)],
                )
                .await,
        );
    }
    let last = last.unwrap();
    assert!(
        last.body.contains("Trop de codes erronés") || last.location() == Some("/login"),
        "{}",
        last.body
    );
    let after = other
        .submit(
            "/login/second-factor",
            "/login/second-factor",
            &[("code", &code)],
        )
        .await;
    assert_ne!(
        after.location(),
        Some("/"),
        "the right code is dead after five wrong ones"
    );
    app.stop().await;
}

#[tokio::test]
async fn sends_are_limited_and_a_phone_is_needed() {
    let app = TestApp::demo().await;
    let mut julien = app.signed_in("C10000002").await;
    enable(&app, &mut julien).await; // one send
    let (mut browser, _) = password_step(&app).await;
    for _ in 0..4 {
        let page = browser
            .submit("/login/second-factor", "/login/second-factor/sms", &[])
            .await;
        assert_eq!(page.status, StatusCode::OK);
    }
    let refused = browser
        .submit("/login/second-factor", "/login/second-factor/sms", &[])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "five per account and hour"
    );
    assert!(refused.body.contains("Trop de SMS"));

    let mut sophie = app.signed_in("sophie.dubois@example.fr").await;
    let page = sophie.get("/account/security").await;
    assert!(
        page.body.contains("Add a mobile phone number"),
        "Sophie has no phone"
    );
    let start = sophie
        .submit("/account/security", "/account/sms/start", &[])
        .await;
    assert_eq!(start.status, StatusCode::CONFLICT);
    app.stop().await;
}
