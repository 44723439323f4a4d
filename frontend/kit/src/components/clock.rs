//! Countdowns: "You can send again in 42 s" (INV-3, REG-3, AUTH-3).
use std::time::Duration;

use leptos::prelude::*;

use crate::format;

/// The browser's clock in milliseconds, ticking once a second while the calling component is
/// mounted.
pub fn use_now() -> ReadSignal<f64> {
    ticking_clock().0
}

fn ticking_clock() -> (ReadSignal<f64>, WriteSignal<f64>) {
    let (now, set_now) = signal(js_sys::Date::now());
    let tick = set_interval_with_handle(move || set_now.set(js_sys::Date::now()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    (now, set_now)
}

/// When a wait of `secs` from `now_ms` ends; no wait at all is "ready now" (0), whatever the
/// clock said at its last tick.
fn deadline_ms(now_ms: f64, secs: u64) -> f64 {
    if secs == 0 { 0.0 } else { now_ms + secs as f64 * 1000.0 }
}

/// A wait before something may be tried again, counted down each second.
#[derive(Clone, Copy)]
pub struct Cooldown {
    until_ms: RwSignal<f64>,
    now: ReadSignal<f64>,
    set_now: WriteSignal<f64>,
}

impl Cooldown {
    pub fn new() -> Self {
        let (now, set_now) = ticking_clock();
        Self { until_ms: RwSignal::new(0.0), now, set_now }
    }

    /// Waits `secs` from now; 0 means ready now. The clock is read afresh, so the first second
    /// shown is not stretched by the time since the last tick.
    pub fn start(&self, secs: u64) {
        let now = js_sys::Date::now();
        self.set_now.set(now);
        self.until_ms.set(deadline_ms(now, secs));
    }

    /// Waits as long as a 429's `retry_after_seconds` says (30 s when it says nothing).
    pub fn start_from(&self, problem: &portico_types::ProblemDetails) {
        self.start(problem.retry_after_seconds.unwrap_or(30));
    }

    /// Seconds left (reactive: changes every second while waiting).
    pub fn left(&self) -> u64 {
        format::seconds_until(self.until_ms.get(), self.now.get())
    }

    pub fn waiting(&self) -> bool {
        self.left() > 0
    }
}

impl Default for Cooldown {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_wait_is_ready_now_even_against_a_late_tick() {
        // The last tick was 900 ms ago: a zero wait must not read "1 second".
        let (now, last_tick) = (10_000.0, 9_100.0);
        assert_eq!(format::seconds_until(deadline_ms(now, 0), last_tick), 0);
        assert_eq!(format::seconds_until(deadline_ms(now, 30), now), 30);
        assert_eq!(format::seconds_until(deadline_ms(now, 1), now + 1_000.0), 0);
    }
}
