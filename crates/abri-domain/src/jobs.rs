//! When a failed job is tried again, and when it stops being tried.

use time::Duration;

/// After this many failed attempts a job is parked as `failed` (kept, visible, retryable by an
/// operator) instead of being tried again.
pub const MAX_ATTEMPTS: i64 = 12;

/// How long a claimed job stays reserved to its worker before another may take it over (a
/// worker that crashed mid-job).
pub const LEASE: Duration = Duration::minutes(5);

/// The wait before attempt `attempts + 1`: 5 s, 10 s, 20 s … doubling, at most one hour.
#[must_use]
pub fn backoff(attempts: i64) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    let seconds = 5_i64.saturating_mul(2_i64.saturating_pow(exponent));
    Duration::seconds(seconds.min(3_600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(5));
        assert_eq!(backoff(2), Duration::seconds(10));
        assert_eq!(backoff(3), Duration::seconds(20));
        assert_eq!(backoff(10), Duration::seconds(2_560));
        assert_eq!(backoff(11), Duration::hours(1));
        assert_eq!(backoff(1_000), Duration::hours(1));
    }
}
