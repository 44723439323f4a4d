//! `/staff/messages/:thread`: one conversation, who takes part, the reply box, and the staff
//! actions: assign to me or to nobody, close and reopen. Replies may carry files; files sent in the
//! conversation are listed under their message with Download. Opening it marks it read for this
//! user.
use leptos::prelude::*;
use leptos_router::hooks::use_params;
use portico_types::ProblemDetails;
use portico_types::messaging::{Thread, ThreadStatus};

use crate::api::{self, use_client};
use crate::components::{
    ChosenFiles, Conversation, ErrorBanner, FormErrors, Loaded, MessageDraft, PageHeader, ReplyBox, focus_first_invalid,
};
use crate::links;
use crate::routes::params::ThreadRoute;
use crate::session::use_session;

#[component]
pub fn StaffThread() -> impl IntoView {
    let client = use_client();
    let params = use_params::<ThreadRoute>();
    let id = Memo::new(move |_| params.get().ok().and_then(|p| p.thread));
    let thread = LocalResource::new(move || async move {
        match id.get() {
            Some(id) => api::messages::get(client, id).await,
            None => Err(crate::pages::not_found_problem("conversation")),
        }
    });
    let header =
        || view! { <PageHeader title="Conversation".to_owned() back=("/staff/messages".to_owned(), "Messages") /> };
    view! {
        <Loaded read=thread header let:t>
            <ThreadView t />
        </Loaded>
    }
}

#[component]
fn ThreadView(t: Thread) -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let id = t.id;
    let current = RwSignal::new(t);
    let body = RwSignal::new(String::new());
    let files = ChosenFiles::new();
    let errors = FormErrors::new("reply");
    let apply = move |result: Result<Thread, ProblemDetails>, clear: bool| match result {
        Ok(updated) => {
            current.set(updated);
            if clear {
                body.set(String::new());
                files.clear();
            }
        }
        Err(p) => {
            errors.set(p);
            focus_first_invalid();
        }
    };
    let send = Action::new_local(move |draft: &MessageDraft| {
        let draft = draft.clone();
        async move { api::messages::reply(client, id, draft.body, &draft.files).await }
    });
    Effect::new(move |_| {
        if let Some(r) = send.value().get() {
            apply(r, true);
        }
    });
    let change = Action::new_local(move |what: &Change| {
        let what = *what;
        let me = session.user_id();
        async move {
            match what {
                Change::AssignToMe => api::messages::assign(client, id, me).await,
                Change::Unassign => api::messages::assign(client, id, None).await,
                Change::Close => api::messages::set_closed(client, id, true).await,
                Change::Reopen => api::messages::set_closed(client, id, false).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(r) = change.value().get() {
            errors.clear();
            apply(r, false);
        }
    });
    let t = current.get_untracked();
    let title = Signal::derive(move || current.with(|t| t.subject.clone()));
    let patient = t.patient_id;
    let lead = Signal::derive(move || {
        current.with(|t| {
            let with = t.participants.iter().map(|p| format!("{} ({})", p.name, p.role.label())).collect::<Vec<_>>();
            let people =
                if with.is_empty() { "no one with portal access any more".to_owned() } else { with.join(", ") };
            let assigned =
                t.assigned_to.as_ref().map_or("Not assigned".to_owned(), |a| format!("Assigned to {}", a.name));
            format!("{} · With {people} · {assigned}", t.patient_name.clone().unwrap_or_default())
        })
    });
    let mine = move || current.with(|t| t.assigned_to.as_ref().map(|a| a.id) == session.user_id());
    let closed = move || current.with(|t| t.status == ThreadStatus::Closed);
    view! {
        <PageHeader title lead back=("/staff/messages".to_owned(), "Messages")>
            <a class="button button-secondary" href=links::patient(patient)>
                "Facesheet"
            </a>
            {move || {
                if mine() {
                    view! { <button type="button" class="button button-secondary" on:click=move |_| { change.dispatch(Change::Unassign); }>"Unassign"</button> }
                        .into_any()
                } else {
                    view! { <button type="button" class="button button-secondary" on:click=move |_| { change.dispatch(Change::AssignToMe); }>"Assign to me"</button> }
                        .into_any()
                }
            }}
            {move || {
                if closed() {
                    view! { <button type="button" class="button button-secondary" on:click=move |_| { change.dispatch(Change::Reopen); }>"Reopen"</button> }
                        .into_any()
                } else {
                    view! { <button type="button" class="button button-secondary" on:click=move |_| { change.dispatch(Change::Close); }>"Close"</button> }
                        .into_any()
                }
            }}
        </PageHeader>
        <ErrorBanner errors />
        {move || view! { <Conversation messages=current.with(|t| t.messages.clone()) practice_side=true /> }}
        {move || {
            if closed() {
                view! { <p class="banner banner-info">"This conversation is closed: reopen it to reply."</p> }.into_any()
            } else {
                view! {
                    <ReplyBox body files errors pending=send.pending() on_send=Callback::new(move |draft| { send.dispatch_local(draft); }) />
                    <p class="hint">"The people in this conversation get an email saying a message is waiting, never what it says."</p>
                }
                    .into_any()
            }
        }}
    }
}

#[derive(Debug, Clone, Copy)]
enum Change {
    AssignToMe,
    Unassign,
    Close,
    Reopen,
}
