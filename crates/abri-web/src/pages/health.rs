//! `/healthz` (the process answers), `/readyz` (the database answers), `/metrics`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::WebState;

/// Liveness: no IO.
pub(crate) async fn healthz() -> Response {
    ([(CONTENT_TYPE, "text/plain; charset=utf-8")], "ok").into_response()
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
