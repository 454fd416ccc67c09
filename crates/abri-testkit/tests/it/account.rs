//! Changing the password: current one required, the policy with a message per refusal, other
//! sessions ended, a confirmation e-mail, an audit record without secrets.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::TestApp;
use reqwest::StatusCode;

use crate::customer;

const NEW: &str = "🏠 ma maison 🔐 bien gardée 🐕";

#[tokio::test]
async fn each_refusal_has_its_message_and_nothing_changes() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let cases: [(&str, &str, &str, &str); 7] = [
        ("", NEW, NEW, "Ce champ est obligatoire."),
        (
            "Wrong-password-123",
            NEW,
            NEW,
            "Le mot de passe actuel est incorrect.",
        ),
        (
            DEMO_PASSWORD,
            "Zk4!pQ9@wL2",
            "Zk4!pQ9@wL2",
            "au moins 12 caractères",
        ),
        (
            DEMO_PASSWORD,
            &"Zk4!pQ9@wL2#".repeat(11)[..129],
            &"Zk4!pQ9@wL2#".repeat(11)[..129],
            "128 caractères",
        ),
        (
            DEMO_PASSWORD,
            "1q2w3e4r5t6y",
            "1q2w3e4r5t6y",
            "trop courant",
        ),
        (
            DEMO_PASSWORD,
            "mon-C10000001-secret!",
            "mon-C10000001-secret!",
            "ni votre numéro client",
        ),
        (
            DEMO_PASSWORD,
            NEW,
            "autre chose encore 123",
            "pas identiques",
        ),
    ];
    for (current, new, again, message) in cases {
        let page = camille
            .submit(
                "/account/password",
                "/account/password",
                &[
                    ("current_password", current),
                    ("new_password", new),
                    ("new_password_again", again),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(
            page.body.contains(message),
            "expected {message:?} in {}",
            page.body
        );
        assert!(
            !page.body.contains(&format!("value=\"{new}\"")),
            "passwords are never sent back"
        );
    }
    let mut again = app.browser();
    again.sign_in("C10000001", DEMO_PASSWORD).await;
    app.stop().await;
}

#[tokio::test]
async fn a_new_password_ends_other_sessions_and_is_confirmed_by_email() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let mut other_device = app.signed_in("camille.martin@example.fr").await;
    let before = camille.cookies["abri_session"].clone();
    let page = camille
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", NEW),
                ("new_password_again", NEW),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), Some("/account?done=password"));
    assert_ne!(
        camille.cookies["abri_session"], before,
        "the session id changes"
    );
    let account = camille.get("/account?done=password").await;
    assert!(account.body.contains("Votre mot de passe a été modifié"));
    assert_eq!(
        other_device.get("/").await.location(),
        Some("/login"),
        "other sessions ended"
    );
    let mut thief = app.browser();
    thief.cookies.insert("abri_session".into(), before);
    assert_eq!(
        thief.get("/").await.location(),
        Some("/login"),
        "the old id is dead too"
    );

    let mut fresh = app.browser();
    let refused = fresh
        .submit(
            "/login",
            "/login",
            &[("identifier", "C10000001"), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password no longer works"
    );
    app.clock.advance(time::Duration::seconds(1)); // the delay after a failure
    fresh.sign_in("C10000001", NEW).await;

    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(10).await.unwrap();
    let changed: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.as_deref() == Some("Votre mot de passe a été modifié"))
        .collect();
    assert_eq!(changed.len(), 1, "one confirmation");
    let mail = changed[0].clone();
    assert_eq!(mail.recipient, "camille.martin@example.fr");
    assert_eq!(
        mail.subject.as_deref(),
        Some("Votre mot de passe a été modifié")
    );
    assert!(
        mail.body_text.contains("27/11/2026 09:00 UTC"),
        "{}",
        mail.body_text
    );
    assert!(
        !mail.body_text.contains(NEW) && !mail.body_html.unwrap().contains("maison 🔐"),
        "never the password"
    );

    let camille_id = customer(&app, "C10000001").await.id;
    let trail = app.app.db.audit_of(camille_id, 20).await.unwrap();
    let change = trail
        .iter()
        .find(|e| e.action == "password_change")
        .unwrap();
    assert_eq!(change.result, "success");
    assert!(
        trail.iter().all(|e| !format!("{e:?}").contains("maison")),
        "no secret in the audit"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_password_pages_need_a_session() {
    let app = TestApp::demo().await;
    let mut stranger = app.browser();
    assert_eq!(
        stranger.get("/account/password").await.location(),
        Some("/login")
    );
    assert_eq!(stranger.get("/account").await.location(), Some("/login"));
    let page = stranger
        .submit("/login", "/account/password", &[("current_password", "x")])
        .await;
    assert_eq!(page.location(), Some("/login"));
    app.stop().await;
}

#[tokio::test]
async fn the_strength_meter_answers_with_the_policy() {
    let app = TestApp::demo().await;
    let client = reqwest::Client::new();
    let ask = |password: &str, cookie: Option<String>| {
        let mut request = client
            .post(format!("{}/password/strength", app.base))
            .header("content-type", "application/json")
            .body(serde_json::json!({ "password": password }).to_string());
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    let answer: serde_json::Value = ask("azerty", None).await.unwrap().json().await.unwrap();
    assert_eq!(answer["accepted"], false);
    assert_eq!(
        answer["message"],
        "Le mot de passe doit contenir au moins 12 caractères."
    );
    let answer: serde_json::Value = ask(NEW, None).await.unwrap().json().await.unwrap();
    assert_eq!(
        (answer["accepted"].as_bool(), answer["score"].as_u64()),
        (Some(true), Some(4))
    );
    let camille = app.signed_in("C10000001").await;
    let cookie = format!("abri_session={}", camille.cookies["abri_session"]);
    let answer: serde_json::Value = ask("mon-C10000001-secret!", Some(cookie))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer["accepted"], false,
        "the account's own words count: {answer}"
    );
    let wrong_type = client
        .post(format!("{}/password/strength", app.base))
        .header("content-type", "text/plain")
        .body("password=x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    app.stop().await;
}

#[tokio::test]
async fn sensitive_pages_need_a_fresh_proof_that_expires_after_ten_minutes() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    assert_eq!(
        camille.get("/account/password").await.status,
        StatusCode::OK,
        "fresh from sign-in"
    );
    app.clock
        .advance(time::Duration::minutes(10) + time::Duration::seconds(1));
    let page = camille.get("/account/password").await;
    assert_eq!(
        page.location(),
        Some("/account/confirm?next=/account/password")
    );
    let post = camille.submit("/account", "/account/totp/start", &[]).await;
    assert_eq!(
        post.location(),
        Some("/account/confirm?next=/account/security"),
        "posts are guarded too"
    );
    let wrong = camille
        .submit(
            "/account/confirm?next=/account/password",
            "/account/confirm",
            &[
                ("password", "Wrong-password-123"),
                ("next", "/account/password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Le mot de passe actuel est incorrect."));
    let right = camille
        .submit(
            "/account/confirm?next=/account/password",
            "/account/confirm",
            &[("password", DEMO_PASSWORD), ("next", "/account/password")],
        )
        .await;
    assert_eq!(right.location(), Some("/account/password"));
    assert_eq!(
        camille.get("/account/password").await.status,
        StatusCode::OK
    );
    let outside = camille
        .submit(
            "/account/confirm",
            "/account/confirm",
            &[
                ("password", DEMO_PASSWORD),
                ("next", "https://evil.example"),
            ],
        )
        .await;
    assert_eq!(outside.location(), Some("/"), "only local paths");
    app.clock.advance(time::Duration::minutes(11));
    assert!(
        camille
            .get("/account/password")
            .await
            .location()
            .unwrap()
            .starts_with("/account/confirm")
    );
    let id = customer(&app, "C10000001").await.id;
    let trail = app.app.db.audit_of(id, 30).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "reauthentication")
            .count(),
        3
    );
    app.stop().await;
}
