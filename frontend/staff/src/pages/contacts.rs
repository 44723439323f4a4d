//! The facesheet's contacts: guardians, guarantors and others, added and edited in a dialog.
use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::invitations::GrantRole;
use portico_types::patients::{Contact, ContactInput, Relationship};
use uuid::Uuid;

use super::invitations::{InviteButton, Invitee, Invites};
use crate::api::{self, use_client};
use crate::components::{
    Dialog, ErrorBanner, Flash, FormErrors, Loaded, SelectField, TextField, focus, focus_first_invalid,
};
use crate::format;

#[component]
pub fn Contacts(patient_id: Uuid, invites: Invites) -> impl IntoView {
    let client = use_client();
    let flash = expect_context::<Flash>();
    let contacts = LocalResource::new(move || api::patients::contacts(client, patient_id));

    // The contact being edited (None: a new one) while the form dialog is open.
    let form_open = RwSignal::new(false);
    let editing = RwSignal::new(None::<Contact>);
    let removing = RwSignal::new(None::<Contact>);
    let remove_open = RwSignal::new(false);

    let open_form = move |contact: Option<Contact>| {
        editing.set(contact);
        form_open.set(true);
    };
    let saved = Callback::new(move |message: String| {
        form_open.set(false);
        remove_open.set(false);
        contacts.refetch();
        flash.show_here(message);
        // The button that opened the dialog may be gone (a removed contact); start from the heading.
        focus("#contacts-heading");
    });
    let form_title = Signal::derive(move || match editing.get() {
        Some(c) => format!("Edit {}", format::full_name(&c.first_name, &c.last_name, None)),
        None => "Add a contact".to_owned(),
    });
    let remove_title = Signal::derive(move || {
        removing
            .get()
            .map(|c| format!("Remove {}?", format::full_name(&c.first_name, &c.last_name, None)))
            .unwrap_or_default()
    });

    view! {
        <section class="card contacts" aria-labelledby="contacts-heading">
            <div class="card-heading">
                <h2 id="contacts-heading" tabindex="-1">
                    "Contacts"
                </h2>
                <button type="button" class="button button-secondary" on:click=move |_| open_form(None)>
                    "Add contact"
                </button>
            </div>
            <p class="hint">"Guardians and guarantors can be invited to the patient portal."</p>
            <Loaded read=contacts let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty">"No contacts on file."</p> }.into_any()
                } else {
                    view! {
                        <ul class="contact-list">
                            {page
                                .items
                                .into_iter()
                                .map(|c| {
                                    let (edit, remove) = (c.clone(), c.clone());
                                    view! {
                                        <ContactItem
                                            invites
                                            contact=c
                                            on_edit=move || open_form(Some(edit.clone()))
                                            on_remove=move || {
                                                removing.set(Some(remove.clone()));
                                                remove_open.set(true);
                                            }
                                        />
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
            <Dialog open=form_open id="contact-dialog" title=form_title>
                <ContactForm patient_id contact=editing.get_untracked() saved on_cancel=move || form_open.set(false) />
            </Dialog>
            <Dialog open=remove_open id="remove-contact-dialog" title=remove_title>
                <RemoveContact patient_id contact=removing.get_untracked() saved on_cancel=move || remove_open.set(false) />
            </Dialog>
        </section>
    }
}

#[component]
fn ContactItem(
    invites: Invites,
    contact: Contact,
    on_edit: impl Fn() + 'static,
    on_remove: impl Fn() + 'static,
) -> impl IntoView {
    let name = format::full_name(&contact.first_name, &contact.last_name, None);
    // Only guardians and guarantors may have portal access (INV-1).
    let role = match contact.relationship {
        Relationship::Guardian => Some(GrantRole::Guardian),
        Relationship::Guarantor => Some(GrantRole::Guarantor),
        Relationship::Emergency | Relationship::Other => None,
    };
    let invitee = role.map(|role| Invitee {
        patient_id: contact.patient_id,
        role,
        contact_id: Some(contact.id),
        name: name.clone(),
        email: contact.email.clone(),
        phone: contact.phone.clone(),
    });
    view! {
        <li class="contact">
            <div class="contact-main">
                <p class="contact-name">
                    {name.clone()} <span class="tag">{contact.relationship.label()}</span>
                </p>
                <p class="contact-reach">
                    {contact.phone.as_deref().map(format::phone).map(|p| view! { <span>{p}</span> })}
                    {contact.email.map(|e| view! { <span>{e}</span> })}
                </p>
            </div>
            <div class="contact-actions">
                {invitee.map(|invitee| view! { <InviteButton invites invitee small=true /> })}
                <button type="button" class="button button-small button-secondary" on:click=move |_| on_edit()>
                    "Edit" <span class="visually-hidden">{format!(" {name}")}</span>
                </button>
                <button type="button" class="button button-small button-danger-quiet" on:click=move |_| on_remove()>
                    "Remove" <span class="visually-hidden">{format!(" {name}")}</span>
                </button>
            </div>
        </li>
    }
}

#[component]
fn ContactForm(
    patient_id: Uuid,
    contact: Option<Contact>,
    saved: Callback<String>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("contact");
    let text = |f: fn(&Contact) -> Option<String>| RwSignal::new(contact.as_ref().and_then(f).unwrap_or_default());
    let first_name = text(|c| Some(c.first_name.clone()));
    let last_name = text(|c| Some(c.last_name.clone()));
    let relationship = text(|c| Some(c.relationship.as_str().to_owned()));
    let email = text(|c| c.email.clone());
    let phone = text(|c| c.phone.clone());
    let contact_id = contact.map(|c| c.id);

    let save = Action::new_local(move |input: &ContactInput| {
        let input = input.clone();
        async move {
            match contact_id {
                Some(id) => {
                    api::patients::update_contact(client, patient_id, id, input).await.map(|_| "Contact updated.")
                }
                None => api::patients::add_contact(client, patient_id, input).await.map(|_| "Contact added."),
            }
        }
    });
    errors.follow(save, move |message| saved.run(message.to_owned()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let Some(relation) = Relationship::parse(&relationship.get_untracked()) else {
            errors.reject("relationship", "Choose how this person is related to the patient.");
            focus_first_invalid();
            return;
        };
        let opt = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        save.dispatch(ContactInput {
            first_name: first_name.get_untracked().trim().to_owned(),
            last_name: last_name.get_untracked().trim().to_owned(),
            relationship: relation,
            email: opt(email),
            phone: opt(phone),
        });
    };
    let mut options = vec![(String::new(), "Choose…".to_owned())];
    options.extend(Relationship::ALL.map(|r| (r.as_str().to_owned(), r.label().to_owned())));

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <div class="grid-2">
                <TextField label="First name" field="first_name" value=first_name errors autocomplete="off" />
                <TextField label="Last name" field="last_name" value=last_name errors autocomplete="off" />
            </div>
            <SelectField label="Relationship" field="relationship" value=relationship errors options />
            <TextField label="Email" field="email" value=email errors input_type="email" optional=true autocomplete="off" />
            <TextField label="Phone" field="phone" value=phone errors input_type="tel" optional=true autocomplete="off" />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save contact" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

#[component]
fn RemoveContact(
    patient_id: Uuid,
    contact: Option<Contact>,
    saved: Callback<String>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let contact_id = contact.map(|c| c.id);
    let remove = Action::new_local(move |_: &()| async move {
        match contact_id {
            Some(id) => api::patients::remove_contact(client, patient_id, id).await,
            None => Ok(()),
        }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => saved.run("Contact removed.".to_owned()),
        Some(Err(problem)) => failed.set(Some(problem)),
        None => {}
    });
    view! {
        <p>"They will no longer be listed on this facesheet."</p>
        <div class="live-region" aria-live="assertive">
            {move || failed.get().map(|p| view! { <p class="banner banner-error">{p.detail}</p> })}
        </div>
        <div class="form-actions">
            // Cancel first: the dialog starts on the safe choice.
            <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                "Keep contact"
            </button>
            <button type="button" class="button button-danger" disabled=move || remove.pending().get() on:click=move |_| { remove.dispatch(()); }>
                "Remove contact"
            </button>
        </div>
    }
}
