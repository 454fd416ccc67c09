//! When a signed-in session stops being honoured (SECURITY.md 18).

use time::{Duration, OffsetDateTime};

/// A session unused for this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// No session lives longer than this, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);

/// Sensitive actions need the customer to have proven who they are this recently (SECURITY.md 16).
pub const STEP_UP_WINDOW: Duration = Duration::minutes(10);

/// Whether a proof made at `fresh_at` still covers a sensitive action at `now`.
#[must_use]
pub fn is_fresh(fresh_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now - fresh_at <= STEP_UP_WINDOW
}

/// The timestamps that decide a session's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTimes {
    /// When it was created (at sign-in).
    pub created_at: OffsetDateTime,
    /// When it was last used.
    pub last_seen_at: OffsetDateTime,
}

impl SessionTimes {
    /// Whether the session may still be used at `now`.
    #[must_use]
    pub fn is_live(&self, now: OffsetDateTime) -> bool {
        now - self.last_seen_at <= IDLE_TIMEOUT && now - self.created_at <= ABSOLUTE_TIMEOUT
    }

    /// Whether `last_seen_at` is worth writing again (at most once a minute per session).
    #[must_use]
    pub fn needs_touch(&self, now: OffsetDateTime) -> bool {
        now - self.last_seen_at >= Duration::minutes(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn idle_and_absolute_limits() {
        let start = datetime!(2026-11-27 08:00 UTC);
        let fresh = SessionTimes {
            created_at: start,
            last_seen_at: start,
        };
        assert!(fresh.is_live(start + IDLE_TIMEOUT));
        assert!(!fresh.is_live(start + IDLE_TIMEOUT + Duration::seconds(1)));
        let busy = SessionTimes {
            created_at: start,
            last_seen_at: start + Duration::hours(12),
        };
        assert!(busy.is_live(start + ABSOLUTE_TIMEOUT));
        assert!(!busy.is_live(start + ABSOLUTE_TIMEOUT + Duration::seconds(1)));
    }
}
