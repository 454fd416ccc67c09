//! Second factors: enrolment with the key shown, sign-in with the app, replay refused and
//! e-mailed, ±1 step accepted and ±2 refused, recovery codes single use and regenerated, and a
//! reset that demands the factor.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::{Browser, Page, TestApp};
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};
use totp_rs::{Algorithm, Secret, Totp};

use crate::customer;

/// The authenticator app of the test: computes codes from the key the page shows.
struct App(Totp);

impl App {
    fn from_page(page: &Page) -> Self {
        let start = page.body.find("id=\"totp-key\">").unwrap() + "id=\"totp-key\">".len();
        let key: String = page.body[start..]
            .split('<')
            .next()
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let secret = Secret::try_from_base32(&key).unwrap();
        Self(
            totp_rs::Builder::new()
                .with_algorithm(Algorithm::SHA1)
                .with_secret(secret)
                .build_noncompliant(),
        )
    }

    fn code(&self, at: OffsetDateTime) -> String {
        self.0
            .generate(u64::try_from(at.unix_timestamp()).unwrap())
            .to_string()
    }
}

/// Enrols the app for Camille; returns it and her recovery codes.
async fn enrol(app: &TestApp, browser: &mut Browser) -> (App, Vec<String>) {
    let started = browser
        .submit("/account/security", "/account/totp/start", &[])
        .await;
    assert_eq!(started.location(), Some("/account/totp"));
    let page = browser.get("/account/totp").await;
    assert!(page.body.contains("<svg"), "an inline QR code");
    let authenticator = App::from_page(&page);
    let wrong = browser
        .submit(
            "/account/totp",
            "/account/totp/confirm",
            &[("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = authenticator.code(app.clock.now_utc());
    let done = browser
        .submit("/account/totp", "/account/totp/confirm", &[("code", &code)])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes: Vec<String> = done
        .body
        .match_indices("<li><code>")
        .map(|(i, _)| done.body[i + 10..i + 29].to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (authenticator, codes)
}

trait Now {
    fn now_utc(&self) -> OffsetDateTime;
}

impl Now for abri_domain::ManualClock {
    fn now_utc(&self) -> OffsetDateTime {
        abri_domain::Clock::now(self)
    }
}

/// Password, then the second step; returns the final answer.
async fn sign_in_with(app: &TestApp, code: &str) -> (Browser, Page) {
    let mut browser = app.browser();
    let first = browser.sign_in("C10000001", DEMO_PASSWORD).await;
    assert_eq!(first.location(), Some("/login/second-factor"));
    let page = browser
        .submit(
            "/login/second-factor",
            "/login/second-factor",
            &[("code", code)],
        )
        .await;
    (browser, page)
}

#[tokio::test]
async fn the_app_is_enrolled_and_required_at_sign_in_with_replays_refused() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let (authenticator, _) = enrol(&app, &mut camille).await;
    app.clock.advance(Duration::seconds(30));
    let code = authenticator.code(app.clock.now_utc());
    let (mut browser, page) = sign_in_with(&app, &code).await;
    assert_eq!(page.location(), Some("/"), "{}", page.body);
    assert!(browser.get("/").await.body.contains("Bonjour Camille"));

    // The same code again is a replay: refused, recorded and e-mailed.
    let (_, replay) = sign_in_with(&app, &code).await;
    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(replay.body.contains("déjà servi"));
    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(30).await.unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.subject.as_deref() == Some("Code de vérification réutilisé"))
    );
    assert!(
        mails
            .iter()
            .any(|m| m.subject.as_deref() == Some("Vérification en deux étapes activée"))
    );
    assert!(
        mails
            .iter()
            .any(|m| m.subject.as_deref() == Some("Tentative de connexion à votre compte"))
    );
    let id = customer(&app, "C10000001").await.id;
    let trail = app.app.db.audit_of(id, 50).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "totp_replay"));
    assert!(trail.iter().any(|e| e.action == "factor_added"));
    assert!(
        trail.iter().all(|e| !format!("{e:?}").contains(&code)),
        "no code in the audit"
    );
    app.stop().await;
}

#[tokio::test]
async fn one_step_of_drift_is_accepted_two_are_not() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let (authenticator, _) = enrol(&app, &mut camille).await;
    for (offset, accepted) in [(-60, false), (60, false), (-30, true), (30, true)] {
        app.clock.advance(Duration::minutes(5));
        let at = app.clock.now_utc();
        let code = authenticator.code(at + Duration::seconds(offset));
        let (_, page) = sign_in_with(&app, &code).await;
        assert_eq!(
            page.status == StatusCode::SEE_OTHER,
            accepted,
            "offset {offset}s: {}",
            page.status
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn recovery_codes_work_once_and_regenerating_voids_the_old_set() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let (authenticator, codes) = enrol(&app, &mut camille).await;
    let (_, page) = sign_in_with(&app, &codes[0].to_lowercase()).await;
    assert_eq!(
        page.location(),
        Some("/"),
        "a recovery code, typed in lower case"
    );
    let (_, again) = sign_in_with(&app, &codes[0]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "single use");
    app.clock.advance(Duration::seconds(30));
    let code = authenticator.code(app.clock.now_utc());
    let page = camille
        .submit(
            "/account/security",
            "/account/recovery-codes",
            &[("code", &code)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Vos codes de secours"));
    let (_, old) = sign_in_with(&app, &codes[1]).await;
    assert_eq!(
        old.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old set is void"
    );
    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(30).await.unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.subject.as_deref() == Some("Un code de secours a été utilisé"))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_reset_of_an_account_with_the_app_demands_it() {
    let app = TestApp::demo().await;
    let mut sophie = app.signed_in("sophie.dubois@example.fr").await;
    let started = sophie
        .submit("/account/security", "/account/totp/start", &[])
        .await;
    assert_eq!(started.location(), Some("/account/totp"));
    let authenticator = App::from_page(&sophie.get("/account/totp").await);
    let code = authenticator.code(app.clock.now_utc());
    sophie
        .submit("/account/totp", "/account/totp/confirm", &[("code", &code)])
        .await;

    let mut reset = app.browser();
    let link = app.reset_link("C10000003").await;
    reset.submit(&link, &link, &[]).await;
    let step = reset.get("/password/reset").await;
    assert!(
        step.body.contains("Vérification en deux étapes"),
        "the factor comes first: {}",
        step.body
    );
    let new = "Girouette-Verte-Sur-Le-Toit";
    let early = reset
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", new), ("new_password_again", new)],
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::FORBIDDEN,
        "no new password before the factor"
    );
    app.clock.advance(Duration::seconds(30));
    let code = authenticator.code(app.clock.now_utc());
    let proven = reset
        .submit(
            "/password/reset",
            "/password/reset/factor",
            &[("code", &code)],
        )
        .await;
    assert_eq!(proven.location(), Some("/password/reset"));
    let done = reset
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", new), ("new_password_again", new)],
        )
        .await;
    assert_eq!(done.location(), Some("/"));
    app.stop().await;
}
