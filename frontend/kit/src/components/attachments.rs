//! Files in both apps: the picker that chooses files to send (message attachments, My Files),
//! and stored files listed with a Download button each. The picker checks what it can before
//! anything is sent — how many files, how big — and the server decides the rest (FILE-1): the
//! type comes from the content, so `accept` only narrows what the phone offers.
use leptos::html;
use leptos::prelude::*;
use portico_types::files::{ACCEPT, FILE_MAX_BYTES, FILES_PER_UPLOAD, StoredFile};
use web_sys::File;

use super::FormErrors;
use super::field::{FieldError, described_by};
use crate::api::use_client;
use crate::format;

/// The field the API names in its errors about files (`errors[].field`), for every upload.
pub const FILE_FIELD: &str = "file";

/// What may be sent, in the words every picker uses (a test keeps it in step with the limits).
pub const FILE_RULES: &str = "PDF, photo or text file, up to 10 MB each, 5 at a time.";

/// The files chosen to go with a message or an upload, in the order they were chosen. `Copy`;
/// the files stay in the browser (a `File` is a handle, not the bytes) until the form is sent.
#[derive(Clone, Copy)]
pub struct ChosenFiles(RwSignal<Vec<File>, LocalStorage>);

impl ChosenFiles {
    pub fn new() -> Self {
        Self(RwSignal::new_local(Vec::new()))
    }

    /// The files to send.
    pub fn get_untracked(&self) -> Vec<File> {
        self.0.get_untracked()
    }

    /// Whether none are chosen (reactive).
    pub fn is_empty(&self) -> bool {
        self.0.with(Vec::is_empty)
    }

    /// Forgets every file, once they are sent.
    pub fn clear(&self) {
        self.0.set(Vec::new());
    }

    /// Why these files cannot be sent as they are, checked again just before sending.
    pub fn check(&self) -> Option<String> {
        self.0.with_untracked(|files| over_limits(&sizes(files)))
    }
}

impl Default for ChosenFiles {
    fn default() -> Self {
        Self::new()
    }
}

fn sizes(files: &[File]) -> Vec<(String, u64)> {
    // `File.size` is a whole number of bytes, carried in a JavaScript number.
    files.iter().map(|f| (f.name(), f.size() as u64)).collect()
}

/// Why a file of `size` bytes cannot go, if it cannot.
fn refuse(name: &str, size: u64) -> Option<String> {
    let limit = format::file_size(FILE_MAX_BYTES);
    if size == 0 {
        return Some(format!("“{name}” is empty. Choose another file."));
    }
    if size <= FILE_MAX_BYTES {
        return None;
    }
    let shown = format::file_size(size);
    Some(if shown == limit {
        format!("“{name}” is just over {limit}. Files can be up to {limit} each.")
    } else {
        format!("“{name}” is {shown}. Files can be up to {limit} each.")
    })
}

/// Which of the newly `picked` files (`(name, size)`) join the `already` chosen ones, by index,
/// and what to tell about the others.
fn admit(already: usize, picked: &[(String, u64)]) -> (Vec<usize>, Vec<String>) {
    let mut taken = Vec::new();
    let mut told = Vec::new();
    let mut left_out = Vec::new();
    for (i, (name, size)) in picked.iter().enumerate() {
        if let Some(why) = refuse(name, *size) {
            told.push(why);
        } else if already + taken.len() >= FILES_PER_UPLOAD {
            left_out.push(name.clone());
        } else {
            taken.push(i);
        }
    }
    match left_out.as_slice() {
        [] => {}
        [one] => told.push(format!("You can send {FILES_PER_UPLOAD} files at a time, so “{one}” was not added.")),
        many => told.push(format!(
            "You can send {FILES_PER_UPLOAD} files at a time, so {} were not added.",
            format::count(many.len(), "file")
        )),
    }
    (taken, told)
}

/// Whether `files` (`(name, size)`) may be sent together.
fn over_limits(files: &[(String, u64)]) -> Option<String> {
    if files.len() > FILES_PER_UPLOAD {
        return Some(format!("You can send {FILES_PER_UPLOAD} files at a time. Remove one or more."));
    }
    files.iter().find_map(|(name, size)| refuse(name, *size))
}

/// "Attach files": a button that opens the phone's or computer's file chooser, what may be sent,
/// the message for the `file` field, and the chosen files with a Remove button each. Choosing
/// again adds to the list (one at a time is easier on a phone).
#[component]
pub fn FilePicker(
    files: ChosenFiles,
    errors: FormErrors,
    #[prop(default = "Attach files")] label: &'static str,
) -> impl IntoView {
    let id = errors.id(FILE_FIELD);
    let input = NodeRef::<html::Input>::new();
    let on_change = move |_| {
        let Some(el) = input.get_untracked() else { return };
        let picked: Vec<File> =
            el.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
        // Empty again, so choosing the same file after removing it still counts as a change.
        el.set_value("");
        let (taken, told) = admit(files.0.with_untracked(Vec::len), &sizes(&picked));
        files.0.update(|chosen| chosen.extend(taken.into_iter().filter_map(|i| picked.get(i).cloned())));
        errors.set_field(FILE_FIELD, (!told.is_empty()).then(|| told.join(" ")));
    };
    let remove = move |at: usize| {
        files.0.update(|chosen| {
            if at < chosen.len() {
                chosen.remove(at);
            }
        });
        errors.set_field(FILE_FIELD, None);
        // The button that was pressed is gone: back to "Attach files".
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    };
    let invalid = move || errors.message(FILE_FIELD).is_some();
    let chosen = move || {
        files.0.with(|chosen| {
            chosen
                .iter()
                .enumerate()
                .map(|(at, f)| {
                    let name = f.name();
                    let size = format::file_size(f.size() as u64);
                    view! {
                        <li class="file-item">
                            <div class="file-about">
                                <span class="file-name">{name.clone()}</span>
                                <span class="file-meta">{size}</span>
                            </div>
                            <button type="button" class="button button-secondary file-action" on:click=move |_| remove(at)>
                                "Remove"
                                <span class="visually-hidden">{format!(" {name}")}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let status = move || match files.0.with(Vec::len) {
        0 => String::new(),
        n => format!("{} chosen.", format::count(n, "file")),
    };
    view! {
        <div class="field file-picker" class:has-error=invalid>
            <input
                type="file"
                id=id.clone()
                name=FILE_FIELD
                multiple
                accept=ACCEPT
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=described_by(errors, FILE_FIELD, true)
                node_ref=input
                on:change=on_change
            />
            <label for=id.clone() class="button button-secondary file-button">
                {label}
            </label>
            <p class="hint" id=format!("{id}-hint")>
                {FILE_RULES}
            </p>
            <FieldError errors field=FILE_FIELD />
            <Show when=move || !files.is_empty()>
                <ul class="file-list" aria-label="Files to send">
                    {chosen}
                </ul>
            </Show>
            <p class="visually-hidden" role="status">
                {status}
            </p>
        </div>
    }
}

/// A stored file in a list: its name, a line about it (`details`), anything the caller adds under
/// it (who sent it, from where), and Download.
#[component]
pub fn FileRow(file: StoredFile, details: String, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <li class="file-item">
            <div class="file-about">
                <span class="file-name">{file.name.clone()}</span>
                <span class="file-meta">{details}</span>
                {children.map(|c| c())}
            </div>
            <DownloadButton url=file.download_url name=file.name />
        </li>
    }
}

/// The files sent with a message, under its text: name, size, Download.
#[component]
pub fn AttachmentList(files: Vec<StoredFile>) -> impl IntoView {
    (!files.is_empty()).then(|| {
        view! {
            <ul class="file-list attachments" aria-label="Attached files">
                {files
                    .into_iter()
                    .map(|file| {
                        let details = format::file_size(file.size_bytes);
                        view! { <FileRow file details /> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// "Download {name}": fetches the file with the app's access token and saves it under `name`. Says
/// so while it works, and why not if it could not.
#[component]
pub fn DownloadButton(url: String, name: String) -> impl IntoView {
    let client = use_client();
    let target = StoredValue::new((url, name.clone()));
    let save = Action::new_local(move |_: &()| {
        let (url, name) = target.get_value();
        async move { client.download(url, &name).await }
    });
    let failed = move || save.value().get().and_then(Result::err).map(|p| p.detail);
    let busy = move || save.pending().get();
    view! {
        <div class="file-download">
            <button type="button" class="button button-secondary file-action" disabled=busy on:click=move |_| { save.dispatch(()); }>
                {move || if busy() { "Downloading…" } else { "Download" }}
                <span class="visually-hidden">{format!(" {name}")}</span>
            </button>
            <p class="live-region" aria-live="assertive">
                {move || failed().map(|m| view! { <span class="field-error">{m}</span> })}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(sizes: &[u64]) -> Vec<(String, u64)> {
        sizes.iter().enumerate().map(|(i, s)| (format!("f{i}.pdf"), *s)).collect()
    }

    #[test]
    fn the_rules_say_the_limits() {
        assert!(FILE_RULES.contains(&format!("up to {} each", format::file_size(FILE_MAX_BYTES))));
        assert!(FILE_RULES.contains(&format!("{FILES_PER_UPLOAD} at a time")));
    }

    #[test]
    fn too_big_and_empty_files_are_refused_with_their_name() {
        let (taken, told) = admit(0, &files(&[1_000, 14_200_000, 0, 10_000_000, 10_000_001]));
        assert_eq!(taken, vec![0, 3]);
        assert_eq!(
            told,
            vec![
                "“f1.pdf” is 14.2 MB. Files can be up to 10 MB each.",
                "“f2.pdf” is empty. Choose another file.",
                "“f4.pdf” is just over 10 MB. Files can be up to 10 MB each.",
            ]
        );
    }

    #[test]
    fn no_more_than_five_at_a_time() {
        let (taken, told) = admit(3, &files(&[1, 2, 3]));
        assert_eq!(taken, vec![0, 1]);
        assert_eq!(told, vec!["You can send 5 files at a time, so “f2.pdf” was not added."]);
        let (taken, told) = admit(5, &files(&[1, 2]));
        assert!(taken.is_empty());
        assert_eq!(told, vec!["You can send 5 files at a time, so 2 files were not added."]);
        let (taken, told) = admit(0, &files(&[1, 2, 3, 4, 5]));
        assert_eq!(taken.len(), 5);
        assert!(told.is_empty());
    }

    #[test]
    fn a_chosen_set_is_checked_again_before_sending() {
        assert_eq!(over_limits(&files(&[1, 2])), None);
        assert_eq!(over_limits(&[]), None);
        assert!(over_limits(&files(&[1, 2, 3, 4, 5, 6])).is_some_and(|m| m.contains("5 files at a time")));
        assert!(over_limits(&files(&[1, 20_000_000])).is_some_and(|m| m.contains("f1.pdf")));
    }
}
