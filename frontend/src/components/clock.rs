//! Countdowns: "You can send again in 42 s" (INV-3, REG-3, AUTH-3).
use std::time::Duration;

use leptos::prelude::*;

use crate::format;

/// The browser's clock in milliseconds, ticking once a second while the calling component is
/// mounted.
pub fn use_now() -> ReadSignal<f64> {
    let (now, set_now) = signal(js_sys::Date::now());
    let tick = set_interval_with_handle(move || set_now.set(js_sys::Date::now()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    now
}

/// A wait before something may be tried again, counted down each second.
#[derive(Clone, Copy)]
pub struct Cooldown {
    until_ms: RwSignal<f64>,
    now: ReadSignal<f64>,
}

impl Cooldown {
    pub fn new() -> Self {
        Self { until_ms: RwSignal::new(0.0), now: use_now() }
    }

    /// Waits `secs` from now.
    pub fn start(&self, secs: u64) {
        self.until_ms.set(js_sys::Date::now() + secs as f64 * 1000.0);
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
