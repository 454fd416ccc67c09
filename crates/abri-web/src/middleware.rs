//! Layers around every route: request ids, metrics and security headers in one frame, the
//! anonymous CSRF binding cookie, and full error pages for any error response.

use std::any::Any;
use std::time::Instant;

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::cookies;
use crate::ctx::requested_language;
use crate::pages::errors::ErrorPage;
use crate::{Ctx, WebState};

/// This request's id (UUIDv7), also sent as `X-Request-Id`.
#[derive(Clone, Debug)]
pub(crate) struct RequestId(pub String);

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'; img-src 'self' data:";

/// The outermost layer, one for all that every response needs: the request's id (also sent as
/// `X-Request-Id`), its time and status in the metrics, and the security headers of SECURITY.md
/// 21 (error pages included).
pub(crate) async fn frame(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::now_v7().simple().to_string();
    let header = HeaderValue::from_str(&id).ok();
    req.extensions_mut().insert(RequestId(id));
    let started = Instant::now();
    let mut response = next.run(req).await;
    let status = status_label(response.status());
    metrics::counter!("abri_http_requests_total", "status" => status).increment(1);
    // By status: how fast refusals are (a flood's excess, BENCHMARKS.md B3) shows apart.
    metrics::histogram!("abri_http_request_seconds", "status" => status)
        .record(started.elapsed().as_secs_f64());
    let h = response.headers_mut();
    if let Some(v) = header {
        h.insert(X_REQUEST_ID, v);
    }
    secure(h, state.config.https());
    response
}

/// The status as a metric label without allocating: the codes Abri answers, else `other`.
fn status_label(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200 => "200",
        201 => "201",
        204 => "204",
        303 => "303",
        304 => "304",
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        405 => "405",
        413 => "413",
        415 => "415",
        422 => "422",
        429 => "429",
        500 => "500",
        503 => "503",
        _ => "other",
    }
}

/// The headers of SECURITY.md 21.
fn secure(h: &mut HeaderMap, https: bool) {
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        h.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}

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
    if formless || cookies::read(req.headers(), name).is_some() {
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
    // Only what an error page reads (the language), not the whole header map.
    let mut headers = HeaderMap::new();
    for name in [COOKIE, axum::http::header::ACCEPT_LANGUAGE] {
        for value in req.headers().get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
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
    let ctx = Ctx::for_error_page(&state, &headers, request_id);
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
        headers: &HeaderMap,
        request_id: String,
    ) -> Self {
        let mut ctx = Self::bare(state, request_id);
        ctx.lang = requested_language(headers).unwrap_or_default();
        ctx
    }
}
