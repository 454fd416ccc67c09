//! The audit trail (SECURITY.md 25): one row per security event, each with time, account, IP,
//! browser, action, result and method, and never a password, code or token.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

#[tokio::test]
async fn security_events_are_recorded_without_secrets() {
    let app = TestApp::demo().await;
    let mut secrets: Vec<String> = vec![DEMO_PASSWORD.into(), "Wrong-password-123".into()];

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
    app.clock.advance(Duration::seconds(1));
    let mut camille = app.signed_in("C10000001").await;
    let mut other = app.signed_in("C10000001").await;
    secrets.push(camille.cookies["abri_session"].clone());
    secrets.push(camille.cookies["abri_device"].clone());
    secrets.push(other.cookies["abri_session"].clone());
    camille
        .submit("/account/security", "/account/sessions/revoke-others", &[])
        .await;
    let changed = "Un-nouveau-mot-de-passe-solide";
    secrets.push(changed.into());
    let page = camille
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", changed),
                ("new_password_again", changed),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    camille.submit("/", "/logout", &[]).await;
    assert_eq!(other.get("/").await.location(), Some("/login"));

    // The reset journey: a token and an SMS code pass through; neither may be recorded.
    let mut reset = app.browser();
    let link = app.reset_link("C10000001").await;
    secrets.push(link.trim_start_matches("/password/reset/").to_owned());
    reset.submit(&link, &link, &[]).await;
    secrets.push(reset.cookies["abri_reset"].clone());
    let code = app.last_sms_code().await;
    secrets.push(code.clone());
    reset
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", "000000")],
        )
        .await;
    reset
        .submit(
            "/password/reset",
            "/password/reset/code",
            &[("code", &code)],
        )
        .await;
    let last = "Girouette-Verte-Sur-Le-Toit";
    secrets.push(last.into());
    let done = reset
        .submit(
            "/password/reset",
            "/password/reset",
            &[("new_password", last), ("new_password_again", last)],
        )
        .await;
    assert_eq!(done.location(), Some("/"));

    let trail = app.app.db.audit_all(500).await.unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    for expected in [
        "sign_in",
        "session_revoked",
        "password_change",
        "sign_out",
        "reset_requested",
        "reset_sms_code",
        "reset_completed",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} is recorded: {actions:?}"
        );
    }
    for event in &trail {
        assert!(event.at.is_some() && !event.action.is_empty() && !event.result.is_empty());
        if event.action == "sign_in" {
            assert!(event.method.is_some(), "sign-ins say how");
        }
        let text = format!("{event:?}");
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{secret:?} leaked into {text}"
            );
        }
    }
    let failures = trail
        .iter()
        .filter(|e| e.action == "sign_in" && e.result == "failure")
        .count();
    assert_eq!(failures, 1, "one row per failed sign-in");
    app.stop().await;
}
