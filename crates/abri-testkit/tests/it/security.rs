//! The security page: sessions listed and revoked (only one's own), sign-in history, and the
//! e-mail about a sign-in from a new device.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::TestApp;
use reqwest::StatusCode;

use crate::customer;

#[tokio::test]
async fn sessions_are_listed_and_revoked_one_or_all() {
    let app = TestApp::demo().await;
    let mut laptop = app.signed_in("C10000001").await;
    let mut phone = app.signed_in("C10000001").await;
    let mut tablet = app.signed_in("C10000001").await;
    let page = laptop.get("/account/security").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("/revoke\"").count(),
        2,
        "the two other sessions can be ended"
    );
    assert!(page.body.contains("Cet appareil"));
    assert!(page.body.contains("127.0.0.1"));
    let revoke = page
        .body
        .split("action=\"/account/sessions/")
        .nth(1)
        .unwrap();
    let id = revoke.split('/').next().unwrap().to_owned();
    let token = page.csrf().unwrap();
    let done = laptop
        .post(
            &format!("/account/sessions/{id}/revoke"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(done.location(), Some("/account/security?done=revoked"));
    let (phone_out, tablet_out) = (
        phone.get("/").await.location().is_some(),
        tablet.get("/").await.location().is_some(),
    );
    assert!(
        phone_out ^ tablet_out,
        "exactly one of the others was signed out"
    );
    let done = laptop
        .submit("/account/security", "/account/sessions/revoke-others", &[])
        .await;
    assert_eq!(done.location(), Some("/account/security?done=others"));
    assert_eq!(phone.get("/").await.location(), Some("/login"));
    assert_eq!(tablet.get("/").await.location(), Some("/login"));
    assert_eq!(
        laptop.get("/").await.status,
        StatusCode::OK,
        "the current one stays"
    );
    let camille = customer(&app, "C10000001").await;
    let trail = app.app.db.audit_of(camille.id, 30).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "session_revoked")
            .count(),
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn a_customer_cannot_see_or_revoke_anothers_sessions() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let mut julien = app.signed_in("julien.bernard@example.fr").await;
    let julien_other = app.signed_in("julien.bernard@example.fr").await;
    let theirs = julien.get("/account/security").await;
    let id = theirs
        .body
        .split("action=\"/account/sessions/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mine = camille.get("/account/security").await;
    assert!(
        !mine.body.contains(&id),
        "Julien's sessions are not on Camille's page"
    );
    let token = mine.csrf().unwrap();
    let page = camille
        .post(
            &format!("/account/sessions/{id}/revoke"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let mut julien_other = julien_other;
    assert_eq!(
        julien_other.get("/").await.status,
        StatusCode::OK,
        "nothing was revoked"
    );
    let garbage = camille
        .post("/account/sessions/not-an-id/revoke", &[("csrf", &token)])
        .await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn history_shows_sign_ins_and_failures_of_the_last_ninety_days() {
    let app = TestApp::demo().await;
    let mut stranger = app.browser();
    stranger
        .submit(
            "/login",
            "/login",
            &[
                ("identifier", "C10000001"),
                ("password", "Wrong-password-123"),
            ],
        )
        .await;
    app.clock.advance(time::Duration::seconds(1)); // the delay after a failure
    let mut camille = app.signed_in("C10000001").await;
    let page = camille.get("/account/security").await;
    assert!(
        page.body.contains("Échouée") && page.body.contains("Réussie"),
        "{}",
        page.body
    );
    app.clock.advance(time::Duration::days(91));
    let mut later = app.signed_in("C10000001").await;
    let page = later.get("/account/security").await;
    assert_eq!(
        page.body.matches("Échouée").count(),
        0,
        "older than 90 days"
    );
    assert_eq!(page.body.matches("Réussie").count(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_sign_in_from_a_new_device_is_emailed_once() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    browser.sign_in("C10000001", DEMO_PASSWORD).await;
    assert!(browser.cookies.contains_key("abri_device"));
    let again = browser.cookies["abri_device"].clone();
    browser.cookies.remove("abri_session");
    browser.sign_in("C10000001", DEMO_PASSWORD).await;
    assert_eq!(
        browser.cookies["abri_device"], again,
        "the same device keeps its id"
    );
    app.browser()
        .sign_in("camille.martin@example.fr", DEMO_PASSWORD)
        .await;
    app.app.run_due_jobs().await.unwrap();
    let mails: Vec<_> = app
        .app
        .db
        .outbox_messages(20)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.as_deref() == Some("Nouvelle connexion à votre espace client"))
        .collect();
    assert_eq!(mails.len(), 2, "the first browser once, the second once");
    assert!(mails[0].body_text.contains("127.0.0.1"));
    app.stop().await;
}

#[tokio::test]
async fn passkey_endpoints_take_json_only_and_only_ones_own_keys() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie = format!("abri_session={}", camille.cookies["abri_session"]);
    let options = client
        .post(format!("{}/account/passkeys/options", app.base))
        .header("cookie", &cookie)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(options.status(), StatusCode::OK);
    let body: serde_json::Value = options.json().await.unwrap();
    assert_eq!(
        body["options"]["publicKey"]["authenticatorSelection"]["residentKey"],
        "required"
    );
    assert_eq!(body["options"]["publicKey"]["rp"]["id"], "localhost");
    let form = client
        .post(format!("{}/account/passkeys", app.base))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("ceremony=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let anonymous = client
        .post(format!("{}/account/passkeys/options", app.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.headers()["location"],
        "/login",
        "a session is needed"
    );

    let julien = customer(&app, "C10000002").await;
    let theirs = app
        .app
        .db
        .insert_passkey(
            julien.id,
            "cred",
            "{}",
            "Clé de Julien",
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let page = camille
        .submit(
            "/account/security",
            &format!("/account/passkeys/{theirs}/remove"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.app.db.passkeys_of(julien.id).await.unwrap().len(),
        1,
        "still there"
    );
    let sign_in = client
        .post(format!("{}/login/passkey/options", app.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = sign_in.json().await.unwrap();
    assert!(body["ceremony"].as_str().is_some_and(|c| c.len() == 43));
    assert!(
        body["options"]["mediation"].is_null(),
        "a button, not autofill"
    );
    app.stop().await;
}
