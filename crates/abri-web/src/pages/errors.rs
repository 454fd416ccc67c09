//! The error page (drawn by `middleware::ErrorPagesLayer`) and the router's fallback.

use askama::Template;
use axum::http::StatusCode;

use crate::Ctx;
use crate::error::PageError;

/// A full error page with the request id.
#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    ctx: &'a Ctx,
    status: u16,
    title: String,
    explanation: String,
}

impl<'a> ErrorPage<'a> {
    pub(crate) fn new(ctx: &'a Ctx, status: StatusCode) -> Self {
        let code = status.as_u16();
        let known = [400, 403, 404, 405, 413, 415, 429, 500, 503].contains(&code);
        let (title, text) = if known {
            (
                ctx.t(&format!("error-{code}-title")),
                ctx.t(&format!("error-{code}-text")),
            )
        } else {
            (ctx.t("error-title"), ctx.t("error-text"))
        };
        Self {
            ctx,
            status: code,
            title,
            explanation: text,
        }
    }
}

/// Any path no route knows.
pub(crate) async fn not_found() -> PageError {
    PageError(abri_app::AppError::NotFound)
}
