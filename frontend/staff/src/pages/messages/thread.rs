//! `/staff/messages/:thread`: one conversation, who takes part, the reply box, and the staff
//! actions: change who takes part, assign to me or to nobody, close and reopen. Replies may carry
//! files; files sent in the conversation are listed under their message with Download. The newest
//! 50 messages show first, earlier ones on asking. Opening it marks it read for this user.
use leptos::prelude::*;
use leptos_router::hooks::use_params;
use portico_types::ProblemDetails;
use portico_types::messaging::{Thread, ThreadStatus};

use super::people::{ChangePeople, people_notice};
use crate::api::{self, use_client};
use crate::components::{
    ChosenFiles, Conversation, Dialog, ErrorBanner, Flash, FormErrors, Loaded, MessageDraft, PageHeader, ReplyBox,
    Transcript, focus_first_invalid,
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
    let flash = expect_context::<Flash>();
    let id = t.id;
    let transcript = Transcript::new(&t, move |before| api::messages::earlier(client, id, before));
    let current = RwSignal::new(t);
    let body = RwSignal::new(String::new());
    let files = ChosenFiles::new();
    let errors = FormErrors::new("reply");
    let apply = move |result: Result<Thread, ProblemDetails>, clear: bool| match result {
        Ok(updated) => {
            transcript.update(&updated);
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
    // "Change people": the patient's portal accounts are asked for first, so the dialog opens
    // with its checkboxes (and focus on the first).
    let people_open = RwSignal::new(false);
    let people = RwSignal::new(Vec::new());
    let patient = current.with_untracked(|t| t.patient_id);
    let ask_people = Action::new_local(move |_: &()| api::messages::recipients(client, patient));
    Effect::new(move |_| match ask_people.value().get() {
        Some(Ok(list)) => {
            people.set(list);
            people_open.set(true);
        }
        Some(Err(p)) => errors.set(p),
        None => {}
    });
    let people_saved = Callback::new(move |updated: Thread| {
        let told = current.with_untracked(|t| people_notice(&t.participants, &updated.participants));
        transcript.update(&updated);
        current.set(updated);
        people_open.set(false);
        if let Some(told) = told {
            flash.show_here(told);
        }
    });
    let title = Signal::derive(move || current.with(|t| t.subject.clone()));
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
            <button
                type="button"
                class="button button-secondary"
                aria-disabled=move || ask_people.pending().get().then_some("true")
                on:click=move |_| {
                    if !ask_people.pending().get_untracked() {
                        errors.clear();
                        ask_people.dispatch(());
                    }
                }
            >
                "Change people"
            </button>
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
        <Conversation transcript practice_side=true />
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
        <Dialog open=people_open id="people-dialog" title="Change people".to_owned()>
            <ChangePeople
                thread=id
                people=people.get_untracked()
                taking_part=current.with_untracked(|t| t.participants.iter().map(|p| p.account_id).collect())
                saved=people_saved
                on_cancel=move || people_open.set(false)
            />
        </Dialog>
    }
}

#[derive(Debug, Clone, Copy)]
enum Change {
    AssignToMe,
    Unassign,
    Close,
    Reopen,
}
