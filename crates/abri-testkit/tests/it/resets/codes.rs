//! The SMS code step: five tries, expiry, a resend replaces the code.

use abri_domain::resets::ResetState;
use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

use super::{code_step, last_code, last_link, request};
use crate::customer;

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
async fn sms_sends_are_limited_per_reset_and_per_account() {
    let app = TestApp::demo().await;
    request(&app, "C10000001").await;
    let mut browser = code_step(&app, &last_link(&app).await.unwrap()).await;
    browser.get("/password/reset").await;
    for _ in 0..2 {
        let page = browser
            .submit("/password/reset", "/password/reset/code/resend", &[])
            .await;
        assert_eq!(page.location(), Some("/password/reset"));
    }
    let page = browser.get("/password/reset").await;
    assert!(
        !page.body.contains("/password/reset/code/resend"),
        "no more resends offered"
    );
    let refused = browser
        .submit("/password/reset", "/password/reset/code/resend", &[])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "three codes per reset"
    );

    // A new link: two more codes for the account this hour, then no more.
    request(&app, "C10000001").await;
    let mut again = code_step(&app, &last_link(&app).await.unwrap()).await;
    again.get("/password/reset").await;
    let second = again
        .submit("/password/reset", "/password/reset/code/resend", &[])
        .await;
    assert_eq!(second.location(), Some("/password/reset"));
    let third = again
        .submit("/password/reset", "/password/reset/code/resend", &[])
        .await;
    assert_eq!(
        third.status,
        StatusCode::TOO_MANY_REQUESTS,
        "five codes per account and hour"
    );
    app.app.run_due_jobs().await.unwrap();
    let sms = app
        .app
        .db
        .outbox_messages(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.channel == "sms")
        .count();
    assert_eq!(sms, 5);
    app.stop().await;
}
