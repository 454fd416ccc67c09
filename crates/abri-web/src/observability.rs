//! Prometheus metrics: one recorder per process, rendered at `/metrics`.

use std::sync::OnceLock;

use axum::http::StatusCode;
use metrics::{Counter, Histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Handle to the process's metrics.
#[derive(Clone)]
pub(crate) struct Metrics(Option<PrometheusHandle>);

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

impl Metrics {
    /// Installs the recorder once per process (tests start many servers in one process).
    pub(crate) fn install() -> Self {
        Self(
            HANDLE
                .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
                .clone(),
        )
    }

    /// The text exposition format.
    pub(crate) fn render(&self) -> String {
        self.0
            .as_ref()
            .map(PrometheusHandle::render)
            .unwrap_or_default()
    }
}

/// The statuses Abri answers, as metric labels; anything else is counted as `other`.
const STATUSES: [&str; 17] = [
    "200", "201", "204", "303", "304", "400", "401", "403", "404", "405", "413", "415", "422",
    "429", "500", "503", "other",
];

/// Each status's request counter and latency histogram, registered once: looking them up by
/// name and label on every request cost the probes of BENCHMARKS.md B4 a hashed lookup each.
/// Built on the first request, after the recorder is installed.
static BY_STATUS: OnceLock<[(Counter, Histogram); STATUSES.len()]> = OnceLock::new();

/// Counts one answered request and its time, by status (how fast refusals are, a flood's
/// excess in BENCHMARKS.md B3, shows apart).
pub(crate) fn record_request(status: StatusCode, seconds: f64) {
    let handles = BY_STATUS.get_or_init(|| {
        std::array::from_fn(|i| {
            let status = STATUSES[i];
            (
                metrics::counter!("abri_http_requests_total", "status" => status),
                metrics::histogram!("abri_http_request_seconds", "status" => status),
            )
        })
    });
    let code = status.as_str();
    let i = STATUSES
        .iter()
        .position(|s| *s == code)
        .unwrap_or(STATUSES.len() - 1);
    let (counter, histogram) = &handles[i];
    counter.increment(1);
    histogram.record(seconds);
}
