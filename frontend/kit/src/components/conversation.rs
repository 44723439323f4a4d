//! A thread's messages as both apps show them: oldest first, the reader's side on the right (the
//! portal: the reader's own; the staff consoles: everything the practice wrote), each with who
//! wrote it and when. Bodies are plain text in text nodes (never HTML, SEC-6), with
//! their line breaks kept by CSS.
use leptos::prelude::*;
use portico_types::messaging::{Party, ThreadMessage};

use super::{FormErrors, TextAreaField};
use crate::format;

#[component]
pub fn Conversation(
    messages: Vec<ThreadMessage>,
    /// Staff consoles: every practice message sits on the reader's side.
    #[prop(optional)]
    practice_side: bool,
) -> impl IntoView {
    view! {
        <ol class="conversation" aria-label="Messages, oldest first">
            {messages
                .into_iter()
                .map(|m| {
                    let who = if m.mine { "You".to_owned() } else { m.author_name.clone() };
                    let ours = m.mine || (practice_side && m.author == Party::Staff);
                    view! {
                        <li class="bubble" class:mine=ours>
                            <p class="bubble-meta">
                                <span class="bubble-author">{who}</span>
                                " · "
                                <time datetime=format::iso(m.sent_at)>{format::instant(m.sent_at)}</time>
                            </p>
                            <p class="bubble-body">{m.body}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The reply box under a conversation: a labelled text area and a send button that says when it
/// is busy. `on_send` gets the text; the caller clears `body` once the reply is saved.
#[component]
pub fn ReplyBox(
    body: RwSignal<String>,
    errors: FormErrors,
    #[prop(into)] pending: Signal<bool>,
    on_send: Callback<String>,
    #[prop(default = "Your reply")] label: &'static str,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let text = body.get_untracked();
        if text.trim().is_empty() {
            errors.reject("body", "Write a message first.");
            super::focus_first_invalid();
            return;
        }
        on_send.run(text);
    };
    view! {
        <form class="stack reply-box" novalidate on:submit=submit>
            <TextAreaField label field="body" value=body errors rows=4 />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Sending…" } else { "Send" }}
                </button>
            </div>
        </form>
    }
}
