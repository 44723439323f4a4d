//! The one HTTP client of the SPA: same-origin `fetch` through gloo-net, JSON in and out, and every
//! failure turned into a [`ProblemDetails`](portico_types::ProblemDetails) so pages handle server
//! and network errors alike.
//!
//! Access tokens live in a [`Client`], in memory only: one client for staff, another for portal
//! accounts. Refresh tokens are HttpOnly cookies the browser sends to `/api/v1/staff/auth/*` and
//! `/api/v1/portal/auth/*` by itself; the SPA never sees them.
//!
//! Each app adds the endpoint modules only it calls (`portico_portal::api`, `portico_staff::api`).

mod client;

pub use client::{Call, Client, problem, send_with_token};
use leptos::prelude::expect_context;
use portico_types::ProblemDetails;

pub type ApiResult<T> = Result<T, ProblemDetails>;

/// The app's API client, provided via context by each app's root component.
pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// Encodes one query-string value.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}
