//! Portal accounts (SPEC §1, §3): one per email per practice, holding grants `(patient, role)`.
//! Sign-in, sessions and password reset live here; registration creates the accounts.
pub mod auth;
pub mod routes;
pub mod service;

use chrono::Duration;

use crate::platform::sessions::Lifetimes;

/// SEC-7: a portal session lasts 12 hours, and lapses after 30 idle minutes like the SPA…
pub const PORTAL_SESSION: Lifetimes = Lifetimes { absolute: Duration::hours(12), idle: Duration::minutes(30) };
/// …or 30 days for "keep me signed in".
pub const PORTAL_REMEMBERED: Lifetimes = Lifetimes { absolute: Duration::days(30), idle: Duration::days(30) };
/// AUTH-4: a password-reset link works once, for an hour.
pub const RESET_LINK_TTL: Duration = Duration::hours(1);
/// At most one reset email per account per minute, silently (no hint whether the account exists).
pub const RESET_EMAIL_INTERVAL: Duration = Duration::seconds(60);

/// How long a refreshed token may go unused: a "keep me signed in" session keeps its long window.
pub fn idle_window(session: &crate::entities::auth_sessions::Model) -> Duration {
    if session.absolute_expires_at - session.created_at > PORTAL_SESSION.absolute {
        PORTAL_REMEMBERED.idle
    } else {
        PORTAL_SESSION.idle
    }
}
