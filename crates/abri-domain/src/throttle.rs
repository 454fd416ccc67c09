//! Sign-in throttling (SECURITY.md 6–7): growing delays after failures, a lock after 100
//! consecutive failures, the proof of work after 3.

use time::{Duration, OffsetDateTime};

/// Consecutive failures that lock the account (until a password reset or the window ends).
pub const LOCK_AFTER: i64 = 100;
/// How long a lock lasts without a reset.
pub const LOCK_WINDOW: Duration = Duration::hours(24);
/// Failures (per identifier typed, or per IP, in the last hour) after which the proof of work is
/// required at sign-in.
pub const CAPTCHA_AFTER: i64 = 3;
/// Sign-in attempts one IP may make in ten minutes, whatever the accounts.
pub const ATTEMPTS_PER_IP_PER_10_MIN: i64 = 60;
/// Failed sign-ins across all accounts in ten minutes from which everybody must solve the proof
/// of work (spraying one password over many accounts from many addresses). Load itself is shed
/// by the hashing pool's bounded queue, not by a count.
pub const FAILURES_GLOBAL_BEFORE_PROOF: i64 = 1_000;

/// The wait imposed after `failures` consecutive failures: 1 s, 3 s, 5 s, 10 s, 20 s, 30 s,
/// then one minute.
#[must_use]
pub const fn delay_after(failures: i64) -> Duration {
    Duration::seconds(match failures {
        ..=0 => 0,
        1 => 1,
        2 => 3,
        3 => 5,
        4 => 10,
        5 => 20,
        6 => 30,
        _ => 60,
    })
}

/// An account's failure record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Throttle {
    /// Consecutive failures.
    pub failures: i64,
    /// The last one.
    pub last_failure: Option<OffsetDateTime>,
    /// Locked until then.
    pub locked_until: Option<OffsetDateTime>,
}

impl Throttle {
    /// Whether an attempt may be checked now (not locked, not within the delay).
    #[must_use]
    pub fn allows(&self, now: OffsetDateTime) -> bool {
        if self.locked_until.is_some_and(|until| now < until) {
            return false;
        }
        self.last_failure
            .is_none_or(|last| now >= last + delay_after(self.failures))
    }

    /// Whether one more failure locks the account.
    #[must_use]
    pub const fn next_failure_locks(&self) -> bool {
        self.failures + 1 >= LOCK_AFTER
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn delays_grow_and_locks_hold() {
        let t = datetime!(2026-11-27 09:00 UTC);
        let mut throttle = Throttle {
            failures: 2,
            last_failure: Some(t),
            locked_until: None,
        };
        assert!(!throttle.allows(t + Duration::seconds(2)));
        assert!(throttle.allows(t + Duration::seconds(3)));
        throttle.failures = 50;
        assert!(!throttle.allows(t + Duration::seconds(59)));
        assert!(throttle.allows(t + Duration::seconds(60)));
        throttle.locked_until = Some(t + LOCK_WINDOW);
        assert!(!throttle.allows(t + Duration::hours(23)));
        assert!(throttle.allows(t + LOCK_WINDOW));
        assert!(
            Throttle {
                failures: 99,
                ..Throttle::default()
            }
            .next_failure_locks()
        );
        assert!(
            !Throttle {
                failures: 98,
                ..Throttle::default()
            }
            .next_failure_locks()
        );
        assert_eq!(delay_after(0), Duration::ZERO);
    }
}
