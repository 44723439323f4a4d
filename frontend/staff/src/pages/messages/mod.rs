//! The Messages console (MSG-4): `/staff/messages` lists the practice's conversations with the
//! signed-in user's own unread counts, filtered by unread or assigned to me; a thread opens at
//! `/staff/messages/:thread`, and a new one starts from the facesheet
//! (`/staff/patients/:id/messages/new`).
mod new_thread;
mod people;
mod thread;

pub use new_thread::NewThread;
pub use thread::StaffThread;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portico_types::messaging::{ThreadStatus, ThreadSummary};
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{Loaded, PageHeader, Paged, ShowMore};
use crate::format;
use crate::links;

/// Which threads the inbox shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    All,
    Unread,
    Mine,
}

impl View {
    const ALL: [View; 3] = [View::All, View::Unread, View::Mine];

    fn label(self) -> &'static str {
        match self {
            View::All => "All",
            View::Unread => "Unread",
            View::Mine => "Assigned to me",
        }
    }

    fn query(self) -> &'static str {
        match self {
            View::All => "",
            View::Unread => "unread",
            View::Mine => "mine",
        }
    }

    fn filters(self) -> Vec<(&'static str, String)> {
        match self {
            View::All => vec![],
            View::Unread => vec![("unread", "true".into())],
            View::Mine => vec![("assigned", "me".into())],
        }
    }
}

#[component]
pub fn Messages() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let view_of = Memo::new(move |_| match query.with(|q| q.get("show")).as_deref() {
        Some("unread") => View::Unread,
        Some("mine") => View::Mine,
        _ => View::All,
    });
    let threads = Paged::new(move |cursor| {
        let mut filters = view_of.get().filters();
        if let Some(c) = cursor {
            filters.push(("cursor", c));
        }
        api::messages::inbox(client, filters)
    });
    view! {
        <PageHeader
            title="Messages".to_owned()
            lead="Conversations with patients and their guardians and guarantors, newest first. Start one from a patient's facesheet.".to_owned()
        />
        <nav class="segmented" aria-label="Which conversations">
            {View::ALL
                .into_iter()
                .map(|v| {
                    let href = match v.query() {
                        "" => "/staff/messages".to_owned(),
                        q => format!("/staff/messages?show={q}"),
                    };
                    view! {
                        <a class="segment" href=href aria-current=move || (view_of.get() == v).then_some("page")>
                            {v.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <Loaded read=threads.first let:page>
            {if page.items.is_empty() {
                let note = match view_of.get_untracked() {
                    View::All => "No conversations yet. Open a patient's facesheet and choose “New message”.",
                    View::Unread => "Nothing unread. You are all caught up.",
                    View::Mine => "No conversations are assigned to you.",
                };
                view! { <p class="empty">{note}</p> }.into_any()
            } else {
                view! {
                    <ul class="thread-list">
                        {page.items.into_iter().map(|t| view! { <InboxRow t /> }).collect_view()}
                        {move || threads.more.get().into_iter().map(|t| view! { <InboxRow t /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
        <ShowMore paged=threads label="Show more conversations" />
    }
}

#[component]
fn InboxRow(t: ThreadSummary) -> impl IntoView {
    let is_unread = t.unread > 0;
    let badge = format::new_count(t.unread);
    let mut meta = vec![t.patient_name.clone().unwrap_or_default()];
    if let Some(a) = &t.assigned_to {
        meta.push(format!("Assigned to {}", a.name));
    }
    if t.status == ThreadStatus::Closed {
        meta.push("Closed".into());
    }
    meta.push(format::instant(t.last_message_at));
    view! {
        <li class="thread-row" class:unread=is_unread>
            <a href=links::thread(t.id)>
                <span class="thread-subject">{t.subject} {badge.map(|b| view! { <span class="badge">{b}</span> })}</span>
                <span class="thread-preview">{t.preview}</span>
                <span class="thread-meta">{meta.join(" · ")}</span>
            </a>
        </li>
    }
}

/// The facesheet's Messages card: this patient's conversations and "New message".
#[component]
pub fn PatientMessages(patient_id: Uuid) -> impl IntoView {
    let client = use_client();
    let threads =
        LocalResource::new(move || api::messages::inbox(client, vec![("patient_id", patient_id.to_string())]));
    view! {
        <section class="card" aria-labelledby="messages-heading">
            <div class="card-heading">
                <h2 id="messages-heading">"Messages"</h2>
                <a class="button button-secondary" href=links::new_thread(patient_id)>
                    "New message"
                </a>
            </div>
            <Loaded read=threads let:page>
                {if page.items.is_empty() {
                    view! { <p class="muted">"No conversations with this patient yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="thread-list compact">
                            {page.items.into_iter().map(|t| view! { <InboxRow t /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
        </section>
    }
}
