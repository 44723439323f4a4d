//! Delivery rules, pure: how long a worker's lease lasts, when to try again, when to give up.
use chrono::{DateTime, Duration, Utc};

/// Attempts before a message is marked `failed` (about two hours of trying in all).
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed message is left to its worker; after that another worker may take it.
pub const LEASE: Duration = Duration::minutes(2);

pub use portico_types::deliveries::Channel;

pub use crate::entities::values::{MessageKind, OutboxStatus};

/// Wait before attempt `attempts + 1`: 30 s, 1 min, 2 min … capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = (attempts.max(1) - 1).min(10) as u32;
    Duration::seconds((30i64 << exp).min(3600))
}

/// What becomes of a message whose latest attempt (number `attempts`) failed.
#[derive(Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(DateTime<Utc>),
    GiveUp,
}

pub fn after_failure(attempts: i32, now: DateTime<Utc>) -> AfterFailure {
    if attempts >= MAX_ATTEMPTS { AfterFailure::GiveUp } else { AfterFailure::RetryAt(now + backoff(attempts)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(9), Duration::seconds(3600));
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let now = Utc::now();
        assert_eq!(after_failure(1, now), AfterFailure::RetryAt(now + Duration::seconds(30)));
        assert_eq!(after_failure(MAX_ATTEMPTS, now), AfterFailure::GiveUp);
    }
}
