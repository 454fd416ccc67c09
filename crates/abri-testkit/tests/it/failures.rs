//! Faults on our side: a page, a request id, never a crash or a stack trace.

use abri_testkit::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn a_database_outage_gives_the_error_page_and_readyz_says_so() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    app.app.db.close().await;
    let page = camille.get("/").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains("Erreur de notre côté"), "{}", page.body);
    let request_id = page.header("x-request-id").unwrap();
    assert!(page.body.contains(request_id));
    assert!(
        !page.body.to_lowercase().contains("sqlx"),
        "no internals leak"
    );
    assert!(page.header("content-security-policy").is_some());
    let ready = camille.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        camille.get("/healthz").await.status,
        StatusCode::OK,
        "the process itself is alive"
    );
    app.stop().await;
}
