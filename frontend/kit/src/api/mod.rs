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
mod idempotency;

pub use client::{Call, Client, form_data, problem, send_with_token};
pub use idempotency::IdempotencyKey;
use leptos::prelude::expect_context;
use portico_types::{ErrorCode, FieldError, ProblemDetails};
/// A file chosen in the browser, as the apps pass it to the calls that send it.
pub use web_sys::File;

pub type ApiResult<T> = Result<T, ProblemDetails>;

/// The app's API client, provided via context by each app's root component.
pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// Encodes one query-string value.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// A refused upload, made to name the `file` field so its message shows under the file picker.
/// The API's 413 and 415 already do; one from something in front of it (a proxy's limit) may not.
pub fn upload_problem(mut p: ProblemDetails) -> ProblemDetails {
    let (code, message) = match p.status {
        413 => (ErrorCode::PayloadTooLarge, "A file is too big. Files can be up to 10 MB each."),
        415 => (
            ErrorCode::UnsupportedMediaType,
            "A file is of a kind the practice can't take. Send a PDF, a photo or a text file.",
        ),
        _ => return p,
    };
    if !p.errors.iter().any(|e| e.field.starts_with("file")) {
        p.errors.push(FieldError { field: "file".to_owned(), message: message.to_owned() });
    }
    // Not problem+json at all: say what the status means rather than "unexpected answer".
    if p.code == ErrorCode::Internal {
        p.code = code;
        p.detail = message.to_owned();
    }
    p
}
