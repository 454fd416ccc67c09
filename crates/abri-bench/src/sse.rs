//! B7: what an idle live stream (`GET /events`) costs the server: its resident memory with `n`
//! streams open against without, and its CPU while they idle. The clients are bare sockets, so
//! thousands fit in one process.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::Server;
use crate::load::{address, signed_in};
use crate::stats::rss_kib;

/// Streams opened at a time.
const OPENING: usize = 256;

/// What to measure.
#[derive(clap::Args)]
pub(crate) struct Idle {
    #[command(flatten)]
    server: Server,
    /// Streams to open.
    #[arg(long, default_value_t = 1_000)]
    connections: usize,
    /// Seconds the streams idle.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// The server's process id.
    #[arg(long)]
    pid: u32,
    /// Opens the streams without signing in (against `sse-floor`, which has no sign-in).
    #[arg(long)]
    anonymous: bool,
}

/// Opens `connections` streams as one signed-in customer, lets them idle, and reports the
/// server's memory per stream and its CPU while idle.
pub(crate) async fn idle(run: Idle) -> anyhow::Result<Value> {
    let Idle {
        server: Server { url },
        connections,
        seconds: idle,
        pid,
        anonymous,
    } = run;
    let authority = url
        .strip_prefix("http://")
        .ok_or_else(|| anyhow::anyhow!("{url}: http:// expected"))?
        .trim_end_matches('/')
        .to_owned();
    let cookie = if anonymous {
        String::new()
    } else {
        format!(
            "Cookie: {}\r\n",
            signed_in(&url, address(4, 1), "C10000001").await?
        )
    };
    let request = format!(
        "GET /events HTTP/1.1\r\nHost: {authority}\r\nAccept: text/event-stream\r\n{cookie}\r\n"
    );
    settle().await;
    let before = rss_kib(pid, "VmRSS").unwrap_or_default();
    let started = Instant::now();
    let mut open = Vec::with_capacity(connections);
    while open.len() < connections {
        let batch = OPENING.min(connections - open.len());
        let first = open.len();
        let opening: Vec<_> = (first..first + batch)
            .map(|i| {
                let (authority, request) = (authority.clone(), request.clone());
                // Each from its own address: runs one after the other would otherwise run out
                // of ports to the same server (closed sockets wait a minute before reuse).
                let from = address(5, i as u64);
                tokio::spawn(async move { open_patiently(from, &authority, &request).await })
            })
            .collect();
        for task in opening {
            open.push(task.await??);
        }
    }
    let opened_in = started.elapsed();
    settle().await;
    let after = rss_kib(pid, "VmRSS").unwrap_or_default();
    let cpu_before = cpu_ticks(pid);
    tokio::time::sleep(Duration::from_secs(idle)).await;
    let cpu_after = cpu_ticks(pid);
    // Still open: each stream is read for what arrived meanwhile (keep-alive comments).
    let mut alive = 0_usize;
    let mut buffer = [0_u8; 512];
    for stream in &mut open {
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buffer)).await
            && n == 0
        {
            continue;
        }
        alive += 1;
    }
    drop(open);
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let per_connection = after.saturating_sub(before) as f64 / connections.max(1) as f64;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let cpu_percent = cpu_after.saturating_sub(cpu_before) as f64 / idle.max(1) as f64;
    Ok(json!({
        "connections": connections,
        "alive_after_idle": alive,
        "opened_in_ms": opened_in.as_millis(),
        "rss_before_kib": before,
        "rss_after_kib": after,
        "kib_per_connection": per_connection,
        "idle_cpu_percent_of_a_core": cpu_percent,
    }))
}

/// Lets the server's allocator and the kernel settle before a memory reading.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

/// [`open_stream`], tried again (three times at most) when the kernel refused or reset the
/// attempt: thousands of connections opened in a burst can overflow any server's queue of
/// connections waiting to be accepted (bare hyper's, once, at 19,000).
async fn open_patiently(from: IpAddr, authority: &str, request: &str) -> anyhow::Result<TcpStream> {
    let mut tries = 1;
    loop {
        match open_stream(from, authority, request).await {
            Err(e) if tries < 4 && refused(&e) => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            opened => return opened,
        }
    }
}

fn refused(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|e| {
        matches!(
            e.kind(),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionRefused
        )
    })
}

/// Connects from `from`, sends the request, and waits for the answer's head (200, event
/// stream).
pub(crate) async fn open_stream(
    from: IpAddr,
    authority: &str,
    request: &str,
) -> anyhow::Result<TcpStream> {
    let to: SocketAddr = authority.parse()?;
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    let mut stream = socket.connect(to).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut head = Vec::new();
    let mut buffer = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buffer).await?;
        anyhow::ensure!(n > 0, "closed before the answer");
        head.extend_from_slice(&buffer[..n]);
    }
    anyhow::ensure!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    Ok(stream)
}

/// User plus system CPU time of `pid` in clock ticks (1/100 s), from `/proc/<pid>/stat`.
pub(crate) fn cpu_ticks(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are the 14th and 15th fields; the 3rd is the first after ')'.
    field(11) + field(12)
}
