//! Garbage in any field or URL segment gives a message or a 404, never a 500.

use abri_testkit::TestApp;
use reqwest::StatusCode;

const GARBAGE: &[&str] = &[
    "",
    " ",
    "'; DROP TABLE customers; --",
    "<script>alert(1)</script>",
    "%00",
    "\u{0}",
    "é\u{301}",
    "C1000000１",
    "../../etc/passwd",
    "\u{202e}gnp.exe",
    "00000000-0000-0000-0000-000000000000",
    "01a21d1f-4e4f-76a1-9d78-b0201bca92ed",
    "🏠🏠🏠",
    "a@b@c",
    "@",
    "C",
    "%ZZ",
];

#[tokio::test]
async fn garbage_in_forms_never_fails_the_server() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let long = "x".repeat(10_000);
    let mut values: Vec<&str> = GARBAGE.to_vec();
    values.push(&long);
    for value in values {
        let page = browser
            .submit(
                "/login",
                "/login",
                &[("identifier", value), ("password", value)],
            )
            .await;
        assert!(
            page.status == StatusCode::UNPROCESSABLE_ENTITY || page.status == StatusCode::SEE_OTHER,
            "{value:?} gave {}",
            page.status
        );
        assert!(!page.body.contains("<script>alert"), "input is escaped");
        let page = browser
            .submit("/login", "/language", &[("lang", value), ("next", value)])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{value:?}");
    }
    let huge = "y".repeat(100_000);
    let page = browser
        .submit("/login", "/login", &[("identifier", &huge)])
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("Envoi trop volumineux"));
    app.stop().await;
}

#[tokio::test]
async fn garbage_in_paths_is_not_found() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    for segment in GARBAGE.iter().filter(|s| !s.is_empty()) {
        let encoded: String = segment.bytes().map(|b| format!("%{b:02X}")).collect();
        for area in ["homes", "contracts"] {
            let page = camille.get(&format!("/{area}/{encoded}")).await;
            assert!(
                page.status == StatusCode::NOT_FOUND || page.status == StatusCode::BAD_REQUEST,
                "/{area}/{segment:?} gave {}",
                page.status
            );
            assert!(
                page.body.contains("<html"),
                "an error page, not a bare status"
            );
        }
    }
    assert_eq!(camille.get("/homes/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        camille.get("/login?next=%ZZ").await.status,
        StatusCode::SEE_OTHER
    );
    let page = camille.post("/", &[("a", "b")]).await;
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(page.body.contains("Action impossible"));
    app.stop().await;
}
