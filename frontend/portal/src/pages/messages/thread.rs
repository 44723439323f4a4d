//! `/portal/messages/{thread}?patient={id}`: one conversation ("Show earlier messages" above the
//! newest 50), and the reply box while it is open.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use portico_types::ErrorCode;
use portico_types::messaging::{Thread, ThreadStatus};
use uuid::Uuid;

use crate::api::{self, problem};
use crate::components::{
    ChosenFiles, Conversation, ErrorBanner, FormErrors, Loaded, MessageDraft, PageHeader, ReplyBox, Transcript,
    focus_first_invalid,
};
use crate::links;
use crate::pages::home::use_chosen_patient;
use crate::session::use_portal;

#[component]
pub fn PortalThread() -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let chosen = use_chosen_patient(portal);
    let params = use_params_map();
    let thread_id = Memo::new(move |_| params.with(|p| p.get("thread")).and_then(|id| Uuid::parse_str(&id).ok()));
    let thread = LocalResource::new(move || async move {
        match (chosen.get(), thread_id.get()) {
            (Some(patient), Some(id)) => api::messages::get(client, patient, id).await,
            _ => Err(problem(404, ErrorCode::NotFound, "Not found", "This conversation is not here.")),
        }
    });
    let back = move || chosen.get_untracked().map(links::messages).unwrap_or_else(|| links::home(None));
    let header = move || view! { <PageHeader title="Message".to_owned() back=(back(), "Messages") /> };
    view! {
        <Loaded read=thread header let:t>
            <ThreadView t back=back() />
        </Loaded>
    }
}

#[component]
fn ThreadView(t: Thread, back: String) -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let (patient, id) = (t.patient_id, t.id);
    let transcript = Transcript::new(&t, move |before| api::messages::earlier(client, patient, id, before));
    let body = RwSignal::new(String::new());
    let files = ChosenFiles::new();
    let errors = FormErrors::new("reply");
    let send = Action::new_local(move |draft: &MessageDraft| {
        let draft = draft.clone();
        async move { api::messages::reply(client, patient, id, draft.body, &draft.files).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(updated)) => {
            transcript.update(&updated);
            body.set(String::new());
            files.clear();
        }
        Some(Err(p)) => {
            errors.set(p);
            focus_first_invalid();
        }
        None => {}
    });
    let closed = t.status == ThreadStatus::Closed;
    let with = t.participants.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <PageHeader title=t.subject.clone() back=(back, "Messages") />
        <p class="hint">{format!("Between the practice and {with}.")}</p>
        <Conversation transcript />
        {if t.can_reply {
            view! {
                <ErrorBanner errors />
                <ReplyBox body files errors pending=send.pending() on_send=Callback::new(move |draft| { send.dispatch_local(draft); }) />
            }
                .into_any()
        } else if closed {
            view! {
                <p class="banner banner-info">
                    "This conversation is closed. To ask something new, call the practice."
                </p>
            }
                .into_any()
        } else {
            ().into_any()
        }}
    }
}
