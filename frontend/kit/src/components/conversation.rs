//! A thread's messages as both apps show them: oldest first, the reader's side on the right (the
//! portal: the reader's own; the staff consoles: everything the practice wrote), each with who
//! wrote it and when. Bodies are plain text in text nodes (never HTML, SEC-6), with
//! their line breaks kept by CSS. Files sent with a message are listed under its text, each with
//! a Download button; the reply box can attach files.
//!
//! A thread view holds only the newest messages; while there are earlier ones, "Show earlier
//! messages" above the first puts the page before it in front ([`Transcript`]).
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portico_types::ProblemDetails;
use portico_types::messaging::{MessagePage, Party, Thread, ThreadMessage};
use uuid::Uuid;
use web_sys::File;

use super::attachments::FILE_FIELD;
use super::{AttachmentList, ChosenFiles, FilePicker, FormErrors, TextAreaField, focus};
use crate::format;

/// Loads the page before a message and puts it in front.
type LoadEarlier = Box<dyn Fn(Uuid)>;

/// A thread's messages as shown, oldest first: the newest page of the thread view, with earlier
/// pages put in front as the reader asks for them. `Copy`, like a signal.
#[derive(Clone, Copy)]
pub struct Transcript {
    messages: RwSignal<Vec<ThreadMessage>>,
    /// Messages before the first one shown exist.
    has_earlier: RwSignal<bool>,
    loading: RwSignal<bool>,
    /// What the last "Show earlier messages" did, for screen readers.
    status: RwSignal<String>,
    /// Why it could not.
    failed: RwSignal<Option<String>>,
    load: StoredValue<LoadEarlier, LocalStorage>,
}

impl Transcript {
    /// `fetch(before)` loads the messages before the message `before`: the app's own
    /// `GET …/threads/{id}/messages?before=` call.
    pub fn new<Fut>(thread: &Thread, fetch: impl Fn(Uuid) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<MessagePage, ProblemDetails>> + 'static,
    {
        let messages = RwSignal::new(thread.messages.clone());
        let has_earlier = RwSignal::new(thread.has_earlier);
        let loading = RwSignal::new(false);
        let status = RwSignal::new(String::new());
        let failed = RwSignal::new(None);
        let load = StoredValue::new_local(Box::new(move |before: Uuid| {
            let page = fetch(before);
            loading.set(true);
            failed.set(None);
            spawn_local(async move {
                let page = page.await;
                loading.set(false);
                let page = match page {
                    Ok(page) => page,
                    Err(p) => return failed.set(Some(p.detail)),
                };
                // The newest of them sits just above where the reader was: they continue there.
                let next = page.items.last().map_or(before, |m| m.id);
                let added = page.items.len();
                messages.update(|shown| prepend(shown, page.items));
                has_earlier.set(page.has_earlier);
                let total = messages.with_untracked(Vec::len);
                status.set(earlier_status(added, total, page.has_earlier));
                // Once the new messages are in the page (their effects run before the frame).
                request_animation_frame(move || {
                    focus(&format!("#{}", message_id(next)));
                });
            });
        }) as LoadEarlier);
        Self { messages, has_earlier, loading, status, failed, load }
    }

    /// A newer view of the same thread (the answer to a reply, an assignment, a change of who
    /// takes part): its newest messages replace those shown, and earlier ones already shown stay.
    pub fn update(&self, thread: &Thread) {
        let (messages, has_earlier) = self.messages.with_untracked(|shown| {
            merge(shown, self.has_earlier.get_untracked(), thread.messages.clone(), thread.has_earlier)
        });
        self.messages.set(messages);
        self.has_earlier.set(has_earlier);
    }

    fn load_earlier(&self) {
        if self.loading.get_untracked() {
            return;
        }
        if let Some(first) = self.messages.with_untracked(|m| m.first().map(|m| m.id)) {
            self.load.with_value(|load| load(first));
        }
    }
}

/// The element id of a message in the page.
fn message_id(id: Uuid) -> String {
    format!("message-{id}")
}

/// `earlier` (oldest first) in front of the `shown` messages, leaving out any already shown.
fn prepend(shown: &mut Vec<ThreadMessage>, earlier: Vec<ThreadMessage>) {
    let mut all: Vec<ThreadMessage> = earlier.into_iter().filter(|m| !shown.iter().any(|s| s.id == m.id)).collect();
    all.append(shown);
    *shown = all;
}

/// The `shown` messages (with whether earlier ones exist) after a newer thread view's `newest`
/// page: the shown ones before that page stay in front of it. When the page does not start
/// within what is shown (more than a page was written meanwhile), the page alone is shown.
fn merge(
    shown: &[ThreadMessage],
    shown_has_earlier: bool,
    newest: Vec<ThreadMessage>,
    newest_has_earlier: bool,
) -> (Vec<ThreadMessage>, bool) {
    let at = newest.first().and_then(|first| shown.iter().position(|m| m.id == first.id));
    match at {
        Some(at) if at > 0 => {
            let mut all = shown[..at].to_vec();
            all.extend(newest);
            (all, shown_has_earlier)
        }
        _ => (newest, newest_has_earlier),
    }
}

/// What a screen reader hears once earlier messages are shown; it differs from one page to the
/// next, so each is announced.
fn earlier_status(added: usize, total: usize, more: bool) -> String {
    let shown = format::count(added, "earlier message");
    if more {
        format!("{shown} shown above; {total} messages so far.")
    } else {
        format!("{shown} shown above: this is the start of the conversation, {total} messages in all.")
    }
}

#[component]
pub fn Conversation(
    transcript: Transcript,
    /// Staff consoles: every practice message sits on the reader's side.
    #[prop(optional)]
    practice_side: bool,
) -> impl IntoView {
    let t = transcript;
    let loading = move || t.loading.get();
    view! {
        {move || {
            t.has_earlier
                .get()
                .then(|| {
                    view! {
                        <div class="earlier">
                            <button type="button" class="button button-secondary" on:click=move |_| t.load_earlier()>
                                {move || if loading() { "Loading earlier messages…" } else { "Show earlier messages" }}
                            </button>
                        </div>
                    }
                })
        }}
        {move || t.failed.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        <p class="visually-hidden" role="status">
            {move || t.status.get()}
        </p>
        <ol class="conversation" aria-label="Messages, oldest first">
            {move || {
                t.messages
                    .get()
                    .into_iter()
                    .map(|m| {
                        let who = if m.mine { "You".to_owned() } else { m.author_name.clone() };
                        let ours = m.mine || (practice_side && m.author == Party::Staff);
                        view! {
                            // Focusable by script only: "Show earlier messages" moves the reader here.
                            <li class="bubble" class:mine=ours id=message_id(m.id) tabindex="-1">
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
                    .collect_view()
            }}
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

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    fn message(n: u32) -> ThreadMessage {
        ThreadMessage {
            id: Uuid::from_u128(u128::from(n)),
            author: Party::Staff,
            author_name: "Front desk".to_owned(),
            mine: false,
            body: format!("Message {n}"),
            attachments: Vec::new(),
            sent_at: Utc.timestamp_opt(1_700_000_000 + i64::from(n), 0).unwrap(),
        }
    }

    fn messages(from: u32, to: u32) -> Vec<ThreadMessage> {
        (from..=to).map(message).collect()
    }

    fn numbers(shown: &[ThreadMessage]) -> Vec<u128> {
        shown.iter().map(|m| m.id.as_u128()).collect()
    }

    #[test]
    fn earlier_pages_go_in_front_once() {
        let mut shown = messages(51, 100);
        prepend(&mut shown, messages(1, 50));
        assert_eq!(numbers(&shown), (1..=100).collect::<Vec<_>>());
        // The same page twice (a double click that got through) shows each message once.
        prepend(&mut shown, messages(1, 50));
        assert_eq!(shown.len(), 100);
    }

    #[test]
    fn a_newer_view_keeps_the_earlier_messages_already_shown() {
        // 1–100 shown after one "Show earlier messages"; a reply makes the view 52–101.
        let (shown, earlier) = merge(&messages(1, 100), false, messages(52, 101), true);
        assert_eq!(numbers(&shown), (1..=101).collect::<Vec<_>>());
        assert!(!earlier, "the start of the conversation is already shown");

        // Nothing earlier was loaded: the view as it comes.
        let (shown, earlier) = merge(&messages(51, 100), true, messages(52, 101), true);
        assert_eq!(numbers(&shown), (51..=101).collect::<Vec<_>>());
        assert!(earlier);

        // A short thread: the view as it comes.
        let (shown, earlier) = merge(&messages(1, 3), false, messages(1, 4), false);
        assert_eq!(numbers(&shown), (1..=4).collect::<Vec<_>>());
        assert!(!earlier);

        // More than a page written meanwhile: a gap would follow, so the view alone.
        let (shown, earlier) = merge(&messages(1, 100), false, messages(151, 200), true);
        assert_eq!(numbers(&shown), (151..=200).collect::<Vec<_>>());
        assert!(earlier);
    }

    #[test]
    fn each_load_is_told_differently() {
        assert_eq!(earlier_status(50, 100, true), "50 earlier messages shown above; 100 messages so far.");
        assert_eq!(earlier_status(50, 150, true), "50 earlier messages shown above; 150 messages so far.");
        assert_eq!(
            earlier_status(1, 151, false),
            "1 earlier message shown above: this is the start of the conversation, 151 messages in all."
        );
    }
}
