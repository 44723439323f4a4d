//! Time is injected so expiry, notice windows and throttles are testable.
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// The practice's calendar day at `at`, in its IANA zone (UTC if the stored zone is unknown).
pub fn local_day(at: DateTime<Utc>, timezone: &str) -> chrono::NaiveDate {
    let tz: chrono_tz::Tz = timezone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).date_naive()
}

/// A date as people at the practice read it, e.g. "December 5, 2026".
pub fn local_date(at: DateTime<Utc>, timezone: &str) -> String {
    local_day(at, timezone).format("%B %-d, %Y").to_string()
}

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to (tests, demos of expiry).
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Mutex::new(start))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_practice_day_is_its_own_zones() {
        let evening = "2026-12-02T03:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(local_day(evening, "America/Chicago").to_string(), "2026-12-01");
        assert_eq!(local_day(evening, "UTC").to_string(), "2026-12-02");
        assert_eq!(local_date(evening, "America/Chicago"), "December 1, 2026");
        assert_eq!(local_day(evening, "Not/AZone").to_string(), "2026-12-02", "unknown zones read as UTC");
    }
}
