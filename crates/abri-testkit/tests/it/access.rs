//! Authorization: a customer reaches only their own homes and contracts.

use abri_testkit::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn another_customers_home_or_contract_is_not_found() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("camille.martin@example.fr").await;
    let mut julien = app.signed_in("julien.bernard@example.fr").await;
    let dashboard = camille.get("/").await;
    let mut theirs = dashboard.links("/homes/");
    theirs.retain(|link| link != "/homes/requests"); // everyone's own page, no id
    theirs.extend(dashboard.links("/contracts/"));
    theirs.dedup();
    assert!(
        theirs.len() >= 5,
        "Camille has 2 homes and 3 contracts: {theirs:?}"
    );
    for path in &theirs {
        assert_eq!(camille.get(path).await.status, StatusCode::OK, "{path}");
        let page = julien.get(path).await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "{path} must be hidden from Julien"
        );
        assert!(page.body.contains("Page introuvable"));
        assert!(!page.body.contains("Lilas"), "nothing of Camille's leaks");
    }
    app.stop().await;
}

#[tokio::test]
async fn pages_need_a_session() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let home = camille.get("/").await.links("/homes/").remove(0);
    let mut stranger = app.browser();
    for path in ["/", home.as_str()] {
        let page = stranger.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), Some("/login"));
    }
    app.stop().await;
}
