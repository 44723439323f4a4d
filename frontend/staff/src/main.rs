//! Portico's single-page app: the public landing page, the staff consoles, the patient portal
//! and portal registration.

// Errors are `ProblemDetails` by value: about 80 bytes on wasm32, the only target the app runs
// on. A host build (`cargo clippy --workspace`) sees 144 bytes; boxing for that would only add
// noise to every page.
#![cfg_attr(not(target_arch = "wasm32"), allow(clippy::result_large_err))]
mod api;
mod app;
mod components;
mod consoles;
mod format;
mod links;
mod pages;
mod portal_session;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
