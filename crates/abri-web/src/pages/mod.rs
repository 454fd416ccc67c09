//! One module per page area; each handler extracts, calls one use case, renders.

pub(crate) mod account;
pub(crate) mod alarm;
pub(crate) mod alarm_control;
pub(crate) mod alarm_history;
pub(crate) mod cancellations;
pub(crate) mod confirm;
pub(crate) mod contacts;
pub(crate) mod contracts;
pub(crate) mod dashboard;
pub(crate) mod errors;
pub(crate) mod factors;
mod form;
pub(crate) mod health;
pub(crate) mod home_requests;
pub(crate) mod homes;
pub(crate) mod instructions;
pub(crate) mod language;
pub(crate) mod live;
pub(crate) mod mandates;
pub(crate) mod options;
pub(crate) mod outbox;
pub(crate) mod passkeys;
pub(crate) mod preferences;
pub(crate) mod profile;
pub(crate) mod resets;
pub(crate) mod security;
pub(crate) mod sign_in;
pub(crate) mod strength;

use askama::Template;
use axum::body::Body;
use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::response::Response;

use crate::error::PageError;

/// Renders a template into an HTML response; the time it took goes to the metrics
/// (`abri_page_render_seconds`: BENCHMARKS.md B5 counts it as one of a page's parts).
pub(crate) fn render(page: &impl Template) -> Result<Response, PageError> {
    let started = std::time::Instant::now();
    let html = page
        .render()
        .map_err(|e| PageError(abri_app::AppError::Internal(format!("template: {e}"))))?;
    metrics::histogram!("abri_page_render_seconds").record(started.elapsed().as_secs_f64());
    let mut response = Response::new(Body::from(html));
    let headers = response.headers_mut();
    *headers = crate::frame::header_map();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(response)
}
