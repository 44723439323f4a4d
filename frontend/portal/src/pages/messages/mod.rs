//! `/portal/messages?patient={id}`: the patient's conversations with the practice, newest first,
//! unread ones marked; and `/portal/messages/{thread}` to read and reply. Patients start a
//! conversation only when the practice allows it (CFG-5): otherwise there is no such button.
mod thread;

pub use thread::PortalThread;

use leptos::prelude::*;
use portico_types::ErrorCode;
use portico_types::messaging::{NewPortalThread, PortalThreads, ThreadSummary};
use uuid::Uuid;

use super::home::use_chosen_patient;
use crate::api::{self, File, problem};
use crate::components::{
    ChosenFiles, ErrorBanner, FILE_FIELD, FilePicker, FormErrors, Loaded, PageHeader, TextAreaField, TextField,
    focus_first_invalid,
};
use crate::format;
use crate::links;
use crate::session::use_portal;

#[component]
pub fn PortalMessages() -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let chosen = use_chosen_patient(portal);
    let list = LocalResource::new(move || async move {
        match chosen.get() {
            Some(id) => api::messages::list(client, id).await,
            None => Err(problem(404, ErrorCode::NotFound, "Not found", "There is no one to show here.")),
        }
    });
    let back = move || links::home(chosen.get_untracked());
    let header = move || view! { <PageHeader title="Messages".to_owned() back=(back(), "Home") /> };
    view! {
        <Loaded read=list header let:threads>
            <PageHeader title="Messages".to_owned() back=(back(), "Home") />
            {chosen.get_untracked().map(|patient| view! { <ThreadList threads patient /> })}
        </Loaded>
    }
}

#[component]
fn ThreadList(threads: PortalThreads, patient: Uuid) -> impl IntoView {
    let can_start = threads.can_start;
    let items = threads.items;
    view! {
        {if items.is_empty() {
            let note = if can_start {
                "No messages yet. Write to the practice below."
            } else {
                "No messages yet. When the practice writes to you, you will find it here and we will email you."
            };
            view! { <p class="empty">{note}</p> }.into_any()
        } else {
            view! {
                <ul class="thread-list">
                    {items.into_iter().map(|t| view! { <ThreadRow t patient /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
        {can_start.then(|| view! { <StartThread patient /> })}
    }
}

#[component]
fn ThreadRow(t: ThreadSummary, patient: Uuid) -> impl IntoView {
    let unread = t.unread;
    let is_unread = unread > 0;
    let label = format::new_count(unread);
    view! {
        <li class="thread-row" class:unread=is_unread>
            <a href=links::thread(patient, t.id)>
                <span class="thread-subject">
                    {t.subject}
                    {label.map(|l| view! { <span class="badge">{l}</span> })}
                </span>
                <span class="thread-preview">{t.preview}</span>
                <span class="thread-when">{format::instant(t.last_message_at)}</span>
            </a>
        </li>
    }
}

/// "Write to the practice": a subject, a message and any files, then the new conversation opens.
#[component]
fn StartThread(patient: Uuid) -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let files = ChosenFiles::new();
    let errors = FormErrors::new("new-thread");
    let send = Action::new_local(move |(input, files): &(NewPortalThread, Vec<File>)| {
        let (input, files) = (input.clone(), files.clone());
        async move { api::messages::start(client, patient, input, &files).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(thread)) => {
            let _ = window().location().set_href(&links::thread(patient, thread.id));
        }
        Some(Err(p)) => {
            errors.set(p);
            focus_first_invalid();
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let chosen = files.get_untracked();
        let file_problem = files.check();
        let ok = errors.require(&[
            (
                "subject",
                subject.with_untracked(|s| s.trim().is_empty()),
                "Enter a subject, like \"Question about my exercises\".",
            ),
            ("body", body.with_untracked(|b| b.trim().is_empty()) && chosen.is_empty(), "Write a message first."),
            (FILE_FIELD, file_problem.is_some(), file_problem.as_deref().unwrap_or_default()),
        ]);
        if !ok {
            return;
        }
        let input = NewPortalThread { subject: subject.get_untracked(), body: body.get_untracked() };
        send.dispatch_local((input, chosen));
    };
    view! {
        <section class="card" aria-labelledby="new-thread-heading">
            <h2 id="new-thread-heading">"Write to the practice"</h2>
            <p class="hint">"For anything urgent, call the practice. In an emergency, call 911."</p>
            <ErrorBanner errors />
            <form class="stack" novalidate on:submit=submit>
                <TextField label="Subject" field="subject" value=subject errors />
                <TextAreaField label="Message" field="body" value=body errors rows=5 />
                <FilePicker files errors />
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || send.pending().get()>
                        {move || if send.pending().get() { "Sending…" } else { "Send message" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
