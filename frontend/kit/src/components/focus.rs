//! Moving keyboard focus where a person's attention should go next.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the first element matching `selector`; `false` when there is none.
pub fn focus(selector: &str) -> bool {
    let el = document().query_selector(selector).ok().flatten();
    match el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// After a failed submit, puts the keyboard on the first field that has an error, so a screen
/// reader reads its label and message together. Waits a frame for the errors to render; an open
/// dialog's fields come before the page's.
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        let _ = focus("dialog[open] [aria-invalid='true']") || focus("main [aria-invalid='true']");
    });
}
