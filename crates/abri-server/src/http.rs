//! Serving: one task per HTTP/1.1 connection (hyper), the router called for each request.
//!
//! Not `axum::serve`: its connections are built to speak HTTP/1 or HTTP/2, and every idle live
//! stream paid for both (BENCHMARKS.md B7: 24.9 KiB a stream, the bare hyper floor 11.1).
//! Browsers reach Abri over HTTP/1.1 (HTTP/2 needs TLS, which a proxy in front ends). This
//! also bounds what `axum::serve` left open: a request head must arrive within `head_within`
//! (slow clients cannot hold connections for free), idle connections close after as long.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

use coalesce::Coalesced;

mod coalesce;

/// Serves `router` on `listener` until `shutdown` completes, then lets each connection finish
/// its request in flight (live streams must be ended by then) and returns once all are done.
/// A client must send each request head within `head_within`.
///
/// # Errors
/// Never for now; accept failures are logged and retried.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    head_within: Duration,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let (draining, drain) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((tcp, remote)) => {
                let (router, drain) = (router.clone(), drain.clone());
                tokio::spawn(connection(tcp, remote, router, head_within, drain));
            }
            Err(e) => refused(e).await,
        }
    }
    drop(drain);
    let _ = draining.send(true);
    // Each connection holds a receiver: closed once the last one has ended.
    draining.closed().await;
    Ok(())
}

async fn connection(
    tcp: TcpStream,
    remote: SocketAddr,
    router: Router,
    head_within: Duration,
    mut drain: watch::Receiver<bool>,
) {
    // Live events are small writes: sent at once, not held by Nagle's algorithm until the
    // browser's delayed ACK (up to 40 ms, BENCHMARKS.md B9).
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::debug!(error = %e, "TCP_NODELAY not set");
    }
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(Body::new);
        request
            .extensions_mut()
            .insert(abri_web::RequestInfo::from(remote));
        // Boxed: hyper keeps room for this future for the connection's whole life, live
        // streams' included; a box lives only while the request is answered (B7).
        Box::pin(router.clone().oneshot(request))
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(head_within);
    let mut served = pin!(builder.serve_connection(TokioIo::new(Coalesced::new(tcp)), service));
    let ended = tokio::select! {
        ended = served.as_mut() => ended,
        () = async { drop(drain.wait_for(|draining| *draining).await) } => {
            served.as_mut().graceful_shutdown();
            served.await
        }
    };
    if let Err(e) = ended {
        tracing::debug!(error = %e, "connection ended");
    }
}

/// After a failed accept: a client that gave up is nothing; anything else (out of file
/// descriptors, mostly) is logged, and accepting pauses a second rather than spin.
async fn refused(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
