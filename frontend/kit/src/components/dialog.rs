//! A modal built on `<dialog>`: the browser traps focus, closes it on Escape and returns focus to
//! the button that opened it.
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    /// Unique on the page; names the dialog through its heading.
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() && !el.open() {
            let _ = el.show_modal();
            // The content renders with `open`; give it a frame, then start on its first control.
            request_animation_frame(move || {
                let first = el.query_selector("input, select, textarea, button").ok().flatten();
                if let Some(first) = first.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = first.focus();
                }
            });
        } else if !open.get() && el.open() {
            el.close();
        }
    });
    view! {
        <dialog id=id class="dialog" node_ref=dialog aria-labelledby=format!("{id}-title") on:close=move |_| open.set(false)>
            <h2 id=format!("{id}-title")>{title}</h2>
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}
