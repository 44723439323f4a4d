//! What Portico's two single-page apps share: the API client, the session machine, the small
//! components every page is built from, formatting and the parsing of addresses. The patient app
//! (`portico-portal`) and the staff consoles (`portico-staff`) are separate downloads over it.

// Errors are `ProblemDetails` by value: about 80 bytes on wasm32, the only target the apps run
// on. A host build (`cargo clippy --workspace`) sees 144 bytes; boxing for that would only add
// noise to every page.
#![cfg_attr(not(target_arch = "wasm32"), allow(clippy::result_large_err))]
pub mod api;
pub mod components;
pub mod format;
pub mod links;
pub mod money;
pub mod session;
