//! Security headers on every response, error pages included (SECURITY.md 21).

use abri_testkit::{Page, TestApp};
use reqwest::StatusCode;

/// The headers that do not vary between runs, one `name: value` a line, sorted.
fn snapshot(page: &Page) -> String {
    let mut lines: Vec<String> = page
        .headers
        .iter()
        .filter(|(name, _)| {
            !["date", "x-request-id", "content-length", "set-cookie"].contains(&name.as_str())
        })
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
        .collect();
    lines.sort();
    lines.join("\n")
}

/// The security headers plus `extra`, as `snapshot` writes them.
fn expected(extra: &[&str]) -> String {
    let mut lines: Vec<&str> = SECURITY.lines().chain(extra.iter().copied()).collect();
    lines.sort_unstable();
    lines.join("\n")
}

const SECURITY: &str = "\
content-security-policy: default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; img-src 'self' data:
cross-origin-opener-policy: same-origin
permissions-policy: camera=(), microphone=(), geolocation=(), payment=()
referrer-policy: no-referrer
x-content-type-options: nosniff
x-frame-options: DENY";

#[tokio::test]
async fn header_snapshots() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;

    let page = camille.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        snapshot(&page),
        expected(&[
            "cache-control: no-store",
            "content-type: text/html; charset=utf-8",
            "vary: accept-encoding"
        ])
    );
    assert_eq!(page.header("x-request-id").map(str::len), Some(32));

    let missing = camille.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        snapshot(&missing),
        expected(&[
            "cache-control: no-store",
            "content-type: text/html; charset=utf-8",
            "vary: accept-encoding"
        ])
    );
    let request_id = missing.header("x-request-id").unwrap().to_owned();
    assert!(
        missing.body.contains(&request_id),
        "the error page shows its request id"
    );

    let health = camille.get("/healthz").await;
    assert_eq!(health.body, "ok");
    assert_eq!(
        snapshot(&health),
        expected(&[
            "cache-control: no-store",
            "content-type: text/plain; charset=utf-8"
        ])
    );

    let forbidden = app.browser().post("/logout", &[("csrf", "x")]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(
        snapshot(&forbidden),
        expected(&[
            "cache-control: no-store",
            "content-type: text/html; charset=utf-8",
            "vary: accept-encoding"
        ])
    );

    for header in ["server", "x-powered-by", "strict-transport-security"] {
        assert!(
            page.header(header).is_none(),
            "{header} must not be sent over plain HTTP"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn assets_are_cached_by_content_hash() {
    let app = TestApp::demo().await;
    let mut browser = app.browser();
    let login = browser.get("/login").await;
    let start = login.body.find("/assets/style.").unwrap();
    let href: String = login.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let css = browser.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), Some("text/css"));
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(css.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        browser.get("/assets/style.css").await.status,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

#[tokio::test]
async fn pages_are_compressed_and_live_streams_are_not() {
    let app = TestApp::demo().await;
    let camille = app.signed_in("C10000001").await;
    let cookie: Vec<String> = camille
        .cookies
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    let client = reqwest::Client::new();
    let fetch = |path: &str, encoding: &str| {
        client
            .get(format!("{}{path}", app.base))
            .header("cookie", cookie.join("; "))
            .header("accept-encoding", encoding)
            .send()
    };
    let plain = fetch("/", "identity").await.unwrap();
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain = plain.bytes().await.unwrap();
    assert!(plain.windows(7).any(|w| w == b"Camille"), "the dashboard");
    for encoding in ["br", "gzip"] {
        let packed = fetch("/", encoding).await.unwrap();
        assert_eq!(packed.status(), StatusCode::OK);
        assert_eq!(
            packed.headers().get("content-encoding").unwrap(),
            encoding,
            "{encoding}"
        );
        let packed = packed.bytes().await.unwrap();
        assert!(
            packed.len() * 2 < plain.len(),
            "{encoding}: {} of {}",
            packed.len(),
            plain.len()
        );
    }
    let stream = fetch("/events", "br, gzip").await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(
        stream.headers().get("content-encoding"),
        None,
        "events must reach the page at once"
    );
    // What applies to a stream that is not a document; six headers at most (hyper writes the
    // date and the chunking itself), the smallest header map hyper keeps for a connection's
    // life (BENCHMARKS.md B7).
    let mut sent: Vec<String> = stream
        .headers()
        .iter()
        .filter(|(name, _)| !["date", "transfer-encoding"].contains(&name.as_str()))
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
        .collect();
    sent.sort();
    assert_eq!(
        sent.join("\n"),
        "cache-control: no-store
content-security-policy: default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; img-src 'self' data:
content-type: text/event-stream
referrer-policy: no-referrer
x-content-type-options: nosniff"
    );
    drop(stream);
    app.stop().await;
}
