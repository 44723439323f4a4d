//! `/portal/files?patient={id}`: My Files (FILE-1). The account sends the practice documents and
//! photos for this patient, and finds what it sent before, newest first, each with Download. Only
//! the account's own uploads are listed here; files sent in a message stay with the conversation.
use leptos::prelude::*;
use portico_types::files::StoredFile;
use portico_types::portal::PortalArea;
use uuid::Uuid;

use super::home::use_chosen_patient;
use crate::api::{self, File};
use crate::components::{
    ChosenFiles, ErrorBanner, FILE_FIELD, FilePicker, FileRow, FormErrors, Loaded, PageHeader, Paged, ShowMore,
    focus_first_invalid,
};
use crate::format;
use crate::links;
use crate::session::use_portal;

const ABOUT: &str = "Send the practice a document or photo, such as a referral or an insurance card. Only you and \
                     the practice's staff can see what you send.";

#[component]
pub fn MyFiles() -> impl IntoView {
    let portal = use_portal();
    let chosen = use_chosen_patient(portal);
    let back = move || links::home(chosen.get_untracked());
    view! {
        <PageHeader title=PortalArea::MyFiles.title().to_owned() lead=ABOUT.to_owned() back=(back(), "Home") />
        {move || match chosen.get() {
            Some(patient) => view! { <Files patient /> }.into_any(),
            None => view! { <p class="empty">"There is no one to show here."</p> }.into_any(),
        }}
    }
}

#[component]
fn Files(patient: Uuid) -> impl IntoView {
    let client = use_portal().client();
    let list = Paged::new(move |cursor| api::files::list(client, patient, cursor));
    // Sent from this page since it opened, newest first, above the first page.
    let added = RwSignal::new(Vec::<StoredFile>::new());
    view! {
        <Upload patient added />
        <section class="card" aria-labelledby="sent-heading">
            <h2 id="sent-heading">"What you have sent"</h2>
            <Loaded read=list.first loading="Loading your files…" let:page>
                {
                    let items = page.items;
                    let none = items.is_empty();
                    view! {
                        <Show
                            when=move || !none || added.with(|a| !a.is_empty())
                            fallback=|| {
                                view! {
                                    <p class="empty">"You have not sent any files yet. When you do, you will find them here."</p>
                                }
                            }
                        >
                            <ul class="file-list" aria-labelledby="sent-heading">
                                {move || added.get().into_iter().map(|f| view! { <SentFile f /> }).collect_view()}
                                {items.clone().into_iter().map(|f| view! { <SentFile f /> }).collect_view()}
                                {move || list.more.get().into_iter().map(|f| view! { <SentFile f /> }).collect_view()}
                            </ul>
                        </Show>
                    }
                }
            </Loaded>
            <ShowMore paged=list label="Show older files" />
        </section>
    }
}

/// One file sent before: its name, what kind, how big, when, and Download.
#[component]
fn SentFile(f: StoredFile) -> impl IntoView {
    let details = format!(
        "{} · {} · Sent {}",
        format::file_kind(&f.content_type),
        format::file_size(f.size_bytes),
        format::instant(f.uploaded_at)
    );
    view! { <FileRow file=f details /> }
}

/// "Send a file": the picker, "Upload", and a notice naming what was sent.
#[component]
fn Upload(patient: Uuid, added: RwSignal<Vec<StoredFile>>) -> impl IntoView {
    let client = use_portal().client();
    let files = ChosenFiles::new();
    let errors = FormErrors::new("upload");
    let sent = RwSignal::new(None::<String>);
    let upload = Action::new_local(move |chosen: &Vec<File>| {
        let chosen = chosen.clone();
        async move { api::files::upload(client, patient, &chosen).await }
    });
    Effect::new(move |_| match upload.value().get() {
        Some(Ok(stored)) => {
            let names: Vec<String> = stored.iter().map(|f| format!("“{}”", f.name)).collect();
            sent.set(Some(format!("Sent to the practice: {}.", format::and_list(&names))));
            added.update(|a| {
                let older = std::mem::take(a);
                *a = stored;
                a.extend(older);
            });
            files.clear();
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
        sent.set(None);
        let chosen = files.get_untracked();
        let problem = files.check();
        let ok = errors.require(&[
            (FILE_FIELD, chosen.is_empty(), "Choose a file first."),
            (FILE_FIELD, problem.is_some(), problem.as_deref().unwrap_or_default()),
        ]);
        if ok {
            upload.dispatch_local(chosen);
        }
    };
    let pending = upload.pending();
    view! {
        <section class="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">"Send a file"</h2>
            <ErrorBanner errors />
            <div class="live-region" role="status" aria-live="polite">
                {move || sent.get().map(|m| view! { <p class="banner banner-success">{m}</p> })}
            </div>
            <form class="stack" novalidate on:submit=submit>
                <FilePicker files errors label="Choose files" />
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || pending.get()>
                        {move || if pending.get() { "Uploading…" } else { "Upload" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
