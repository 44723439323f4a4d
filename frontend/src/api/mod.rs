//! The one HTTP client of the SPA: same-origin `fetch` through gloo-net, JSON in and out, and every
//! failure turned into a [`ProblemDetails`](portico_types::ProblemDetails) so pages handle server
//! and network errors alike.
//!
//! The access token lives in [`Client`], in memory only. The refresh token is an HttpOnly cookie
//! the browser sends to `/api/v1/staff/auth/*` by itself; the SPA never sees it.

mod client;
pub mod patients;
pub mod practice;
pub mod staff;

pub use client::{Call, Client, problem};
use leptos::prelude::expect_context;
use portico_types::ProblemDetails;

pub type ApiResult<T> = Result<T, ProblemDetails>;

/// The client provided by [`crate::app::App`].
pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// Encodes one query-string value.
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}
