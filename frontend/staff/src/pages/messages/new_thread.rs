//! `/staff/patients/:id/messages/new`: write to a patient — a subject, the first message, and who
//! takes part among the patient's portal accounts (everyone, unless unticked), and any files.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portico_types::messaging::{NewStaffThread, Participant};
use uuid::Uuid;

use crate::api::{self, File, use_client};
use crate::components::{
    Checklist, ChosenFiles, ErrorBanner, FILE_FIELD, FilePicker, FormErrors, Loaded, PageHeader, TextAreaField,
    TextField, focus_first_invalid,
};
use crate::links;
use crate::pages::use_patient_id;

#[component]
pub fn NewThread() -> impl IntoView {
    let client = use_client();
    let id = use_patient_id();
    let people = LocalResource::new(move || async move {
        match id.get() {
            Some(id) => api::messages::recipients(client, id).await,
            None => Err(crate::pages::no_such_patient()),
        }
    });
    let back = move || id.get_untracked().map(links::patient).unwrap_or_else(|| "/staff/patients".to_owned());
    let header = move || view! { <PageHeader title="New message".to_owned() back=(back(), "Facesheet") /> };
    view! {
        <Loaded read=people header let:people>
            <PageHeader title="New message".to_owned() back=(back(), "Facesheet") />
            {id.get_untracked().map(|patient| view! { <Compose patient people /> })}
        </Loaded>
    }
}

#[component]
fn Compose(patient: Uuid, people: Vec<Participant>) -> impl IntoView {
    let client = use_client();
    let navigate = use_navigate();
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let chosen = RwSignal::new(people.iter().map(|p| p.account_id).collect::<Vec<_>>());
    let files = ChosenFiles::new();
    let errors = FormErrors::new("new-thread");
    let send = Action::new_local(move |(input, files): &(NewStaffThread, Vec<File>)| {
        let (input, files) = (input.clone(), files.clone());
        async move { api::messages::start(client, patient, input, &files).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(thread)) => navigate(&links::thread(thread.id), Default::default()),
        Some(Err(p)) => {
            errors.set(p);
            focus_first_invalid();
        }
        None => {}
    });
    if people.is_empty() {
        return view! {
            <p class="empty">
                "No one has portal access for this patient yet. Send a portal invitation from the facesheet first; once they register, you can write to them here."
            </p>
        }
        .into_any();
    }
    let items = people.into_iter().map(|p| (p.account_id, p.name, p.role.label().to_owned())).collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let attached = files.get_untracked();
        let file_problem = files.check();
        let ok = errors.require(&[
            (
                "participant_account_ids",
                chosen.with_untracked(Vec::is_empty),
                "Choose at least one person to write to.",
            ),
            (
                "subject",
                subject.with_untracked(|s| s.trim().is_empty()),
                "Enter a subject, like \"Your exercise plan\".",
            ),
            ("body", body.with_untracked(|b| b.trim().is_empty()) && attached.is_empty(), "Write a message first."),
            (FILE_FIELD, file_problem.is_some(), file_problem.as_deref().unwrap_or_default()),
        ]);
        if !ok {
            return;
        }
        let input = NewStaffThread {
            subject: subject.get_untracked(),
            body: body.get_untracked(),
            participant_account_ids: Some(chosen.get_untracked()),
        };
        send.dispatch_local((input, attached));
    };
    view! {
        <form class="card stack" novalidate on:submit=submit>
            <ErrorBanner errors />
            <Checklist legend="To" field="participant_account_ids" items selected=chosen errors />
            <TextField label="Subject" field="subject" value=subject errors hint="Shown in the portal; never in the email or text that says a message is waiting." />
            <TextAreaField label="Message" field="body" value=body errors rows=8 />
            <FilePicker files errors />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || send.pending().get()>
                    {move || if send.pending().get() { "Sending…" } else { "Send message" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}
