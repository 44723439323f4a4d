//! Portal invitations on the facesheet (INV-1…5): "Invite to portal" for the patient and for
//! guardian and guarantor contacts, the "pending since" alerts with Resend and Revoke, and the
//! "Portal access" list. Every send waits for a confirmation dialog (INV-2) and respects the
//! practice's cooldown (INV-3), counting down until the next send is possible.
use leptos::prelude::*;
use portico_types::invitations::{GrantRole, Invitation, InvitationOrigin, InvitationRequest, InvitationStatus};
use portico_types::{Page, ProblemDetails};
use uuid::Uuid;

use crate::api::invitations::Sent;
use crate::api::{self, use_client};
use crate::components::{Dialog, Flash, Loaded, focus, use_now};
use crate::format;
use crate::session::use_session;

/// Who an invitation is for: the patient (`contact_id: None`) or one of their contacts.
type Person = (GrantRole, Option<Uuid>);

/// Someone who may be invited, as the facesheet knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitee {
    pub role: GrantRole,
    pub contact_id: Option<Uuid>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Invitee {
    fn person(&self) -> Person {
        (self.role, self.contact_id)
    }
}

/// What the confirmation dialog is about to do.
#[derive(Debug, Clone, PartialEq)]
enum Outgoing {
    New(Invitee),
    Resend(Invitation),
}

/// The facesheet's invitations and the state their buttons share. `Copy`.
#[derive(Clone, Copy)]
pub struct Invites {
    patient_id: Uuid,
    pub list: LocalResource<Result<Page<Invitation>, ProblemDetails>>,
    now: ReadSignal<f64>,
    /// Sends the server refused with 429, until when (ms): the people's buttons wait too.
    blocked: RwSignal<Vec<(Person, f64)>>,
    sending: RwSignal<Option<Outgoing>>,
    send_open: RwSignal<bool>,
    revoking: RwSignal<Option<Invitation>>,
    revoke_open: RwSignal<bool>,
}

impl Invites {
    pub fn new(patient_id: Uuid) -> Self {
        let client = use_client();
        Self {
            patient_id,
            list: LocalResource::new(move || api::invitations::list(client, patient_id)),
            now: use_now(),
            blocked: RwSignal::new(Vec::new()),
            sending: RwSignal::new(None),
            send_open: RwSignal::new(false),
            revoking: RwSignal::new(None),
            revoke_open: RwSignal::new(false),
        }
    }

    /// The invitations once loaded (reactive); empty while loading or after a failure.
    fn items(&self) -> Vec<Invitation> {
        self.list.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default()
    }

    /// Seconds until `person` may be sent an invitation again (reactive, ticks each second):
    /// the pending invitation's `can_resend_at`, or a 429 this page met.
    fn wait_for(&self, person: Person) -> u64 {
        let pending = self
            .items()
            .into_iter()
            .filter(|i| i.status == InvitationStatus::Pending && (i.role, i.contact_id) == person)
            .map(|i| i.can_resend_at.timestamp_millis() as f64)
            .fold(0.0, f64::max);
        let refused =
            self.blocked.with(|b| b.iter().filter(|(p, _)| *p == person).map(|(_, t)| *t).fold(0.0, f64::max));
        format::seconds_until(pending.max(refused), self.now.get())
    }

    /// Whether `person` registered from one of these invitations (reactive).
    fn registered(&self, person: Person) -> bool {
        self.list.with(|l| {
            l.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|page| {
                page.items.iter().any(|i| i.status == InvitationStatus::Accepted && (i.role, i.contact_id) == person)
            })
        })
    }

    fn must_wait(&self, person: Person) -> bool {
        self.wait_for(person) > 0
    }

    fn block(&self, person: Person, secs: u64) {
        let until = js_sys::Date::now() + secs as f64 * 1000.0;
        self.blocked.update(|b| {
            b.retain(|(p, _)| *p != person);
            b.push((person, until));
        });
    }

    fn ask(&self, send: Outgoing) {
        self.sending.set(Some(send));
        self.send_open.set(true);
    }

    fn ask_revoke(&self, invitation: Invitation) {
        self.revoking.set(Some(invitation));
        self.revoke_open.set(true);
    }

    /// After a send or a revoke: close the dialogs, reload, say what happened.
    fn done(&self, message: String) {
        self.send_open.set(false);
        self.revoke_open.set(false);
        self.list.refetch();
        expect_context::<Flash>().show_here(message);
        // The button that opened the dialog may be gone (a revoked alert); start from the section.
        request_animation_frame(|| {
            focus("#portal-access-heading");
        });
    }
}

/// "Invite to portal" for one person. Disabled, with the time left, while the cooldown runs.
#[component]
pub fn InviteButton(invites: Invites, invitee: Invitee, #[prop(optional)] small: bool) -> impl IntoView {
    let session = use_session();
    let person = invitee.person();
    let name = invitee.name.clone();
    let class = if small { "button button-small button-secondary" } else { "button button-secondary" };
    let invitee = StoredValue::new(invitee);
    view! {
        // Someone who registered needs no invitation: the facesheet says they have access.
        <Show when=move || invites.registered(person)>
            <span class="tag tag-ok">"Has portal access"</span>
        </Show>
        <Show when=move || session.can_invite() && !invites.registered(person)>
            <button
                type="button"
                class=class
                disabled=move || invites.must_wait(person)
                on:click=move |_| invites.ask(Outgoing::New(invitee.get_value()))
            >
                {move || match invites.wait_for(person) {
                    0 => "Invite to portal".to_owned(),
                    secs => format!("You can send again in {}", format::short_wait(secs)),
                }}
                <span class="visually-hidden">{format!(" ({})", name.clone())}</span>
            </button>
        </Show>
    }
}

/// The alerts at the top of the facesheet, one per pending invitation (INV-5).
#[component]
pub fn PendingInvitations(invites: Invites) -> impl IntoView {
    let session = use_session();
    let pending =
        move || invites.items().into_iter().filter(|i| i.status == InvitationStatus::Pending).collect::<Vec<_>>();
    view! {
        <Show when=move || !pending().is_empty()>
            <div class="invite-alerts">
                <For each=pending key=|i| (i.id, i.last_sent_at, i.can_resend_at) let:inv>
                    <PendingAlert invites inv can_act=session.can_invite() />
                </For>
            </div>
        </Show>
    }
}

#[component]
fn PendingAlert(invites: Invites, inv: Invitation, can_act: bool) -> impl IntoView {
    let person = (inv.role, inv.contact_id);
    let text = format!(
        "Portal invitation pending since {} — {} ({})",
        format::instant(inv.created_at),
        inv.invitee_name,
        inv.role.label()
    );
    let name = inv.invitee_name.clone();
    let (resend, revoke) = (inv.clone(), inv);
    view! {
        <div class="banner banner-info invite-alert">
            <p class="invite-alert-text">{text}</p>
            {can_act
                .then(|| {
                    view! {
                        <div class="row-actions">
                            <button
                                type="button"
                                class="button button-small button-secondary"
                                disabled=move || invites.must_wait(person)
                                on:click=move |_| invites.ask(Outgoing::Resend(resend.clone()))
                            >
                                {move || match invites.wait_for(person) {
                                    0 => "Resend".to_owned(),
                                    secs => format!("You can send again in {}", format::short_wait(secs)),
                                }}
                                <span class="visually-hidden">{format!(" the invitation for {name}")}</span>
                            </button>
                            <button
                                type="button"
                                class="button button-small button-danger-quiet"
                                on:click=move |_| invites.ask_revoke(revoke.clone())
                            >
                                "Revoke"
                                <span class="visually-hidden">{format!(" the invitation for {name}")}</span>
                            </button>
                        </div>
                    }
                })}
        </div>
    }
}

/// "Portal access": every invitation for this patient and their contacts, with its status.
#[component]
pub fn PortalAccess(invites: Invites, patient: Invitee) -> impl IntoView {
    view! {
        <section class="card portal-access" aria-labelledby="portal-access-heading">
            <div class="card-heading">
                <h2 id="portal-access-heading" tabindex="-1">
                    "Portal access"
                </h2>
                <InviteButton invites invitee=patient />
            </div>
            <p class="hint">"Invitations to the patient portal for this patient, their guardians and guarantors."</p>
            <Loaded read=invites.list let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty">"No portal invitations yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="contact-list">
                            {page.items.into_iter().map(|inv| view! { <InvitationItem inv /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
            <SendDialog invites />
            <RevokeDialog invites />
        </section>
    }
}

#[component]
fn InvitationItem(inv: Invitation) -> impl IntoView {
    let status_class = match inv.status {
        InvitationStatus::Accepted => "tag tag-ok",
        InvitationStatus::Pending => "tag tag-warn",
        InvitationStatus::Expired | InvitationStatus::Revoked => "tag",
    };
    let sent = format!(
        "Sent {}{}{}",
        format::instant(inv.last_sent_at),
        channels_phrase(&inv.channels),
        if inv.send_count > 1 { format!(" · sent {} times", inv.send_count) } else { String::new() }
    );
    let state = match inv.status {
        InvitationStatus::Accepted => inv.accepted_at.map(|t| format!("Registered {}", format::instant(t))),
        InvitationStatus::Revoked => inv.revoked_at.map(|t| format!("Revoked {}", format::instant(t))),
        InvitationStatus::Expired => Some(format!("Expired {}", format::instant(inv.expires_at))),
        InvitationStatus::Pending => Some(format!("Link works until {}", format::instant(inv.expires_at))),
    };
    view! {
        <li class="contact">
            <div class="contact-main">
                <p class="contact-name">
                    {inv.invitee_name} <span class="tag">{inv.role.label()}</span>
                    <span class=status_class>{inv.status.label()}</span>
                </p>
                <p class="contact-reach">
                    <span>{sent}</span>
                    {state.map(|s| view! { <span>{s}</span> })}
                </p>
            </div>
        </li>
    }
}

/// " by email and text", " by email", " by text".
fn channels_phrase(channels: &[String]) -> &'static str {
    let email = channels.iter().any(|c| c == "email");
    let sms = channels.iter().any(|c| c == "sms");
    match (email, sms) {
        (true, true) => " by email and text",
        (true, false) => " by email",
        (false, true) => " by text",
        (false, false) => "",
    }
}

/// "Send a portal invitation to Maria Lopez by email to m@example.com and by text to (217) 555-0123?"
fn confirm_question(send: &Outgoing) -> String {
    let (lead, name, email, phone) = match send {
        Outgoing::New(i) => ("Send a portal invitation to", &i.name, i.email.as_deref(), i.phone.as_deref()),
        Outgoing::Resend(i) => {
            ("Send the portal invitation again to", &i.invitee_name, i.email.as_deref(), i.phone.as_deref())
        }
    };
    let how = match (email, phone.map(format::phone)) {
        (Some(e), Some(p)) => format!(" by email to {e} and by text to {p}"),
        (Some(e), None) => format!(" by email to {e}"),
        (None, Some(p)) => format!(" by text to {p}"),
        (None, None) => String::new(),
    };
    format!("{lead} {name}{how}?")
}

#[component]
fn SendDialog(invites: Invites) -> impl IntoView {
    view! {
        <Dialog open=invites.send_open id="invite-dialog" title="Send a portal invitation?".to_owned()>
            {invites.sending.get_untracked().map(|send| view! { <ConfirmSend invites send /> })}
        </Dialog>
    }
}

#[component]
fn ConfirmSend(invites: Invites, send: Outgoing) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let person = match &send {
        Outgoing::New(i) => i.person(),
        Outgoing::Resend(i) => (i.role, i.contact_id),
    };
    let question = confirm_question(&send);
    let no_email = matches!(&send, Outgoing::New(i) if i.email.is_none());
    let name = match &send {
        Outgoing::New(i) => i.name.clone(),
        Outgoing::Resend(i) => i.invitee_name.clone(),
    };
    let patient_id = invites.patient_id;
    let go = Action::new_local(move |send: &Outgoing| {
        let send = send.clone();
        async move {
            match send {
                Outgoing::New(i) => {
                    let request = InvitationRequest {
                        role: i.role,
                        contact_id: i.contact_id,
                        origin: InvitationOrigin::Facesheet,
                    };
                    api::invitations::invite(client, patient_id, request).await
                }
                Outgoing::Resend(i) => {
                    api::invitations::resend(client, i.id).await.map(|invitation| Sent { invitation, created: false })
                }
            }
        }
    });
    let resend = matches!(send, Outgoing::Resend(_));
    Effect::new(move |_| match go.value().get() {
        Some(Ok(sent)) => invites.done({
            let who = &sent.invitation.invitee_name;
            match (resend, sent.created) {
                (true, _) => format!("Portal invitation sent again to {who}."),
                (false, true) => format!("Portal invitation sent to {who}."),
                (false, false) => format!("{who} already had a pending invitation; it was sent again."),
            }
        }),
        Some(Err(problem)) => {
            if problem.status == 429 {
                invites.block(person, problem.retry_after_seconds.unwrap_or(60));
            }
            failed.set(Some(problem));
        }
        None => {}
    });
    let message = move || {
        failed.get().map(|p| {
            if p.status == 429 {
                return "Invitations to the same person need a short pause between them.".to_owned();
            }
            // A 422 names the field: no email on file, or a contact who may not be invited.
            ["email", "contact_id", "role", "phone"]
                .iter()
                .find_map(|f| p.field_message(f))
                .map_or_else(|| p.detail.clone(), str::to_owned)
        })
    };
    let send = StoredValue::new(send);
    view! {
        <p>{question}</p>
        {no_email
            .then(|| {
                view! {
                    <p class="banner banner-error">
                        {format!(
                            "There is no email address on file for {name}. Invitations from the facesheet need one: add it first.",
                        )}
                    </p>
                }
            })}
        <p class="hint">"The message holds a link to register and says nothing about the patient's care."</p>
        <div class="live-region" aria-live="assertive">
            {move || message().map(|m| view! { <p class="banner banner-error">{m}</p> })}
        </div>
        <div class="form-actions">
            <button
                type="button"
                class="button button-primary"
                disabled=move || go.pending().get() || invites.must_wait(person)
                on:click=move |_| {
                    failed.set(None);
                    go.dispatch(send.get_value());
                }
            >
                {move || match (go.pending().get(), invites.wait_for(person)) {
                    (true, _) => "Sending…".to_owned(),
                    (false, 0) => "Send invitation".to_owned(),
                    (false, secs) => format!("You can send again in {}", format::short_wait(secs)),
                }}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| invites.send_open.set(false)>
                "Cancel"
            </button>
        </div>
    }
}

#[component]
fn RevokeDialog(invites: Invites) -> impl IntoView {
    let title = Signal::derive(move || {
        invites.revoking.get().map(|i| format!("Revoke the invitation for {}?", i.invitee_name)).unwrap_or_default()
    });
    view! {
        <Dialog open=invites.revoke_open id="revoke-invitation-dialog" title>
            {invites.revoking.get_untracked().map(|inv| view! { <ConfirmRevoke invites inv /> })}
        </Dialog>
    }
}

#[component]
fn ConfirmRevoke(invites: Invites, inv: Invitation) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let id = inv.id;
    let name = inv.invitee_name.clone();
    let revoke = Action::new_local(move |_: &()| api::invitations::revoke(client, id));
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(_)) => invites.done(format!("The portal invitation for {name} was revoked.")),
        Some(Err(problem)) => failed.set(Some(problem)),
        None => {}
    });
    view! {
        <p>"The links already sent will stop working. You can send a new invitation later."</p>
        <div class="live-region" aria-live="assertive">
            {move || failed.get().map(|p| view! { <p class="banner banner-error">{p.detail}</p> })}
        </div>
        <div class="form-actions">
            // The safe choice first: the dialog starts on it.
            <button type="button" class="button button-secondary" on:click=move |_| invites.revoke_open.set(false)>
                "Keep invitation"
            </button>
            <button
                type="button"
                class="button button-danger"
                disabled=move || revoke.pending().get()
                on:click=move |_| {
                    revoke.dispatch(());
                }
            >
                {move || if revoke.pending().get() { "Revoking…" } else { "Revoke invitation" }}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitee(email: Option<&str>, phone: Option<&str>) -> Invitee {
        Invitee {
            role: GrantRole::Guardian,
            contact_id: None,
            name: "Maria Lopez".into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        }
    }

    #[test]
    fn the_question_names_every_channel_used() {
        assert_eq!(
            confirm_question(&Outgoing::New(invitee(Some("m@example.com"), Some("+12175550123")))),
            "Send a portal invitation to Maria Lopez by email to m@example.com and by text to (217) 555-0123?"
        );
        assert_eq!(
            confirm_question(&Outgoing::New(invitee(Some("m@example.com"), None))),
            "Send a portal invitation to Maria Lopez by email to m@example.com?"
        );
        assert_eq!(confirm_question(&Outgoing::New(invitee(None, None))), "Send a portal invitation to Maria Lopez?");
    }

    #[test]
    fn channels_read_as_words() {
        assert_eq!(channels_phrase(&["email".into(), "sms".into()]), " by email and text");
        assert_eq!(channels_phrase(&["sms".into()]), " by text");
        assert_eq!(channels_phrase(&[]), "");
    }
}
