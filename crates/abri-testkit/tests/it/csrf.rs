//! CSRF: the synchronizer token and the origin check, on every form.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn forms_without_or_with_a_wrong_token_are_refused() {
    let app = TestApp::demo().await;
    let mut anonymous = app.browser();
    anonymous.get("/login").await;
    let fields = [("identifier", "C10000001"), ("password", DEMO_PASSWORD)];
    let page = anonymous.post("/login", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "no token");
    assert!(
        page.body.contains("Ce formulaire a expiré"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"C10000001\""),
        "what was typed is kept"
    );
    assert!(!anonymous.cookies.contains_key("abri_session"));
    // The form shown again carries a good token: sending it again works.
    let retry = page.csrf().unwrap();
    let mut again = vec![("csrf", retry.as_str())];
    again.extend_from_slice(&fields);
    assert_eq!(
        anonymous.post("/login", &again).await.status,
        StatusCode::SEE_OTHER
    );
    let mut anonymous = app.browser();
    anonymous.get("/login").await;
    let mut with_wrong = vec![("csrf", "bm90LXRoZS10b2tlbg")];
    with_wrong.extend_from_slice(&fields);
    assert_eq!(
        anonymous.post("/login", &with_wrong).await.status,
        StatusCode::FORBIDDEN
    );

    let mut camille = app.signed_in("C10000001").await;
    let stale = camille.get("/").await.csrf().unwrap();
    for (action, extra) in [("/logout", None), ("/language", Some(("lang", "en")))] {
        let mut form = vec![("csrf", "")];
        form.extend(extra);
        assert_eq!(
            camille.post(action, &form).await.status,
            StatusCode::FORBIDDEN,
            "{action}"
        );
    }
    // A token from another visitor's page does not work either.
    let foreign = app.browser().get("/login").await.csrf().unwrap();
    assert_eq!(
        camille.post("/logout", &[("csrf", &foreign)]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        camille.post("/logout", &[("csrf", &stale)]).await.status,
        StatusCode::SEE_OTHER
    );
    app.stop().await;
}

#[tokio::test]
async fn cross_site_requests_are_refused_even_with_a_token() {
    let app = TestApp::demo().await;
    for (header, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let mut browser = app.browser();
        let token = browser.get("/login").await.csrf().unwrap();
        browser.extra.push((header.into(), value.into()));
        let page = browser
            .post(
                "/login",
                &[
                    ("csrf", &token),
                    ("identifier", "C10000001"),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{header}: {value}");
        assert!(!browser.cookies.contains_key("abri_session"));
    }
    // Same-origin requests as a browser sends them pass.
    let mut browser = app.browser();
    let token = browser.get("/login").await.csrf().unwrap();
    browser
        .extra
        .push(("sec-fetch-site".into(), "same-origin".into()));
    let page = browser
        .post(
            "/login",
            &[
                ("csrf", &token),
                ("identifier", "C10000001"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    app.stop().await;
}

#[tokio::test]
async fn a_form_post_of_another_type_is_refused() {
    let app = TestApp::demo().await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/login", app.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    app.stop().await;
}
