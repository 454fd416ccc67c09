//! B7's peer, the tokio/hyper floor: an HTTP/1.1 server (hyper, one task per connection, on a
//! multi-threaded tokio runtime like Abri's) that answers every request with an event stream
//! sending nothing but a comment every 30 seconds. Its memory per idle stream is what any
//! server built on these crates pays before doing anything of its own.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The keep-alive comment's interval (Abri's too).
const KEEP_ALIVE: Duration = Duration::from_secs(30);

/// An endless event stream of keep-alive comments.
struct Idle(tokio::time::Interval);

impl Body for Idle {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_tick(cx)
            .map(|_| Some(Ok(Frame::data(Bytes::from_static(b":\n\n")))))
    }
}

async fn answer(_: Request<hyper::body::Incoming>) -> Result<Response<Idle>, Infallible> {
    let mut response = Response::new(Idle(tokio::time::interval(KEEP_ALIVE)));
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
