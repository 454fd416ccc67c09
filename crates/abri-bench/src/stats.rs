//! Latency percentiles and a process's memory, for every benchmark.

use std::time::Duration;

/// Latencies as measured, for percentiles.
#[derive(Clone, Debug, Default)]
pub(crate) struct Latencies(Vec<Duration>);

impl Latencies {
    pub(crate) fn push(&mut self, took: Duration) {
        self.0.push(took);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Operations a second, when they ran one after another for `window`.
    pub(crate) fn per_second(&self, window: Duration) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let done = self.0.len() as f64;
        done / window.as_secs_f64()
    }

    /// The `p`th percentile in milliseconds (nearest rank), or `None` without measures.
    pub(crate) fn percentile_ms(&self, p: f64) -> Option<f64> {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a rank among at most millions of measures"
        )]
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted
            .get(rank.saturating_sub(1))
            .map(|d| d.as_secs_f64() * 1000.0)
    }
}

/// A memory figure of process `pid` in KiB from `/proc/<pid>/status` (`VmRSS`, `VmHWM`).
pub(crate) fn rss_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut l = Latencies::default();
        for ms in 1..=100 {
            l.push(Duration::from_millis(ms));
        }
        assert_eq!(l.percentile_ms(50.0), Some(50.0));
        assert_eq!(l.percentile_ms(99.0), Some(99.0));
        assert_eq!(Latencies::default().percentile_ms(50.0), None);
    }

    #[test]
    fn our_own_memory_is_read() {
        assert!(rss_kib(std::process::id(), "VmRSS").is_some_and(|kib| kib > 0));
    }
}
