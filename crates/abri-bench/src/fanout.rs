//! B8: fan-out. `connections` live streams of one signed-in customer (Camille, whose Lyon panel
//! publishes); the panel publishes `rate` readings a second over MQTT, and every stream gets
//! every event. Deliveries a second and each delivery's latency from the publish are measured,
//! with the server's CPU. The peer: a raw-TCP broadcaster in this process writing the same
//! bytes (an event as Abri framed it) to as many sockets at the same rate, read by the same
//! clients. Messages of one topic keep their order, so a stream's k-th event is the k-th sent.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rumqttc::{AsyncClient, MqttOptions, QoS};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::load::{address, signed_in};
use crate::sse::{cpu_ticks, open_stream};
use crate::stats::Latencies;
use crate::{Broker, Server};

/// What to measure.
#[derive(clap::Args)]
pub(crate) struct Fanout {
    #[command(flatten)]
    server: Server,
    #[command(flatten)]
    broker: Broker,
    /// The panel that publishes (Camille's, in the demo data).
    #[arg(long, default_value = "ABR-LYON-0231")]
    serial: String,
    /// Live streams, all of Camille's.
    #[arg(long, default_value_t = 10_000)]
    connections: usize,
    /// Events a second.
    #[arg(long, default_value_t = 5.0)]
    rate: f64,
    /// Seconds to publish.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// The server's process id (for its CPU time).
    #[arg(long)]
    pid: u32,
    /// The cores of the raw broadcaster's process (Abri's).
    #[arg(long, default_value = "0")]
    peer_cores: String,
}

/// What each stream saw: when each event arrived, and the first event's bytes.
type Seen = Arc<Mutex<Vec<Instant>>>;

/// Runs Abri's fan-out, then the raw broadcaster's with Abri's framing.
pub(crate) async fn run(run: Fanout) -> anyhow::Result<Value> {
    let authority = run
        .server
        .url
        .strip_prefix("http://")
        .ok_or_else(|| anyhow::anyhow!("{}: http:// expected", run.server.url))?
        .trim_end_matches('/')
        .to_owned();
    let cookie = signed_in(&run.server.url, address(7, 1), "C10000001").await?;
    let request = format!(
        "GET /events HTTP/1.1\r\nHost: {authority}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    let target: SocketAddr = authority.parse()?;
    let (streams, frame) = open_all(target, &request, run.connections).await?;
    let readers = spawn_readers(streams, Some(Arc::clone(&frame)));
    let settle = Duration::from_secs(3);
    let published = publish_measured(
        &run.broker,
        &run.serial,
        run.rate,
        run.seconds,
        settle,
        run.pid,
    )
    .await?;
    let abri = tally(&published.sent, readers);

    let frame = frame.lock().unwrap_or_else(PoisonError::into_inner).clone();
    anyhow::ensure!(!frame.is_empty(), "no event reached the streams");
    let raw = broadcast(
        run.connections,
        &frame,
        run.rate,
        run.seconds,
        &run.peer_cores,
    )
    .await?;
    Ok(json!({
        "bench": "B8",
        "connections": run.connections,
        "rate": run.rate,
        "frame_bytes": frame.len(),
        "abri": abri,
        "abri_server_cpu_seconds": published.cpu_seconds,
        "abri_seconds_measured": published.took.as_secs_f64(),
        "raw": raw,
    }))
}

/// Opens `n` streams to `target`, each from its own address; the first event's bytes will be
/// written to the returned frame by the first reader.
pub(crate) async fn open_all(
    target: SocketAddr,
    request: &str,
    n: usize,
) -> anyhow::Result<(Vec<TcpStream>, Arc<Mutex<Vec<u8>>>)> {
    let authority = target.to_string();
    let mut open = Vec::with_capacity(n);
    while open.len() < n {
        let first = open.len();
        let opening: Vec<_> = (first..n.min(first + 256))
            .map(|i| {
                let (authority, request) = (authority.clone(), request.to_owned());
                let from = address(8, i as u64);
                tokio::spawn(async move { open_retrying(from, &authority, &request).await })
            })
            .collect();
        for task in opening {
            open.push(task.await??);
        }
    }
    Ok((open, Arc::new(Mutex::new(Vec::new()))))
}

/// [`open_stream`], tried again a few times: in a storm of 10,000 connections a few may be
/// reset while the listener catches up.
async fn open_retrying(
    from: std::net::IpAddr,
    authority: &str,
    request: &str,
) -> anyhow::Result<TcpStream> {
    let mut tries = 0;
    loop {
        // A stream that gets no answer is opened again rather than waited for.
        let opened = tokio::time::timeout(
            Duration::from_secs(10),
            open_stream(from, authority, request),
        )
        .await
        .unwrap_or_else(|_| Err(anyhow::anyhow!("no answer in 10 s")));
        match opened {
            Ok(stream) => return Ok(stream),
            Err(e) if tries < 5 => {
                tries += 1;
                eprintln!("stream from {from} to {authority}, try {tries}: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e.context(format!("stream from {from} to {authority}"))),
        }
    }
}

/// One task a stream noting when each event arrives (an `event:` field starts each one); the
/// first stream also keeps the first event's bytes in `frame`.
pub(crate) fn spawn_readers(
    streams: Vec<TcpStream>,
    frame: Option<Arc<Mutex<Vec<u8>>>>,
) -> Vec<(Seen, tokio::task::JoinHandle<()>)> {
    streams
        .into_iter()
        .enumerate()
        .map(|(i, stream)| {
            let seen: Seen = Arc::default();
            let keep = if i == 0 { frame.clone() } else { None };
            let task = tokio::spawn(read_events(stream, Arc::clone(&seen), keep));
            (seen, task)
        })
        .collect()
}

async fn read_events(mut stream: TcpStream, seen: Seen, frame: Option<Arc<Mutex<Vec<u8>>>>) {
    const MARK: &[u8] = b"event:";
    let mut buffer = vec![0_u8; 16 * 1024];
    // The end of the previous read, so a mark cut in two is found.
    let mut carry = 0;
    let mut first = Vec::new();
    while let Ok(n) = stream.read(&mut buffer[carry..]).await {
        if n == 0 {
            break;
        }
        let now = Instant::now();
        let end = carry + n;
        let found = buffer[..end]
            .windows(MARK.len())
            .filter(|w| *w == MARK)
            .count();
        if found > 0 {
            let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
            seen.extend(std::iter::repeat_n(now, found));
        }
        if let Some(frame) = &frame
            && first.len() < 4096
        {
            first.extend_from_slice(&buffer[carry..end]);
            if let Some(event) = first_event(&first) {
                *frame.lock().unwrap_or_else(PoisonError::into_inner) = event;
            }
        }
        carry = (MARK.len() - 1).min(end);
        buffer.copy_within(end - carry..end, 0);
    }
}

/// The first complete event (from its `id:` line to the blank line) in `bytes`.
fn first_event(bytes: &[u8]) -> Option<Vec<u8>> {
    let start = bytes.windows(3).position(|w| w == b"id:")?;
    let length = bytes[start..].windows(2).position(|w| w == b"\n\n")?;
    Some(bytes[start..start + length + 2].to_vec())
}

/// Deliveries, their rate and latencies against `sent`.
pub(crate) fn tally(sent: &[Instant], readers: Vec<(Seen, tokio::task::JoinHandle<()>)>) -> Value {
    let mut latencies = Latencies::default();
    let (mut delivered, mut arrived, mut complete) = (0_usize, 0_usize, 0_usize);
    let mut last = None::<Instant>;
    for (seen, task) in readers {
        task.abort();
        let seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
        // An event the server adds before the readings (`online`, for a panel it had marked
        // offline) comes first: pair the last arrivals with the sends.
        let extra = seen.len().saturating_sub(sent.len());
        for (s, a) in sent.iter().zip(seen[extra..].iter()) {
            latencies.push(a.saturating_duration_since(*s));
        }
        delivered += seen.len().min(sent.len());
        arrived += seen.len();
        complete += usize::from(seen.len() >= sent.len());
        last = last.max(seen.last().copied());
    }
    let span = match (sent.first(), last) {
        (Some(first), Some(last)) => last.saturating_duration_since(*first).as_secs_f64(),
        _ => 0.0,
    };
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let per_second = if span > 0.0 {
        delivered as f64 / span
    } else {
        0.0
    };
    json!({
        "sent": sent.len(),
        "delivered": delivered,
        "arrived": arrived,
        "streams_with_every_event": complete,
        "deliveries_per_second": per_second,
        "p50_ms": latencies.percentile_ms(50.0),
        "p99_ms": latencies.percentile_ms(99.0),
    })
}

/// What one publishing run cost the server.
pub(crate) struct Published {
    /// When each event left.
    pub(crate) sent: Vec<Instant>,
    /// The server's CPU time over the run and its settling.
    pub(crate) cpu_seconds: f64,
    /// How long that was.
    pub(crate) took: Duration,
}

/// Publishes `rate` readings a second for `seconds` as panel `serial`, waits `settle` for the
/// streams to catch up, and measures the server's (`pid`) CPU time over all of it.
pub(crate) async fn publish_measured(
    broker: &Broker,
    serial: &str,
    rate: f64,
    seconds: u64,
    settle: Duration,
    pid: u32,
) -> anyhow::Result<Published> {
    let mqtt = publisher(&broker.mqtt_host, broker.mqtt_port).await?;
    let topic = format!("abri/{serial}/events");
    let cpu_before = cpu_ticks(pid);
    let started = Instant::now();
    let sent = publish(&mqtt, &topic, rate, seconds).await?;
    tokio::time::sleep(settle).await;
    let took = started.elapsed();
    let cpu = cpu_ticks(pid).saturating_sub(cpu_before);
    let _ = mqtt.disconnect().await;
    #[expect(clippy::cast_precision_loss, reason = "clock ticks")]
    let cpu_seconds = cpu as f64 / 100.0;
    Ok(Published {
        sent,
        cpu_seconds,
        took,
    })
}

async fn publisher(host: &str, port: u16) -> anyhow::Result<AsyncClient> {
    let mut options = MqttOptions::new(format!("fanout-{}", std::process::id()), host, port);
    options.set_inflight(1_000);
    let (client, mut events) = AsyncClient::new(options, 1_000);
    tokio::spawn(async move { while events.poll().await.is_ok() {} });
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(client)
}

/// Publishes `rate` readings a second for `seconds`; when each left.
async fn publish(
    client: &AsyncClient,
    topic: &str,
    rate: f64,
    seconds: u64,
) -> anyhow::Result<Vec<Instant>> {
    let first = time::OffsetDateTime::now_utc().unix_timestamp() * 1_000_000;
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut sent = Vec::new();
    while Instant::now() < until {
        tick.tick().await;
        #[expect(clippy::cast_possible_wrap, reason = "a few hundred events")]
        let seq = first + sent.len() as i64;
        let at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)?;
        let body = json!({"events": [{"seq": seq, "at": at, "type": "temperature",
                                      "device": "smoke-1", "value": 150 + seq % 100}]});
        sent.push(Instant::now());
        client
            .publish(topic, QoS::AtLeastOnce, false, body.to_string())
            .await?;
    }
    Ok(sent)
}

/// The peer, in a process of its own on `cores` (one process holds at most ≈ 19,000 sockets):
/// `n` sockets, each sent `frame` `rate` times a second for `seconds` by one task writing to
/// every socket in turn. It reports its send times on the wall clock, which both processes
/// share.
async fn broadcast(
    n: usize,
    frame: &[u8],
    rate: f64,
    seconds: u64,
    cores: &str,
) -> anyhow::Result<Value> {
    let frame_file = tempfile::NamedTempFile::new()?;
    std::fs::write(frame_file.path(), frame)?;
    let mut peer = tokio::process::Command::new("taskset")
        .args(["-c", cores])
        .arg(std::env::current_exe()?)
        .args(["fanout-peer", "--connections", &n.to_string()])
        .args([
            "--rate",
            &rate.to_string(),
            "--seconds",
            &seconds.to_string(),
        ])
        .arg("--frame")
        .arg(frame_file.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut go = peer
        .stdin
        .take()
        .ok_or_else(|| anyhow::anyhow!("peer without stdin"))?;
    let out = peer
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("peer without stdout"))?;
    let mut lines = BufReader::new(out).lines();
    let target: SocketAddr = lines
        .next_line()
        .await?
        .ok_or_else(|| anyhow::anyhow!("the peer did not start"))?
        .parse()?;
    let request = format!("GET /events HTTP/1.1\r\nHost: {target}\r\n\r\n");
    let (streams, _) = open_all(target, &request, n).await?;
    let readers = spawn_readers(streams, None);
    go.write_all(b"go\n").await?;
    // The wall clock and the monotonic one read together, to place the peer's send times.
    let (mono, wall) = (Instant::now(), SystemTime::now());
    let mut sent = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let at = UNIX_EPOCH + Duration::from_micros(line.trim().parse()?);
        sent.push(match at.duration_since(wall) {
            Ok(after) => mono + after,
            Err(before) => mono.checked_sub(before.duration()).unwrap_or(mono),
        });
    }
    peer.wait().await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    Ok(tally(&sent, readers))
}

/// The peer's process: prints where it listens, accepts streams until a line comes on stdin,
/// then sends `frame` to every stream `rate` times a second for `seconds`, printing each send's
/// wall-clock time in microseconds.
///
/// It accepts until told to go, not up to a count: in a storm of 10,000 connections the client
/// may see one reset that the peer had accepted and open it again, and a peer that stopped at
/// the count would leave that last stream unanswered and the client waiting for ever.
pub(crate) async fn peer(
    connections: usize,
    frame: &Path,
    rate: f64,
    seconds: u64,
) -> anyhow::Result<()> {
    let frame = std::fs::read(frame)?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!("{}", listener.local_addr()?);
    let accepted = Arc::new(Mutex::new(Vec::with_capacity(connections)));
    let acceptor = tokio::spawn({
        let accepted = Arc::clone(&accepted);
        async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let accepted = Arc::clone(&accepted);
                tokio::spawn(async move {
                    if let Ok(socket) = answer(socket).await {
                        accepted
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(socket);
                    }
                });
            }
        }
    });
    tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await??;
    acceptor.abort();
    let mut sockets = std::mem::take(&mut *accepted.lock().unwrap_or_else(PoisonError::into_inner));
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        tick.tick().await;
        let at = SystemTime::now().duration_since(UNIX_EPOCH)?;
        for socket in &mut sockets {
            // A stream its client gave up on (and opened again) fails here: the client counts
            // what reaches it.
            let _ = socket.write_all(&frame).await;
        }
        println!("{}", at.as_micros());
    }
    // Let the streams read what was sent before they close.
    tokio::time::sleep(Duration::from_secs(2)).await;
    Ok(())
}

/// Reads an accepted connection's request head and answers it as an event stream.
async fn answer(mut socket: TcpStream) -> anyhow::Result<TcpStream> {
    socket.set_nodelay(true)?;
    let mut head = Vec::new();
    let mut buffer = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = socket.read(&mut buffer).await?;
        anyhow::ensure!(read > 0, "closed before its request");
        head.extend_from_slice(&buffer[..read]);
    }
    socket
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n")
        .await?;
    Ok(socket)
}
