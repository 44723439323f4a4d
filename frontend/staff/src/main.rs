//! Portico's staff consoles (`/staff/…`). Patients never download this app: the landing page,
//! registration and the patient portal are `portico-portal`; both stand on `portico-kit`.

// Errors are `ProblemDetails` by value: about 80 bytes on wasm32 (see portico-kit).
#![cfg_attr(not(target_arch = "wasm32"), allow(clippy::result_large_err))]
mod api;
mod app;
mod consoles;
mod links;
mod pages;
mod routes;
mod session;
mod widgets;

use portico_kit::{components, format};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
