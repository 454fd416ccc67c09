//! Responses written after the requests that are ready: one wake-up of the client for many.
//!
//! Delivering bytes to a client asleep in `epoll_wait` wakes it, and on a virtual machine the
//! wake-up (an inter-processor interrupt) is the most expensive part of sending a page: 14 % of
//! the server's time under `wrk` (BENCHMARKS.md B5, docs/performance.md). A connection that
//! has read a request and is about to write its response first lets the other connections
//! whose requests are ready run up to the same point, then all write one after another: the
//! client, woken by the first, is still awake for the next. Netty's `FlushConsolidationHandler`
//! trades the same way. An idle server pays one more poll of the task, no waiting: the task is
//! scheduled again at once, behind those already ready. Only the first write after a read
//! waits; the rest of a response, and a live stream's events, go at once.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection's stream whose first write after a read yields once to the ready tasks.
#[derive(Debug)]
pub(crate) struct Coalesced<T> {
    io: T,
    /// A request's bytes were read and no response byte written since.
    answering: bool,
}

impl<T> Coalesced<T> {
    pub(crate) fn new(io: T) -> Self {
        Self {
            io,
            answering: false,
        }
    }

    /// `Pending` once, woken at once, for the first write of an answer.
    fn yield_first(&mut self, cx: &Context<'_>) -> Poll<()> {
        if self.answering {
            self.answering = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(())
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Coalesced<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.io).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.answering = true;
        }
        read
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Coalesced<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        std::task::ready!(this.yield_first(cx));
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        std::task::ready!(this.yield_first(cx));
        Pin::new(&mut this.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Wake, Waker};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    use super::*;

    /// Counts its wake-ups.
    #[derive(Default)]
    struct Wakes(AtomicUsize);

    impl Wake for Wakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    async fn pair() -> (Coalesced<TcpStream>, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        (Coalesced::new(server), client)
    }

    fn write(io: &mut Coalesced<TcpStream>, cx: &mut Context<'_>, bytes: &[u8]) -> Poll<usize> {
        Pin::new(io).poll_write(cx, bytes).map(Result::unwrap)
    }

    #[tokio::test]
    async fn the_first_write_after_a_read_yields_once() {
        let (mut server, mut client) = pair().await;
        let wakes = Arc::new(Wakes::default());
        let waker = Waker::from(Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);

        // Nothing read yet: a write goes at once.
        assert_eq!(write(&mut server, &mut cx, b"hello"), Poll::Ready(5));

        client.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let mut request = [0; 64];
        let read = server.read(&mut request).await.unwrap();
        assert_eq!(read, 18);

        // The answer's first write steps aside once, woken at once…
        assert_eq!(write(&mut server, &mut cx, b"answer"), Poll::Pending);
        assert_eq!(wakes.0.load(Ordering::SeqCst), 1);
        // …then goes, and the rest of the answer follows without waiting.
        assert_eq!(write(&mut server, &mut cx, b"answer"), Poll::Ready(6));
        assert_eq!(write(&mut server, &mut cx, b"more"), Poll::Ready(4));
        assert_eq!(wakes.0.load(Ordering::SeqCst), 1);

        let mut received = [0; 15];
        client.read_exact(&mut received).await.unwrap();
        assert_eq!(&received, b"helloanswermore");
    }
}
