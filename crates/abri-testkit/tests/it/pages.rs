//! What a customer sees: dashboard, home, contract, language switch, error pages, health.

use abri_testkit::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn dashboard_home_and_contract_show_the_customers_data() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let dashboard = camille.get("/").await;
    for text in [
        "Maison de Lyon",
        "Appartement de Paris",
        "12 rue des Lilas, 69003 Lyon",
        "MRH-2023-004512",
        "TLS-2024-000231",
        "Télésurveillance",
        "34,90\u{a0}€ / mois",
        "Actif",
        "Prochaine échéance le 09/12/2026",
        "2 logements protégés · 3 contrats",
    ] {
        assert!(dashboard.body.contains(text), "dashboard lacks {text:?}");
    }
    // One home, one contract: the singular, in English (the counts were once given as text,
    // which Fluent's `[one]` never matches: "1 protected homes · 1 contracts").
    let mut sophie = app.signed_in("C10000003").await;
    let english = sophie.get("/").await;
    assert!(
        english.body.contains("One protected home · one contract"),
        "{}",
        english.body
    );
    let lyon = dashboard.links("/homes/").into_iter().next().unwrap();
    let home = camille.get(&lyon).await;
    for text in [
        "Équipements installés",
        "Centrale d’alarme",
        "Porte d’entrée, baie vitrée, garage",
        "MRH-2023-004512",
    ] {
        assert!(home.body.contains(text), "home page lacks {text:?}");
    }
    assert!(
        !home.body.contains("MRH-2025-010877"),
        "the Paris contract is not on the Lyon page"
    );
    let mrh = home.links("/contracts/").into_iter().next().unwrap();
    let contract = camille.get(&mrh).await;
    for text in [
        "Dégât des eaux",
        "50\u{202f}000,00\u{a0}€",
        "150,00\u{a0}€",
        "Responsabilité civile",
        "Illimité",
        "Options souscrites",
        "Objets de valeur",
        "+5,90\u{a0}€ / mois",
        "Options disponibles",
        "Protection juridique",
    ] {
        assert!(contract.body.contains(text), "contract page lacks {text:?}");
    }
    let available = contract.body.split("Options disponibles").nth(1).unwrap();
    assert!(
        !available.contains("Objets de valeur"),
        "a subscribed option is not offered again"
    );
    app.stop().await;
}

#[tokio::test]
async fn language_switch_and_profile_language() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let dashboard = camille.get("/").await;
    let token = dashboard.csrf().unwrap();
    let switched = camille
        .post(
            "/language",
            &[("csrf", &token), ("lang", "en"), ("next", "/")],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), Some("/"));
    let english = camille.get("/").await;
    assert!(english.body.contains("Hello Camille"), "{}", english.body);
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english.body.contains("€34.90 / month"));
    // Remembered in the profile: a new browser signing in gets English without the cookie.
    let mut other = app.signed_in("C10000001").await;
    assert!(other.get("/").await.body.contains("Hello Camille"));
    // An open redirect is not possible.
    let token = english.csrf().unwrap();
    let page = camille
        .post(
            "/language",
            &[
                ("csrf", &token),
                ("lang", "fr"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(page.location(), Some("/"));
    // Sophie's profile says English.
    let mut sophie = app.signed_in("sophie.dubois@example.fr").await;
    assert!(sophie.get("/").await.body.contains("Hello Sophie"));
    app.stop().await;
}

#[tokio::test]
async fn accept_language_chooses_for_visitors() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    assert!(
        browser
            .get("/login")
            .await
            .body
            .contains("Connexion à votre espace client")
    );
    browser
        .extra
        .push(("accept-language".into(), "en-GB,en;q=0.9".into()));
    assert!(
        browser
            .get("/login")
            .await
            .body
            .contains("Sign in to your customer space")
    );
    let missing = browser.get("/nowhere").await;
    assert!(missing.body.contains("Page not found"));
    // Signed in, with nothing chosen by cookie or asked by the browser, an error page is in
    // the customer's own language (Sophie's is English), as her pages are.
    let mut sophie = app.signed_in("C10000003").await;
    let missing = sophie.get("/nowhere").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    assert!(missing.body.contains("<html lang=\"en\""));
    // …and keeps her navigation and a working sign-out, as her pages do.
    assert!(
        missing.body.contains("class=\"main-nav\""),
        "{}",
        missing.body
    );
    assert!(missing.body.contains("action=\"/logout\""));
    assert!(!missing.body.contains("aria-current"), "{}", missing.body);
    let token = missing.csrf().expect("the sign-out form's token");
    let out = sophie.post("/logout", &[("csrf", &token)]).await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(sophie.get("/").await.location(), Some("/login"));
    let mut camille = app.signed_in("C10000001").await;
    assert!(
        camille
            .get("/nowhere")
            .await
            .body
            .contains("Page introuvable")
    );
    app.stop().await;
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    assert_eq!(browser.get("/healthz").await.body, "ok");
    assert_eq!(browser.get("/readyz").await.body, "ready");
    assert!(browser.get("/login").await.body.contains("<form"));
    assert_eq!(browser.get("/nowhere").await.status, 404);
    let metrics = browser.get("/metrics").await;
    // Requests are counted and timed by status (handles registered once per process).
    for name in [
        "abri_http_requests_total{status=\"200\"}",
        "abri_http_requests_total{status=\"404\"}",
        "abri_http_request_seconds_count{status=\"404\"}",
        "abri_page_render_seconds_count",
    ] {
        assert!(metrics.body.contains(name), "{name}: {}", metrics.body);
    }
    app.stop().await;
}
