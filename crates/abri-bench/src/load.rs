//! B2 and B3: sign-ins through the real form (a GET for the CSRF token, then the POST), as many
//! visitors with their own loopback addresses, closed loop (capacity) or open loop (a fixed
//! rate, for latency); and a signed-in customer's dashboard probed at a fixed rate beside them.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use abri_server::demo::generate::device_secret;
use abri_testkit::Browser;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::Server;
use crate::stats::{Latencies, rss_kib};

/// The demo password, every generated customer's.
const PASSWORD: &str = "Tournesol-Lyon-2026";
/// Sign-ins from one address before the next (the per-IP ceiling is 60 in ten minutes).
const PER_ADDRESS: u64 = 30;

/// What one load run does.
#[derive(Clone, Debug, clap::Args)]
pub(crate) struct Load {
    #[command(flatten)]
    server: Server,
    /// Seconds to measure.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Sign-ins kept in flight (closed loop); 0 for none.
    #[arg(long, default_value_t = 0)]
    concurrency: usize,
    /// Sign-ins started a second (open loop); 0 for none.
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// `success`, or `mixed`: one in three a wrong password, one in three an unknown customer.
    #[arg(long, default_value = "success")]
    mix: String,
    /// Dashboard requests a second (open loop) by a signed-in customer; 0 for none.
    #[arg(long, default_value_t = 0.0)]
    dashboard_rate: f64,
    /// Generated customers there are to sign in as (C20000001…, `abri generate`).
    #[arg(long, default_value_t = 2_000)]
    customers: u64,
    /// The server's process id, to follow its memory.
    #[arg(long)]
    pid: Option<u32>,
}

/// What kind of attempt.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Success,
    WrongPassword,
    UnknownUser,
}

impl Kind {
    const fn word(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::WrongPassword => "wrong_password",
            Self::UnknownUser => "unknown_user",
        }
    }
}

#[derive(Default)]
struct Tally {
    /// POST latency by (kind, status).
    latencies: HashMap<(Kind, u16), Latencies>,
    errors: u64,
}

struct Shared {
    load: Load,
    next: AtomicU64,
    tally: Mutex<Tally>,
}

/// `127.<pool>.<i / 250>.<1 + i % 250>`: loopback addresses need no setup on Linux.
pub(crate) fn address(pool: u8, i: u64) -> IpAddr {
    let hi = u8::try_from((i / 250) % 256).unwrap_or_default();
    let lo = u8::try_from(1 + i % 250).unwrap_or(1);
    IpAddr::V4(Ipv4Addr::new(127, pool, hi, lo))
}

impl Shared {
    /// One sign-in: the form, then the timed POST.
    async fn attempt(&self) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let kind = match (self.load.mix.as_str(), n % 3) {
            ("mixed", 1) => Kind::WrongPassword,
            ("mixed", 2) => Kind::UnknownUser,
            _ => Kind::Success,
        };
        let half = (self.load.customers / 2).max(1);
        // Failures each from their own address and account, so that no delay or proof of work
        // (which would skip the hash) applies; successes cycle over the first half.
        let (identifier, from, customer) = match kind {
            Kind::Success => {
                let c = n % half;
                (
                    format!("C{}", 20_000_001 + c),
                    address(1, n / PER_ADDRESS),
                    c,
                )
            }
            Kind::WrongPassword => (
                format!("C{}", 20_000_001 + half + (n / 3) % half),
                address(2, n),
                u64::MAX,
            ),
            Kind::UnknownUser => (format!("C3{:07}", n % 10_000_000), address(2, n), u64::MAX),
        };
        let mut browser = Browser::from_address(&self.load.server.url, Some(from));
        if kind == Kind::Success {
            // The customer's own computer, known since `abri generate`: no new-device e-mail.
            let number = u32::try_from(20_000_001 + customer).unwrap_or_default();
            browser
                .cookies
                .insert("abri_device".into(), device_secret(number));
        }
        let Some(token) = browser.get("/login").await.csrf() else {
            self.tally
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .errors += 1;
            return;
        };
        let password = if kind == Kind::WrongPassword {
            "Wrong-password-2026"
        } else {
            PASSWORD
        };
        let fields = [
            ("csrf", token.as_str()),
            ("identifier", identifier.as_str()),
            ("password", password),
        ];
        let started = Instant::now();
        let page = browser.post("/login", &fields).await;
        let took = started.elapsed();
        self.tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .latencies
            .entry((kind, page.status.as_u16()))
            .or_default()
            .push(took);
    }
}

/// Runs `load` and reports what happened, as JSON.
pub(crate) async fn run(load: Load) -> anyhow::Result<Value> {
    // Each run starts somewhere else among the addresses and accounts, so that runs within ten
    // minutes of each other do not meet the per-IP ceiling or an account's failure delay.
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() % 1_000)
        * 3
        * PER_ADDRESS
        * 20;
    let shared = Arc::new(Shared {
        load: load.clone(),
        next: AtomicU64::new(start),
        tally: Mutex::new(Tally::default()),
    });
    let rss_before = load.pid.and_then(|p| rss_kib(p, "VmRSS"));
    let until = Instant::now() + Duration::from_secs(load.seconds);
    let mut tasks = Vec::new();
    for _ in 0..load.concurrency {
        let shared = Arc::clone(&shared);
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                shared.attempt().await;
            }
        }));
    }
    if load.rate > 0.0 {
        let shared = Arc::clone(&shared);
        tasks.push(tokio::spawn(async move {
            open_loop(load.rate, until, move || {
                let shared = Arc::clone(&shared);
                async move { shared.attempt().await }
            })
            .await;
        }));
    }
    let dashboard = if load.dashboard_rate > 0.0 {
        Some(tokio::spawn(dashboard(
            load.server.url.clone(),
            load.dashboard_rate,
            until,
        )))
    } else {
        None
    };
    let mut peak = rss_before.unwrap_or_default();
    while Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Some(now) = load.pid.and_then(|p| rss_kib(p, "VmRSS")) {
            peak = peak.max(now);
        }
    }
    for task in tasks {
        task.await?;
    }
    let dashboard = match dashboard {
        Some(task) => Some(task.await??),
        None => None,
    };
    let tally = std::mem::take(&mut *shared.tally.lock().unwrap_or_else(PoisonError::into_inner));
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let per_second = |n: usize| n as f64 / load.seconds as f64;
    let mut sign_ins = serde_json::Map::new();
    for ((kind, status), latencies) in &tally.latencies {
        sign_ins.insert(
            format!("{}_{status}", kind.word()),
            json!({ "count": latencies.len(), "per_second": per_second(latencies.len()),
                    "p50_ms": latencies.percentile_ms(50.0), "p99_ms": latencies.percentile_ms(99.0) }),
        );
    }
    let server_busy = server_quantiles(&load.server.url, "503").await;
    Ok(json!({
        "server_busy_ms": server_busy,
        "sign_ins": sign_ins,
        "errors": tally.errors,
        "dashboard": dashboard,
        "rss_before_kib": rss_before,
        "rss_peak_kib": peak,
    }))
}

/// Calls `each` `rate` times a second until `until`, without waiting for answers (an open loop:
/// a slow server does not slow the arrivals).
async fn open_loop<F, Fut>(rate: f64, until: Instant, each: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let every = Duration::from_secs_f64(1.0 / rate);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut running = Vec::new();
    while Instant::now() < until {
        tick.tick().await;
        running.push(tokio::spawn(each()));
    }
    for task in running {
        let _ = task.await;
    }
}

/// The `Cookie` header of demo customer `identifier` signed in through the form from `from`;
/// tried again while the server answers "busy" (a flood may be running).
pub(crate) async fn signed_in(url: &str, from: IpAddr, identifier: &str) -> anyhow::Result<String> {
    let mut last = anyhow::anyhow!("not tried");
    for _ in 0..200 {
        match sign_in_once(url, from, identifier, None).await {
            Ok(cookie) => return Ok(cookie),
            Err(e) => last = e,
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(last)
}

/// The `Cookie` header of generated customer `C<number>` signed in from their own computer
/// (known since `abri generate`: no new-device e-mail).
pub(crate) async fn generated_signed_in(
    url: &str,
    from: IpAddr,
    number: u32,
) -> anyhow::Result<String> {
    sign_in_once(
        url,
        from,
        &format!("C{number}"),
        Some(device_secret(number)),
    )
    .await
}

async fn sign_in_once(
    url: &str,
    from: IpAddr,
    identifier: &str,
    device: Option<String>,
) -> anyhow::Result<String> {
    let mut browser = Browser::from_address(url, Some(from));
    if let Some(device) = device {
        browser.cookies.insert("abri_device".into(), device);
    }
    let Some(token) = browser.get("/login").await.csrf() else {
        anyhow::bail!("no sign-in form at {url}");
    };
    let fields = [
        ("csrf", token.as_str()),
        ("identifier", identifier),
        ("password", PASSWORD),
    ];
    let signed = browser.post("/login", &fields).await;
    anyhow::ensure!(
        signed.status == StatusCode::SEE_OTHER,
        "{identifier} could not sign in: {}",
        signed.status
    );
    let cookie: Vec<String> = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    Ok(cookie.join("; "))
}

/// The dashboard of a signed-in demo customer, `rate` times a second; its latencies.
async fn dashboard(url: String, rate: f64, until: Instant) -> anyhow::Result<Value> {
    let cookie = Arc::new(signed_in(&url, address(3, 1), "C10000001").await?);
    let client = reqwest::Client::builder()
        .local_address(address(3, 2))
        .build()?;
    let latencies = Arc::new(Mutex::new(Latencies::default()));
    let failures = Arc::new(AtomicU64::new(0));
    {
        let latencies = Arc::clone(&latencies);
        let failures = Arc::clone(&failures);
        open_loop(rate, until, move || {
            let (client, cookie, url) = (client.clone(), Arc::clone(&cookie), url.clone());
            let (latencies, failures) = (Arc::clone(&latencies), Arc::clone(&failures));
            async move {
                let started = Instant::now();
                let answer = client
                    .get(format!("{url}/"))
                    .header("cookie", cookie.as_str())
                    .send()
                    .await;
                let ok = match answer {
                    Ok(r) if r.status() == StatusCode::OK => r.bytes().await.is_ok(),
                    _ => false,
                };
                if ok {
                    latencies
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(started.elapsed());
                } else {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
        .await;
    }
    let latencies = latencies.lock().unwrap_or_else(PoisonError::into_inner);
    Ok(json!({
        "count": latencies.len(),
        "failures": failures.load(Ordering::Relaxed),
        "p50_ms": latencies.percentile_ms(50.0),
        "p99_ms": latencies.percentile_ms(99.0),
    }))
}

/// The server's own p50 and p99 for answers of `status`, from its `/metrics` (a summary since
/// it started): what a refusal costs without the client's scheduling on a saturated machine.
async fn server_quantiles(url: &str, status: &str) -> Value {
    let Ok(answer) = reqwest::get(format!("{url}/metrics")).await else {
        return Value::Null;
    };
    let text = answer.text().await.unwrap_or_default();
    let quantile = |q: &str| {
        text.lines()
            .filter(|l| l.starts_with("abri_http_request_seconds{"))
            .filter(|l| l.contains(&format!("status=\"{status}\"")))
            .find(|l| l.contains(&format!("quantile=\"{q}\"")))
            .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .map(|seconds| seconds * 1000.0)
    };
    json!({ "p50": quantile("0.5"), "p99": quantile("0.99") })
}
