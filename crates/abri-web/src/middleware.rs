//! Layers around the pages: the anonymous CSRF binding cookie, and full error pages for any
//! error response (the frame around every route is `frame.rs`).

use std::any::Any;
use std::sync::Arc;

use abri_domain::Language;
use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::cookies;
use crate::ctx::CtxData;
use crate::ctx::LanguageAsked;
use crate::frame::{RequestId, RequestInfo};
use crate::pages::errors::ErrorPage;
use crate::{Ctx, WebState};

/// Makes sure an anonymous visitor has the random cookie their CSRF tokens are bound to.
pub(crate) async fn csrf_cookie(
    State(state): State<WebState>,
    mut req: Request,
    next: Next,
) -> Response {
    let name = cookies::csrf_binding_name(&state.config);
    // Probes, metrics and assets carry no form: no cookie to hand out.
    let path = req.uri().path();
    let formless =
        matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/assets/");
    if formless || cookies::has(req.headers(), name) {
        return next.run(req).await;
    }
    let value = abri_app::tokens::new_secret();
    if let Ok(v) = HeaderValue::from_str(&format!("{name}={value}")) {
        req.headers_mut().append(COOKIE, v);
    }
    let mut response = next.run(req).await;
    cookies::set(
        response.headers_mut(),
        cookies::build(&state.config, name, value, None),
    );
    response
}

/// Turns any error response that is not already a page (404 from the router, 403 from the
/// origin check, 413, 500 after a panic…) into a full page in the visitor's language.
pub(crate) async fn error_pages(
    State(state): State<WebState>,
    req: Request,
    next: Next,
) -> Response {
    // Only what an error page reads: the language, read once there is an error.
    let asked = LanguageAsked::of(req.headers());
    let request_id = req
        .extensions()
        .get::<RequestInfo>()
        .map(RequestInfo::id)
        .unwrap_or_default();
    let response = next.run(req).await;
    let status = response.status();
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_page {
        return response;
    }
    let ctx = Ctx::for_error_page(&state, asked.language(&state).await, request_id);
    let page = ErrorPage::new(&ctx, status);
    let mut rendered = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, "error").into_response(),
    };
    // Keep what the inner response said about retrying and cookies.
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

/// A panic in a handler becomes a bare 500, which `error_pages` then draws.
pub(crate) fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response<Body> {
    tracing::error!("handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

impl Ctx {
    /// A context for error pages, built without touching the database.
    pub(crate) fn for_error_page(
        state: &WebState,
        lang: Option<Language>,
        request_id: RequestId,
    ) -> Self {
        let mut ctx = CtxData::bare(state, request_id);
        ctx.lang = lang.unwrap_or_default();
        Self(Arc::new(ctx))
    }
}
