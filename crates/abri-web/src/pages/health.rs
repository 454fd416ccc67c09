//! `/healthz` (the process answers), `/readyz` (the database answers), `/metrics`.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::WebState;

/// Liveness: no IO. The response's header map is made at the size the frame fills, not grown
/// to it (BENCHMARKS.md B4: every load balancer's probe pays it).
pub(crate) async fn healthz() -> Response {
    let mut response = Response::new(Body::from("ok"));
    let headers = response.headers_mut();
    *headers = crate::frame::header_map();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Readiness: the database answers.
pub(crate) async fn readyz(State(state): State<WebState>) -> Response {
    match state.app.db.ping().await {
        Ok(()) => ([(CONTENT_TYPE, "text/plain; charset=utf-8")], "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Prometheus text format.
pub(crate) async fn metrics(State(state): State<WebState>) -> Response {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}
