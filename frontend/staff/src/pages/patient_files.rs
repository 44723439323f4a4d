//! The facesheet's Files card: every file of the patient, newest first — what they (or their
//! guardians and guarantors) sent through My Files and everything attached to a message either
//! way — with who sent it, from where, and Download.
use leptos::prelude::*;
use portico_types::files::{FileSource, StoredFile};
use portico_types::messaging::Party;
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{FileRow, Loaded, Paged, ShowMore};
use crate::format;
use crate::links;

#[component]
pub fn PatientFiles(patient_id: Uuid) -> impl IntoView {
    let client = use_client();
    let files = Paged::new(move |cursor| api::files::list(client, patient_id, cursor));
    view! {
        <section class="card patient-files" aria-labelledby="files-heading">
            <h2 id="files-heading">"Files"</h2>
            <Loaded read=files.first let:page>
                {if page.items.is_empty() {
                    view! {
                        <p class="muted">
                            "No files yet. Files sent from the portal's My Files, and files attached to messages, appear here."
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <ul class="file-list" aria-labelledby="files-heading">
                            {page.items.into_iter().map(|f| view! { <PatientFile f /> }).collect_view()}
                            {move || files.more.get().into_iter().map(|f| view! { <PatientFile f /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
            <ShowMore paged=files label="Show older files" />
        </section>
    }
}

/// One file: name; size and when; who sent it and from where (My Files, or a message with a link
/// to its conversation); Download.
#[component]
fn PatientFile(f: StoredFile) -> impl IntoView {
    let details = format!("{} · {}", format::file_size(f.size_bytes), format::instant(f.uploaded_at));
    let who = match f.uploaded_by {
        Party::Staff => format!("Sent by {} (staff)", f.uploaded_by_name),
        Party::Portal => format!("Sent by {}", f.uploaded_by_name),
    };
    let from = match f.source {
        FileSource::Message => "in a message",
        FileSource::Upload => "from My Files",
    };
    let thread = f.thread_id.filter(|_| f.source == FileSource::Message);
    view! {
        <FileRow file=f details>
            <span class="file-meta">{format!("{who} {from}")}</span>
            {thread.map(|t| view! { <a class="file-link" href=links::thread(t)>"Open the conversation"</a> })}
        </FileRow>
    }
}
