//! The frame around every route, outermost: the request's id (UUIDv7, also sent as
//! `X-Request-Id`), its time and status in the metrics, and the security headers of SECURITY.md
//! 21 on whatever comes back, error pages included.
//!
//! A live event stream (`text/event-stream`) gets only the headers that apply to what is not a
//! document: the headers a document obeys (framing, opener, permissions) and the request id,
//! which `EventSource` cannot read, are left out. hyper keeps each connection's response header
//! map for reuse, for a stream's whole life: six headers fit its smallest size, where twelve
//! double it (BENCHMARKS.md B7).
//!
//! A tower layer of its own rather than `axum::middleware::from_fn`, which boxes a clone of the
//! inner service and the future for every request: every probe and page pays this layer
//! (BENCHMARKS.md B4).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;
use tower::{Layer, Service};

/// What the frame knows of a request: its id (UUIDv7, also sent as `X-Request-Id`) and the
/// address it came from. One extension of fixed size, filled in place: the server inserts it
/// with the peer, the frame adds the id (B4: two boxed extensions and a `String` a request
/// before).
#[derive(Clone, Copy, Debug)]
pub struct RequestInfo {
    id: uuid::Uuid,
    peer: Option<SocketAddr>,
}

impl From<SocketAddr> for RequestInfo {
    /// A request from `peer`, before the frame gives it its id.
    fn from(peer: SocketAddr) -> Self {
        Self {
            id: uuid::Uuid::nil(),
            peer: Some(peer),
        }
    }
}

/// A request's id as error pages show it and `X-Request-Id` sends it: 32 hex digits, written
/// out only when an error page shows it.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestId(uuid::Uuid);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.simple().fmt(f)
    }
}

// Hex digits: nothing for a page to escape.
impl askama::filters::HtmlSafe for RequestId {}

impl RequestInfo {
    /// The request id.
    pub(crate) fn id(&self) -> RequestId {
        RequestId(self.id)
    }

    /// The address the request came from, when served from a socket.
    pub(crate) fn peer(&self) -> Option<SocketAddr> {
        self.peer
    }
}

// Constants, so that the names are checked once when compiled, not on every response (171
// instructions each when `from_static` runs per call; B4).
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");
const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");
const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'; img-src 'self' data:";

/// Puts the frame around a router; `https` adds HSTS.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FrameLayer {
    pub(crate) https: bool,
}

impl<S> Layer<S> for FrameLayer {
    type Service = Frame<S>;

    fn layer(&self, inner: S) -> Frame<S> {
        Frame {
            inner,
            https: self.https,
        }
    }
}

/// The service `FrameLayer` makes.
#[derive(Clone, Debug)]
pub(crate) struct Frame<S> {
    inner: S,
    https: bool,
}

impl<S> Service<Request> for Frame<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Framed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let id = uuid::Uuid::now_v7();
        let mut buffer = uuid::Uuid::encode_buffer();
        let header = HeaderValue::from_str(id.simple().encode_lower(&mut buffer)).ok();
        match req.extensions_mut().get_mut::<RequestInfo>() {
            Some(info) => info.id = id,
            None => {
                req.extensions_mut().insert(RequestInfo { id, peer: None });
            }
        }
        let started = Instant::now();
        Framed {
            inner: self.inner.call(req),
            header,
            https: self.https,
            started,
        }
    }
}

pin_project_lite::pin_project! {
    /// The inner response, framed once it comes.
    pub(crate) struct Framed<F> {
        #[pin]
        inner: F,
        header: Option<HeaderValue>,
        https: bool,
        started: Instant,
    }
}

impl<F, E> Future for Framed<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = std::task::ready!(this.inner.poll(cx))?;
        let seconds = this.started.elapsed().as_secs_f64();
        crate::observability::record_request(response.status(), seconds);
        let h = response.headers_mut();
        let document = !is_event_stream(h);
        if document {
            // Room for the request id and the headers below at once: inserted one by one, the
            // map grew twice (B4: 3.6k of `/healthz`'s 46.6k instructions were `secure`). Not
            // for live streams: hyper keeps the map while the connection lives (B7).
            h.reserve(9);
        }
        if let Some(v) = this.header.take().filter(|_| document) {
            h.insert(X_REQUEST_ID, v);
        }
        secure(h, *this.https, document);
        Poll::Ready(Ok(response))
    }
}

/// An empty header map with room for all a document's headers: its type and length, a cookie or
/// two, compression's, the request id and those of [`secure`] (24 fit without growing). Made at
/// that size where a response is made, the map is not grown twice on its way out (B4, B5).
pub(crate) fn header_map() -> HeaderMap {
    HeaderMap::with_capacity(15)
}

fn is_event_stream(h: &HeaderMap) -> bool {
    h.get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"))
}

/// The headers of SECURITY.md 21; those only a document obeys unless `document` is false.
fn secure(h: &mut HeaderMap, https: bool, document: bool) {
    // Reserved by the caller for documents only: a live stream's map, kept by hyper for the
    // connection's life, reserved for eight more headers cost each idle stream 1.6 KiB (B7).
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if document {
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(
            CROSS_ORIGIN_OPENER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
        h.insert(
            PERMISSIONS_POLICY,
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        );
    }
    if !document || !h.contains_key(CACHE_CONTROL) {
        // A live stream is the signed-in customer's own: no-store, not axum's `no-cache`.
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        h.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}
