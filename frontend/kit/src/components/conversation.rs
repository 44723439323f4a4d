//! A thread's messages as both apps show them: oldest first, the reader's side on the right (the
//! portal: the reader's own; the staff consoles: everything the practice wrote), each with who
//! wrote it and when. Bodies are plain text in text nodes (never HTML, SEC-6), with
//! their line breaks kept by CSS. Files sent with a message are listed under its text, each with
//! a Download button; the reply box can attach files.
use leptos::prelude::*;
use portico_types::messaging::{Party, ThreadMessage};
use web_sys::File;

use super::attachments::FILE_FIELD;
use super::{AttachmentList, ChosenFiles, FilePicker, FormErrors, TextAreaField};
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
                            {(!m.body.is_empty()).then(|| view! { <p class="bubble-body">{m.body}</p> })}
                            <AttachmentList files=m.attachments />
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// What the reply box sends: the text (may be empty when files go with it) and the files.
#[derive(Clone)]
pub struct MessageDraft {
    pub body: String,
    pub files: Vec<File>,
}

/// The reply box under a conversation: a labelled text area, "Attach files", and a send button
/// that says when it is busy. `on_send` gets the draft; the caller clears `body` and `files` once
/// the reply is saved.
#[component]
pub fn ReplyBox(
    body: RwSignal<String>,
    files: ChosenFiles,
    errors: FormErrors,
    #[prop(into)] pending: Signal<bool>,
    on_send: Callback<MessageDraft>,
    #[prop(default = "Your reply")] label: &'static str,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let text = body.get_untracked();
        let chosen = files.get_untracked();
        let file_problem = files.check();
        let ok = errors.require(&[
            ("body", text.trim().is_empty() && chosen.is_empty(), "Write a message first."),
            (FILE_FIELD, file_problem.is_some(), file_problem.as_deref().unwrap_or_default()),
        ]);
        if ok {
            on_send.run(MessageDraft { body: text, files: chosen });
        }
    };
    view! {
        <form class="stack reply-box" novalidate on:submit=submit>
            <TextAreaField label field="body" value=body errors rows=4 />
            <FilePicker files errors />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Sending…" } else { "Send" }}
                </button>
            </div>
        </form>
    }
}
