//! Portico's patient app: the public landing page, portal sign-in and password reset,
//! registration from an invitation link, and the patient portal. The staff consoles are another
//! download (`portico-staff`); both stand on `portico-kit`.

// Errors are `ProblemDetails` by value: about 80 bytes on wasm32 (see portico-kit).
#![cfg_attr(not(target_arch = "wasm32"), allow(clippy::result_large_err))]
mod api;
mod app;
mod links;
mod pages;
mod routes;
mod session;

use portico_kit::{components, format};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
