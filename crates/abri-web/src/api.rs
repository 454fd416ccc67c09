//! The device API: `POST /api/v1/ingest` for panels. Errors are JSON with a stable code, the
//! same [`AppError`] the pages render as HTML; every refusal is counted in `/metrics`.

use abri_app::AppError;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::WebState;

/// The largest batch body accepted.
pub const INGEST_LIMIT: usize = 256 * 1024;

/// Why the API refused a request.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// From the use case.
    App(AppError),
    /// The body is over [`INGEST_LIMIT`].
    TooLarge,
    /// Not `application/json`.
    MediaType,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the body is over {INGEST_LIMIT} bytes"),
            ),
            Self::MediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send application/json".into(),
            ),
            Self::App(AppError::DeviceInput(refusal)) => (
                if refusal.code() == "malformed_json" {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
                refusal.code(),
                refusal.to_string(),
            ),
            Self::App(AppError::Unauthenticated) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "unknown panel or wrong token".into(),
            ),
            Self::App(AppError::RateLimited) => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "slow down".into(),
            ),
            Self::App(AppError::Unavailable) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "try again shortly".into(),
            ),
            Self::App(other) => {
                tracing::error!(error = %other, "ingest failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error".into(),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        metrics::counter!("abri_ingest_refused_total", "code" => code).increment(1);
        let mut response =
            (status, Json(json!({ "error": code, "message": message }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"abri-ingest\""),
            );
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from_static("1"));
        }
        response
    }
}

/// `POST /api/v1/ingest` with `Authorization: Bearer <serial>.<token>` and a JSON batch.
pub(crate) async fn ingest(
    State(state): State<WebState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let credentials = bearer(&headers)?;
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next() == Some("application/json"));
    if !json {
        return Err(ApiError::MediaType);
    }
    let body = axum::body::to_bytes(body, INGEST_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge)?;
    let outcome = state.app.ingest(credentials, &body).await?;
    metrics::counter!("abri_ingest_events_total").increment(outcome.accepted as u64);
    metrics::counter!("abri_ingest_duplicates_total").increment(outcome.duplicates as u64);
    Ok(Json(json!({
        "accepted": outcome.accepted,
        "duplicates": outcome.duplicates,
        "state": outcome.state.word(),
    }))
    .into_response())
}

/// `GET /api/v1/ingest/commands`: a polling panel's commands, each handed over once.
pub(crate) async fn commands(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let credentials = bearer(&headers)?;
    let commands = state.app.commands_for_panel(credentials).await?;
    let list: Vec<_> = commands
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "command": c.command.word(),
                "mode": c.command.mode().map(|m| m.word()),
                "deadline": c.deadline_at.format(&time::format_description::well_known::Rfc3339).ok(),
            })
        })
        .collect();
    Ok(Json(json!({ "commands": list })).into_response())
}

fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(ApiError::App(AppError::Unauthenticated))
}
