//! Outreach Flows (OUT-1, OUT-2): `/staff/outreach` lists the templates, `/staff/outreach/new`
//! writes one, and `/staff/outreach/:template` edits it, previews it for a patient and sends it
//! now to a chosen audience with each recipient's delivery status. Variants (`{{ key }}`) are
//! inserted at the cursor by the variant picker; previews are plain text, never HTML.
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use portico_types::ProblemDetails;
use portico_types::outreach::{
    OutreachChannel, OutreachRecipient, OutreachSend, OutreachTemplate, TemplateInput, Variant,
};
use portico_types::patients::PatientSummary;
use uuid::Uuid;

use super::patient_picker::{PatientPicker, patient_name};
use crate::api::{self, use_client};
use crate::components::{
    Dialog, ErrorBanner, Flash, FormErrors, Loaded, Loading, PageHeader, TextAreaField, TextField, focus,
};
use crate::format;

/// The API's limit on one send (OUT-2).
const MAX_AUDIENCE: usize = 500;

pub const fn channel_label(c: OutreachChannel) -> &'static str {
    match c {
        OutreachChannel::Email => "Email",
        OutreachChannel::Sms => "Text message",
    }
}

/// "by email", "by text message".
pub const fn channel_words(c: OutreachChannel) -> &'static str {
    match c {
        OutreachChannel::Email => "by email",
        OutreachChannel::Sms => "by text message",
    }
}

/// What a recipient without an address for the channel lacks.
pub const fn missing_address(c: OutreachChannel) -> &'static str {
    match c {
        OutreachChannel::Email => "No email on file",
        OutreachChannel::Sms => "No phone number on file",
    }
}

fn has_address(c: OutreachChannel, p: &PatientSummary) -> bool {
    match c {
        OutreachChannel::Email => p.email.is_some(),
        OutreachChannel::Sms => p.phone.is_some(),
    }
}

/// "Send “Portal invitation” by email to 3 patients?"
pub fn send_question(name: &str, channel: OutreachChannel, count: usize) -> String {
    let noun = if count == 1 { "patient" } else { "patients" };
    format!("Send “{name}” {} to {count} {noun}?", channel_words(channel))
}

/// Where in `text` a browser's UTF-16 offset falls, as a byte index on a character boundary
/// (rounded forward, past the end clamped to the end).
fn byte_index(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with `snippet` in place of the selection `start..end` (UTF-16 offsets, as
/// `selectionStart`/`selectionEnd` give them), and the caret just after the snippet (UTF-16).
pub fn insert_at(text: &str, start: usize, end: usize, snippet: &str) -> (String, usize) {
    let (start, end) = (start.min(end), start.max(end));
    let (a, b) = (byte_index(text, start), byte_index(text, end));
    let out = format!("{}{snippet}{}", &text[..a], &text[b..]);
    let caret = text[..a].encode_utf16().count() + snippet.encode_utf16().count();
    (out, caret)
}

/// `text` with `snippet` at the end (a space between them when needed), and the caret after it.
pub fn append(text: &str, snippet: &str) -> (String, usize) {
    let space = if text.is_empty() || text.ends_with(char::is_whitespace) { "" } else { " " };
    let out = format!("{text}{space}{snippet}");
    let caret = out.encode_utf16().count();
    (out, caret)
}

/// How a variant is written in a template.
pub fn placeholder(key: &str) -> String {
    format!("{{{{ {key} }}}}")
}

/// A 422 on a send as people read it: `patient_ids[2]` becomes the third chosen patient's name.
pub fn audience_errors(p: &ProblemDetails, names: &[String]) -> Vec<String> {
    if p.errors.is_empty() {
        return vec![p.detail.clone()];
    }
    p.errors
        .iter()
        .map(|e| {
            let who = e
                .field
                .strip_prefix("patient_ids[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| names.get(i));
            match who {
                Some(name) => format!("{name}: {}", e.message),
                None => e.message.clone(),
            }
        })
        .collect()
}

const RECIPIENT_STATUSES: [(&str, &str, &str); 5] = [
    ("sent", "Sent", "tag tag-ok"),
    ("pending", "Waiting to send", "tag tag-warn"),
    ("sending", "Sending", "tag tag-warn"),
    ("failed", "Failed", "tag tag-danger"),
    ("skipped", "Skipped", "tag"),
];

fn recipient_status(status: &str) -> (String, &'static str) {
    RECIPIENT_STATUSES
        .iter()
        .find(|(s, ..)| *s == status)
        .map_or_else(|| (format::humanize(status), "tag"), |(_, label, tag)| ((*label).to_owned(), *tag))
}

/// "3 recipients: 2 sent, 1 skipped".
pub fn status_summary(recipients: &[OutreachRecipient]) -> String {
    let counts: Vec<String> = RECIPIENT_STATUSES
        .iter()
        .filter_map(|(status, label, _)| {
            let n = recipients.iter().filter(|r| r.status == *status).count();
            (n > 0).then(|| format!("{n} {}", label.to_lowercase()))
        })
        .collect();
    let noun = if recipients.len() == 1 { "recipient" } else { "recipients" };
    format!("{} {noun}: {}", recipients.len(), counts.join(", "))
}

// ---------- The list ----------

#[component]
pub fn OutreachTemplates() -> impl IntoView {
    let client = use_client();
    let templates = LocalResource::new(move || api::outreach::templates(client));
    view! {
        <PageHeader
            title="Outreach Flows".to_owned()
            lead="Email and text message templates you send now to the patients you choose. Variants such as the Patient Portal Link fill in each patient's own details.".to_owned()
        >
            <a class="button button-primary" href="/staff/outreach/new">
                "New template"
            </a>
        </PageHeader>
        <Loaded read=templates let:page>
            {if page.items.is_empty() {
                view! {
                    <p class="empty" role="status">
                        "No templates yet. Create one with “New template”: write the message once, then send it to the patients you choose."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table templates">
                            <thead>
                                <tr>
                                    <th scope="col">"Template"</th>
                                    <th scope="col">"Channel"</th>
                                    <th scope="col" class="wide-only">
                                        "Last changed"
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {page
                                    .items
                                    .into_iter()
                                    .map(|t| {
                                        let about = t.subject.clone().unwrap_or_else(|| first_line(&t.body));
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=format!("/staff/outreach/{}", t.id)>{t.name}</a>
                                                    <span class="cell-sub">{about}</span>
                                                </td>
                                                <td class="nowrap">{channel_label(t.channel)}</td>
                                                <td class="wide-only nowrap">{format::instant(t.updated_at)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

/// The start of a message, for the list: its first line, cut at 80 characters.
fn first_line(body: &str) -> String {
    let line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim();
    if line.chars().count() > 80 {
        format!("{}…", line.chars().take(79).collect::<String>())
    } else {
        line.to_owned()
    }
}

// ---------- New template ----------

#[component]
pub fn NewTemplate() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let on_saved = Callback::new(move |t: OutreachTemplate| {
        let to = format!("/staff/outreach/{}", t.id);
        flash.show_at(&to, "Template created. Preview it for a patient, then send it.");
        navigate(&to, Default::default());
    });
    view! {
        <PageHeader title="New template".to_owned() back=("/staff/outreach".to_owned(), "Outreach Flows") />
        <section class="card outreach-editor" aria-label="Template">
            <TemplateEditor initial=None on_saved />
        </section>
    }
}

// ---------- One template: edit, preview, send ----------

#[component]
pub fn TemplatePage() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("template")).and_then(|id| Uuid::parse_str(&id).ok()));
    // There is no single-template read: the list is small and already ordered.
    let templates = LocalResource::new(move || api::outreach::templates(client));
    let header = || {
        view! { <PageHeader title="Template".to_owned() back=("/staff/outreach".to_owned(), "Outreach Flows") /> }
    };
    view! {
        <Loaded read=templates header let:page>
            {match page.items.into_iter().find(|t| Some(t.id) == id.get()) {
                Some(t) => view! { <Workspace t /> }.into_any(),
                None => view! {
                    {header()}
                    <p class="banner banner-error" role="alert">
                        "No template was found at this address. "
                        <a href="/staff/outreach">"See all templates"</a>
                    </p>
                }
                    .into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn Workspace(t: OutreachTemplate) -> impl IntoView {
    let flash = expect_context::<Flash>();
    let saved = RwSignal::new(t.clone());
    let dirty = RwSignal::new(false);
    let title = Signal::derive(move || saved.with(|t| t.name.clone()));
    let on_saved = Callback::new(move |t: OutreachTemplate| {
        saved.set(t);
        flash.show_here("Template saved.");
    });
    view! {
        <PageHeader title back=("/staff/outreach".to_owned(), "Outreach Flows") />
        <div class="outreach">
            <section class="card outreach-editor" aria-labelledby="template-heading">
                <h2 id="template-heading">"Template"</h2>
                <TemplateEditor initial=Some(t) on_saved dirty />
            </section>
            <section class="card" aria-labelledby="preview-heading">
                <h2 id="preview-heading">"Preview"</h2>
                <Show when=move || dirty.get()>
                    <p class="banner banner-info">"Preview and send use the saved template: save your changes first."</p>
                </Show>
                <PreviewPanel saved />
            </section>
            <section class="card outreach-send" aria-labelledby="send-heading">
                <h2 id="send-heading">"Send"</h2>
                <SendPanel saved />
            </section>
        </div>
    }
}

fn input_of(t: &OutreachTemplate) -> TemplateInput {
    TemplateInput { name: t.name.clone(), channel: t.channel, subject: t.subject.clone(), body: t.body.clone() }
}

#[component]
fn TemplateEditor(
    initial: Option<OutreachTemplate>,
    on_saved: Callback<OutreachTemplate>,
    /// Set while the form differs from the saved template.
    #[prop(optional)]
    dirty: Option<RwSignal<bool>>,
) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("template");
    let id = initial.as_ref().map(|t| t.id);
    let name = RwSignal::new(initial.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let channel = RwSignal::new(initial.as_ref().map_or(OutreachChannel::Email, |t| t.channel));
    let subject = RwSignal::new(initial.as_ref().and_then(|t| t.subject.clone()).unwrap_or_default());
    let body = RwSignal::new(initial.as_ref().map(|t| t.body.clone()).unwrap_or_default());
    let baseline = StoredValue::new(initial.as_ref().map(input_of));

    let current = move || {
        let c = channel.get();
        TemplateInput {
            name: name.get().trim().to_owned(),
            channel: c,
            subject: (c == OutreachChannel::Email).then(|| subject.get().trim().to_owned()),
            body: body.get().trim().to_owned(),
        }
    };
    if let Some(dirty) = dirty {
        Effect::new(move |_| {
            let now = current();
            dirty.set(baseline.with_value(|b| b.as_ref() != Some(&now)));
        });
    }

    let save = Action::new_local(move |input: &TemplateInput| {
        let input = input.clone();
        async move {
            match id {
                Some(id) => api::outreach::update(client, id, input).await,
                None => api::outreach::create(client, input).await,
            }
        }
    });
    errors.follow(save, move |t: OutreachTemplate| {
        baseline.set_value(Some(input_of(&t)));
        if let Some(dirty) = dirty {
            dirty.set(false);
        }
        on_saved.run(t);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        // The server checks every field at once (name, subject, body and its variants).
        save.dispatch(current());
    };

    let body_ref = NodeRef::<html::Textarea>::new();
    // Whether the person has put the caret in the message: until then variants go at the end.
    let caret_placed = RwSignal::new(false);
    let on_caret = Callback::new(move |()| caret_placed.set(true));
    let variants = LocalResource::new(move || api::outreach::variants(client));
    let radio = move |value: OutreachChannel, label: &'static str| {
        let rid = format!("template-channel-{}", value.as_str());
        view! {
            <div class="check">
                <input
                    type="radio"
                    id=rid.clone()
                    name="channel"
                    value=value.as_str()
                    prop:checked=move || channel.get() == value
                    on:change=move |_| channel.set(value)
                />
                <label for=rid>{label}</label>
            </div>
        }
    };
    let sms_length = move || {
        let n = body.with(|b| b.trim().chars().count());
        format!("{n} of 1,000 characters. Long texts arrive as several messages.")
    };

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <TextField label="Name" field="name" value=name errors autocomplete="off" hint="Staff see this name; patients never do." />
            <fieldset class="choices choices-inline">
                <legend>"Channel"</legend>
                {radio(OutreachChannel::Email, "Email")}
                {radio(OutreachChannel::Sms, "Text message")}
            </fieldset>
            <Show when=move || channel.get() == OutreachChannel::Email>
                <TextField label="Subject" field="subject" value=subject errors autocomplete="off" />
            </Show>
            <TextAreaField
                label="Message"
                field="body"
                value=body
                errors
                rows=10
                node_ref=body_ref
                on_caret
                hint="Plain text; a blank line starts a new paragraph."
            />
            <Show when=move || channel.get() == OutreachChannel::Sms>
                <p class="hint sms-length">{sms_length}</p>
            </Show>
            <Loaded read=variants loading="Loading variants…" let:list>
                <VariantPicker variants=list body body_ref caret_placed />
            </Loaded>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save template" }}
                </button>
                {id.is_none().then(|| view! { <a class="button button-secondary" href="/staff/outreach">"Cancel"</a> })}
            </div>
        </form>
    }
}

/// "Insert: Patient Portal Link" and the others: each puts `{{ key }}` into the message at the
/// cursor (or at the end before the cursor was placed), then returns to the message.
#[component]
fn VariantPicker(
    variants: Vec<Variant>,
    body: RwSignal<String>,
    body_ref: NodeRef<html::Textarea>,
    caret_placed: RwSignal<bool>,
) -> impl IntoView {
    let announced = RwSignal::new(String::new());
    let insert = move |v: &Variant| {
        let snippet = placeholder(&v.key);
        let text = body.get_untracked();
        let el = body_ref.get_untracked();
        let selection = el
            .as_ref()
            .filter(|_| caret_placed.get_untracked())
            .and_then(|el| Some((el.selection_start().ok()??, el.selection_end().ok()??)));
        let (next, caret) = match selection {
            Some((start, end)) => insert_at(&text, start as usize, end as usize, &snippet),
            None => append(&text, &snippet),
        };
        if let Some(el) = &el {
            el.set_value(&next);
        }
        body.set(next);
        caret_placed.set(true);
        announced.set(format!("Inserted {} into the message.", v.label));
        if let Some(el) = el {
            let _ = el.focus();
            let caret = u32::try_from(caret).unwrap_or(u32::MAX);
            let _ = el.set_selection_range(caret, caret);
        }
    };
    view! {
        <div class="variant-picker" role="group" aria-labelledby="variant-picker-label">
            <p class="variant-picker-label" id="variant-picker-label">
                "Insert a variant at the cursor"
            </p>
            <div class="row-actions">
                {variants
                    .iter()
                    .cloned()
                    .map(|v| {
                        let label = format!("Insert: {}", v.label);
                        let v = StoredValue::new(v);
                        view! {
                            <button
                                type="button"
                                class="button button-small button-secondary"
                                on:click=move |_| v.with_value(|v| insert(v))
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <details class="variant-help">
                <summary>"What each variant inserts"</summary>
                <dl>
                    {variants
                        .into_iter()
                        .map(|v| {
                            view! {
                                <dt>
                                    {v.label} " " <code>{placeholder(&v.key)}</code>
                                </dt>
                                <dd>{v.description}</dd>
                            }
                        })
                        .collect_view()}
                </dl>
            </details>
            <p class="visually-hidden" aria-live="polite">
                {move || announced.get()}
            </p>
        </div>
    }
}

#[component]
fn PreviewPanel(saved: RwSignal<OutreachTemplate>) -> impl IntoView {
    let client = use_client();
    let who = RwSignal::new(None::<PatientSummary>);
    let preview = Action::new_local(move |(template, patient): &(Uuid, Uuid)| {
        api::outreach::preview(client, *template, *patient)
    });
    let pick = Callback::new(move |p: PatientSummary| {
        preview.dispatch((saved.with_untracked(|t| t.id), p.id));
        who.set(Some(p));
    });
    // A saved change shows in the preview at once.
    Effect::new(move |first: Option<()>| {
        let id = saved.with(|t| t.id);
        if first.is_some()
            && let Some(p) = who.get_untracked()
        {
            preview.dispatch((id, p.id));
        }
    });
    view! {
        <PatientPicker id="preview-pick" label="Preview for a patient" action="Preview" on_pick=pick />
        <div aria-live="polite">
            {move || {
                if preview.pending().get() {
                    return view! { <Loading label="Preparing the preview…" /> }.into_any();
                }
                let channel = saved.with(|t| t.channel);
                match (preview.value().get(), who.get()) {
                    (Some(Ok(m)), Some(p)) => view! {
                        <div class="message-preview">
                            <p class="message-for">{format!("As {} would receive it", patient_name(&p))}</p>
                            <dl class="message-meta">
                                <dt>"To"</dt>
                                <dd>
                                    {match m.to {
                                        Some(to) if channel == OutreachChannel::Sms => format::phone(&to),
                                        Some(to) => to,
                                        None => format!("{} — they would be skipped", missing_address(channel)),
                                    }}
                                </dd>
                                {m
                                    .subject
                                    .map(|s| {
                                        view! {
                                            <dt>"Subject"</dt>
                                            <dd>{s}</dd>
                                        }
                                    })}
                            </dl>
                            <pre class="message-body" tabindex="0">{m.body}</pre>
                        </div>
                    }
                        .into_any(),
                    (Some(Err(p)), _) => view! { <p class="banner banner-error">{p.detail}</p> }.into_any(),
                    _ => ().into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn SendPanel(saved: RwSignal<OutreachTemplate>) -> impl IntoView {
    let flash = expect_context::<Flash>();
    let audience = RwSignal::new(Vec::<PatientSummary>::new());
    let ids = Signal::derive(move || audience.with(|a| a.iter().map(|p| p.id).collect::<Vec<_>>()));
    let full = RwSignal::new(false);
    let confirm_open = RwSignal::new(false);
    let result = RwSignal::new(None::<OutreachSend>);
    let add = Callback::new(move |p: PatientSummary| {
        if audience.with_untracked(|a| a.len() >= MAX_AUDIENCE) {
            full.set(true);
        } else {
            audience.update(|a| a.push(p));
        }
    });
    let remove = move |id: Uuid| {
        let name = audience.with_untracked(|a| a.iter().find(|p| p.id == id).map(patient_name)).unwrap_or_default();
        audience.update(|a| a.retain(|p| p.id != id));
        full.set(false);
        flash.show_here(format!("{name} removed from the recipients."));
        request_animation_frame(|| {
            let _ = focus(".chips .chip-remove") || focus("#audience-pick-q");
        });
    };
    let channel = move || saved.with(|t| t.channel);
    let unreachable = move || audience.with(|a| a.iter().filter(|p| !has_address(channel(), p)).count());
    let sent = Callback::new(move |s: OutreachSend| {
        confirm_open.set(false);
        let n = s.recipients.len();
        result.set(Some(s));
        audience.set(Vec::new());
        flash.show_here(format!(
            "“{}” is on its way to {n} {}.",
            saved.with_untracked(|t| t.name.clone()),
            if n == 1 { "patient" } else { "patients" }
        ));
        request_animation_frame(|| {
            focus("#send-results-heading");
        });
    });
    let title = Signal::derive(move || saved.with(|t| format!("Send “{}”?", t.name)));

    view! {
        <p class="hint">
            {move || {
                format!(
                    "Choose up to {MAX_AUDIENCE} patients. Each gets the message {} at the address on file; patients without one are skipped.",
                    channel_words(channel()),
                )
            }}
        </p>
        <PatientPicker id="audience-pick" label="Add patients" action="Add" on_pick=add picked=ids />
        <div class="audience" aria-labelledby="audience-heading">
            <h3 id="audience-heading">
                {move || match audience.with(Vec::len) {
                    0 => "Recipients".to_owned(),
                    1 => "Recipients (1 patient)".to_owned(),
                    n => format!("Recipients ({n} patients)"),
                }}
            </h3>
            <Show
                when=move || !audience.with(Vec::is_empty)
                fallback=|| view! { <p class="muted">"No one yet: search above and add patients."</p> }
            >
                <ul class="chips">
                    <For each=move || audience.get() key=|p| p.id let:p>
                        {
                            let name = patient_name(&p);
                            let id = p.id;
                            let note = (!has_address(channel(), &p)).then(|| missing_address(channel()));
                            view! {
                                <li class="chip" class:chip-warn=note.is_some()>
                                    <span>{name.clone()}</span>
                                    {note.map(|n| view! { <span class="chip-note">{format!("· {n}")}</span> })}
                                    <button type="button" class="chip-remove" aria-label=format!("Remove {name}") on:click=move |_| remove(id)>
                                        <span aria-hidden="true">"×"</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <Show when=move || full.get()>
                <p class="field-error" role="alert">
                    {format!("One send reaches at most {MAX_AUDIENCE} patients. Send to these first, then choose the rest.")}
                </p>
            </Show>
            <div class="form-actions">
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || audience.with(Vec::is_empty)
                    on:click=move |_| confirm_open.set(true)
                >
                    "Send now…"
                </button>
                <Show when=move || !audience.with(Vec::is_empty)>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| {
                            audience.set(Vec::new());
                            full.set(false);
                        }
                    >
                        "Remove everyone"
                    </button>
                </Show>
            </div>
        </div>
        <Dialog open=confirm_open id="send-outreach-dialog" title>
            <ConfirmOutreach
                template=saved.get_untracked()
                audience=audience.get_untracked()
                unreachable=unreachable()
                sent
                on_cancel=move || confirm_open.set(false)
            />
        </Dialog>
        {move || result.get().map(|_| view! { <SendResults result /> })}
    }
}

#[component]
fn ConfirmOutreach(
    template: OutreachTemplate,
    audience: Vec<PatientSummary>,
    unreachable: usize,
    sent: Callback<OutreachSend>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let count = audience.len();
    let names: Vec<String> = audience.iter().map(patient_name).collect();
    let ids: Vec<Uuid> = audience.iter().map(|p| p.id).collect();
    let question = send_question(&template.name, template.channel, count);
    let missing = missing_address(template.channel).to_lowercase();
    let skipped = match (unreachable, count) {
        (0, _) => None,
        (1, 1) => Some(format!("This patient has {missing}: they will be skipped.")),
        (1, _) => Some(format!("1 of them has {missing} and will be skipped.")),
        (n, _) => Some(format!("{n} of them have {missing} and will be skipped.")),
    };
    let links = template.body.contains("patient_portal_link")
        || template.subject.as_deref().is_some_and(|s| s.contains("patient_portal_link"));
    let tid = template.id;
    let go = Action::new_local(move |ids: &Vec<Uuid>| api::outreach::send(client, tid, ids.clone()));
    Effect::new(move |_| match go.value().get() {
        Some(Ok(s)) => sent.run(s),
        Some(Err(p)) => failed.set(Some(p)),
        None => {}
    });
    let names = StoredValue::new(names);
    let ids = StoredValue::new(ids);
    let label = if count == 1 { "Send to 1 patient".to_owned() } else { format!("Send to {count} patients") };
    view! {
        <p>{question}</p>
        {skipped.map(|s| view! { <p class="hint">{s}</p> })}
        {links
            .then(|| {
                view! {
                    <p class="hint">
                        "Patients without a portal account get a personal registration link; the others get the portal sign-in page."
                    </p>
                }
            })}
        <div class="live-region" aria-live="assertive">
            {move || {
                failed
                    .get()
                    .map(|p| {
                        let lines = names.with_value(|n| audience_errors(&p, n));
                        view! {
                            <div class="banner banner-error">
                                <ul class="plain-list">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
        </div>
        <div class="form-actions">
            <button
                type="button"
                class="button button-primary"
                disabled=move || go.pending().get()
                on:click=move |_| {
                    failed.set(None);
                    go.dispatch(ids.get_value());
                }
            >
                {move || if go.pending().get() { "Sending…".to_owned() } else { label.clone() }}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                "Cancel"
            </button>
        </div>
    }
}

#[component]
fn SendResults(result: RwSignal<Option<OutreachSend>>) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let refresh = Action::new_local(move |id: &Uuid| api::outreach::get_send(client, *id));
    Effect::new(move |_| match refresh.value().get() {
        Some(Ok(s)) => {
            failed.set(None);
            result.set(Some(s));
        }
        Some(Err(p)) => failed.set(Some(p)),
        None => {}
    });
    view! {
        <section class="send-results" aria-labelledby="send-results-heading">
            <div class="card-heading">
                <h3 id="send-results-heading" tabindex="-1">
                    {move || result.with(|r| r.as_ref().map(|s| format!("Sent {}", format::instant(s.created_at))))}
                </h3>
                <button
                    type="button"
                    class="button button-small button-secondary"
                    disabled=move || refresh.pending().get()
                    on:click=move |_| {
                        if let Some(id) = result.with_untracked(|r| r.as_ref().map(|s| s.id)) {
                            refresh.dispatch(id);
                        }
                    }
                >
                    {move || if refresh.pending().get() { "Refreshing…" } else { "Refresh status" }}
                </button>
            </div>
            <p class="result-count" role="status">
                {move || result.with(|r| r.as_ref().map(|s| status_summary(&s.recipients)))}
            </p>
            {move || failed.get().map(|p| view! { <p class="field-error" role="alert">{p.detail}</p> })}
            <div class="table-wrap">
                <table class="table recipients">
                    <thead>
                        <tr>
                            <th scope="col">"Patient"</th>
                            <th scope="col">"To"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Detail"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            result
                                .get()
                                .map(|s| s.recipients)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|r| {
                                    let (label, tag) = recipient_status(&r.status);
                                    let to = r
                                        .to
                                        .map(|t| if t.starts_with('+') { format::phone(&t) } else { t })
                                        .unwrap_or_else(|| "—".to_owned());
                                    view! {
                                        <tr>
                                            <td>
                                                <a href=format!("/staff/patients/{}", r.patient_id)>{r.patient_name}</a>
                                            </td>
                                            <td class="break">
                                                <span class="cell-label" aria-hidden="true">
                                                    "To: "
                                                </span>
                                                {to}
                                            </td>
                                            <td>
                                                <span class=tag>{label}</span>
                                            </td>
                                            <td class="break">
                                                {r.detail.unwrap_or_default()}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico_types::{ErrorCode, FieldError};

    #[test]
    fn variants_go_in_at_the_cursor() {
        assert_eq!(insert_at("Hello !", 6, 6, "{{ x }}"), ("Hello {{ x }}!".to_owned(), 13));
        assert_eq!(insert_at("", 0, 0, "{{ x }}"), ("{{ x }}".to_owned(), 7));
        // A selection is replaced, whichever way it was made.
        assert_eq!(insert_at("Hi NAME.", 3, 7, "{{ x }}"), ("Hi {{ x }}.".to_owned(), 10));
        assert_eq!(insert_at("Hi NAME.", 7, 3, "{{ x }}"), ("Hi {{ x }}.".to_owned(), 10));
        // Past the end: at the end.
        assert_eq!(insert_at("Hi", 40, 40, "{{ x }}"), ("Hi{{ x }}".to_owned(), 9));
    }

    #[test]
    fn cursor_offsets_are_utf16_like_the_browser() {
        // “ and ” are one UTF-16 unit each but three bytes; 🙂 is two units and four bytes.
        assert_eq!(insert_at("“Hi” ", 4, 4, "{{ x }}"), ("“Hi”{{ x }} ".to_owned(), 11));
        assert_eq!(insert_at("🙂 ok", 2, 2, "{{ x }}"), ("🙂{{ x }} ok".to_owned(), 9));
        // An offset inside a surrogate pair moves past the character, never splits it.
        assert_eq!(insert_at("🙂", 1, 1, "!"), ("🙂!".to_owned(), 3));
    }

    #[test]
    fn without_a_cursor_variants_are_appended() {
        assert_eq!(append("", "{{ x }}"), ("{{ x }}".to_owned(), 7));
        assert_eq!(append("Hello", "{{ x }}"), ("Hello {{ x }}".to_owned(), 13));
        assert_eq!(append("Hello\n", "{{ x }}"), ("Hello\n{{ x }}".to_owned(), 13));
        assert_eq!(placeholder("patient_portal_link"), "{{ patient_portal_link }}");
    }

    #[test]
    fn channels_read_plainly() {
        assert_eq!(
            send_question("Portal invitation", OutreachChannel::Email, 3),
            "Send “Portal invitation” by email to 3 patients?"
        );
        assert_eq!(send_question("Reminder", OutreachChannel::Sms, 1), "Send “Reminder” by text message to 1 patient?");
        assert_eq!(missing_address(OutreachChannel::Email), "No email on file");
        assert_eq!(missing_address(OutreachChannel::Sms), "No phone number on file");
        assert_eq!(channel_label(OutreachChannel::Sms), "Text message");
    }

    #[test]
    fn refused_recipients_are_named() {
        let mut p = crate::api::problem(422, ErrorCode::ValidationFailed, "Check", "Check the fields.");
        p.errors = vec![
            FieldError { field: "patient_ids[1]".into(), message: "This is not a patient of your practice.".into() },
            FieldError { field: "patient_ids".into(), message: "Choose at least one patient.".into() },
            FieldError { field: "patient_ids[9]".into(), message: "Unknown.".into() },
        ];
        let names = ["Ann Lee".to_owned(), "Bo Diaz".to_owned()];
        assert_eq!(
            audience_errors(&p, &names),
            ["Bo Diaz: This is not a patient of your practice.", "Choose at least one patient.", "Unknown."]
        );
        p.errors.clear();
        assert_eq!(audience_errors(&p, &names), ["Check the fields."]);
    }

    #[test]
    fn send_status_is_counted() {
        let r = |status: &str| OutreachRecipient {
            patient_id: Uuid::nil(),
            patient_name: "A".into(),
            to: None,
            status: status.into(),
            detail: None,
        };
        assert_eq!(status_summary(&[r("sent"), r("sent"), r("skipped")]), "3 recipients: 2 sent, 1 skipped");
        assert_eq!(status_summary(&[r("pending")]), "1 recipient: 1 waiting to send");
        assert_eq!(first_line("\n  Hello there  \nmore"), "Hello there");
        assert_eq!(first_line(&"x".repeat(90)).chars().count(), 80);
    }
}
