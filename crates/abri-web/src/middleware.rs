//! Layers around the pages: the anonymous CSRF binding cookie, and full error pages for any
//! error response (the frame around every route is `frame.rs`).
//!
//! Tower layers of their own, as the frame is: axum's `from_fn` boxes a clone of the inner
//! service and the future for every request, and moves the whole future stack into them
//! (BENCHMARKS.md B5). Here the common path allocates nothing; only an error page being drawn
//! boxes its future.

use std::any::Any;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tower::{Layer, Service};

use crate::auth::cookies;
use crate::ctx::VisitorAsked;
use crate::frame::{RequestId, RequestInfo};
use crate::pages::errors::ErrorPage;
use crate::{Ctx, WebState};

/// Makes sure an anonymous visitor has the random cookie their CSRF tokens are bound to.
#[derive(Clone)]
pub(crate) struct CsrfCookieLayer(pub(crate) WebState);

impl<S> Layer<S> for CsrfCookieLayer {
    type Service = CsrfCookie<S>;

    fn layer(&self, inner: S) -> CsrfCookie<S> {
        CsrfCookie {
            inner,
            state: self.0.clone(),
        }
    }
}

/// The service [`CsrfCookieLayer`] makes.
#[derive(Clone)]
pub(crate) struct CsrfCookie<S> {
    inner: S,
    state: WebState,
}

impl<S> Service<Request> for CsrfCookie<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = WithCookie<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let name = cookies::csrf_binding_name(&self.state.config);
        // Probes, metrics and assets carry no form: no cookie to hand out.
        let path = req.uri().path();
        let formless =
            matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/assets/");
        let set = if formless || cookies::has(req.headers(), name) {
            None
        } else {
            let value = abri_app::tokens::new_secret();
            if let Ok(v) = HeaderValue::from_str(&format!("{name}={value}")) {
                req.headers_mut().append(COOKIE, v);
            }
            cookies::build(&self.state.config, name, value, None)
        };
        WithCookie {
            inner: self.inner.call(req),
            set,
        }
    }
}

pin_project_lite::pin_project! {
    /// The inner response, with the new binding cookie set on it if one was handed out.
    pub(crate) struct WithCookie<F> {
        #[pin]
        inner: F,
        set: Option<HeaderValue>,
    }
}

impl<F: Future<Output = Result<Response, Infallible>>> Future for WithCookie<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = ready!(this.inner.poll(cx))?;
        if let Some(cookie) = this.set.take() {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
        Poll::Ready(Ok(response))
    }
}

/// Turns any error response that is not already a page (404 from the router, 403 from the
/// origin check, 413, 500 after a panic…) into a full page in the visitor's language.
#[derive(Clone)]
pub(crate) struct ErrorPagesLayer(pub(crate) WebState);

impl<S> Layer<S> for ErrorPagesLayer {
    type Service = ErrorPages<S>;

    fn layer(&self, inner: S) -> ErrorPages<S> {
        ErrorPages {
            inner,
            state: self.0.clone(),
        }
    }
}

/// The service [`ErrorPagesLayer`] makes.
#[derive(Clone)]
pub(crate) struct ErrorPages<S> {
    inner: S,
    state: WebState,
}

impl<S> Service<Request> for ErrorPages<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Paged<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // Only what an error page reads, read once there is an error.
        let asked = Asked {
            state: self.state.clone(),
            visitor: VisitorAsked::of(req.headers()),
            request_id: req
                .extensions()
                .get::<RequestInfo>()
                .map(RequestInfo::id)
                .unwrap_or_default(),
        };
        Paged::Waiting {
            inner: self.inner.call(req),
            asked: Some(asked),
        }
    }
}

/// What drawing an error page needs from its request.
pub(crate) struct Asked {
    state: WebState,
    visitor: VisitorAsked,
    request_id: RequestId,
}

/// An error page being drawn.
type Drawing = Pin<Box<dyn Future<Output = Response> + Send>>;

pin_project_lite::pin_project! {
    /// The inner response, or the full page drawn for it when it is a bare error.
    #[project = PagedProjection]
    pub(crate) enum Paged<F> {
        Waiting { #[pin] inner: F, asked: Option<Asked> },
        Drawing { page: Drawing },
    }
}

impl<F: Future<Output = Result<Response, Infallible>>> Future for Paged<F> {
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let page: Drawing = match self.as_mut().project() {
            PagedProjection::Drawing { page } => return page.as_mut().poll(cx).map(Ok),
            PagedProjection::Waiting { inner, asked } => {
                let response = ready!(inner.poll(cx))?;
                match asked.take() {
                    Some(asked) if is_bare_error(&response) => Box::pin(asked.draw(response)),
                    _ => return Poll::Ready(Ok(response)),
                }
            }
        };
        self.set(Paged::Drawing { page });
        self.poll(cx)
    }
}

/// An error status whose body is not already a page (HTML, or JSON for devices).
fn is_bare_error(response: &Response) -> bool {
    let status = response.status();
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
    (status.is_client_error() || status.is_server_error()) && !is_page
}

impl Asked {
    /// The full page for a bare error `response`, keeping what it said about retrying and
    /// cookies.
    async fn draw(self, response: Response) -> Response {
        let status = response.status();
        let visitor = self.visitor.resolve(&self.state).await;
        let ctx = Ctx::for_error_page(&self.state, visitor, self.request_id);
        let page = ErrorPage::new(&ctx, status);
        let mut rendered = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, "error").into_response(),
        };
        for (name, value) in response.headers() {
            if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
                rendered.headers_mut().append(name.clone(), value.clone());
            }
        }
        rendered
    }
}

/// A panic in a handler becomes a bare 500, which the error pages layer then draws.
pub(crate) fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response<Body> {
    tracing::error!("handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
