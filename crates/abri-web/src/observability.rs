//! Prometheus metrics: one recorder per process, rendered at `/metrics`.

use std::sync::OnceLock;

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
