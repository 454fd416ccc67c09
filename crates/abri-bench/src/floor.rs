//! The tokio/hyper floor, peer of two benchmarks: an HTTP/1.1 server (hyper, one task per
//! connection, on a multi-threaded tokio runtime like Abri's) with nothing of Abri's own.
//! - B7: every request gets an event stream sending nothing but a comment every 30 seconds;
//!   its memory per idle stream is what any server built on these crates pays.
//! - B4: `GET /healthz` answers `ok` at once, as nginx's `return 200` does; between nginx and
//!   Abri it tells what the crates cost from what Abri's own layers cost.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, SizeHint};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The keep-alive comment's interval (Abri's too).
const KEEP_ALIVE: Duration = Duration::from_secs(30);

/// What the floor answers: an endless event stream of keep-alive comments, or `ok` once.
enum Answer {
    Idle(tokio::time::Interval),
    Ok(Option<Bytes>),
}

impl Body for Answer {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Self::Idle(interval) => interval
                .poll_tick(cx)
                .map(|_| Some(Ok(Frame::data(Bytes::from_static(b":\n\n"))))),
            Self::Ok(body) => Poll::Ready(body.take().map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Ok(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Idle(_) => SizeHint::default(),
            Self::Ok(body) => SizeHint::with_exact(body.as_ref().map_or(0, |b| b.len() as u64)),
        }
    }
}

async fn answer(request: Request<hyper::body::Incoming>) -> Result<Response<Answer>, Infallible> {
    if request.uri().path() == "/healthz" {
        let mut response = Response::new(Answer::Ok(Some(Bytes::from_static(b"ok"))));
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        return Ok(response);
    }
    let mut response = Response::new(Answer::Idle(tokio::time::interval(KEEP_ALIVE)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// Serves on `listen` until killed.
pub(crate) fn serve(listen: SocketAddr) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(listen).await?;
        loop {
            let (tcp, _) = listener.accept().await?;
            tcp.set_nodelay(true)?;
            // A stream ends when its client goes: an error every time, and nothing to report.
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service_fn(answer))
                    .await;
            });
        }
    })
}
