//! Staff identity: sign-in, sessions, password changes and the admin's user management.
pub mod auth;
pub mod routes;
pub mod users;

use chrono::Duration;

use crate::platform::sessions::Lifetimes;

/// SEC-7: a staff session lasts 12 hours at most; a refresh token unused for 30 minutes lapses,
/// matching the SPA's idle sign-out.
pub const STAFF_SESSION: Lifetimes = Lifetimes { absolute: Duration::hours(12), idle: Duration::minutes(30) };
