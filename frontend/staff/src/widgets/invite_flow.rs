//! Sending, resending and revoking portal invitations (INV-1…5), shared by the facesheet, the
//! Portal Directory and Patient Responsibility: the confirmation dialogs (INV-2), the practice's
//! cooldown (INV-3) counted down on every button that would send, and what the server refused,
//! told plainly.
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::invitations::{GrantRole, Invitation, InvitationOrigin, InvitationRequest, InvitationStatus};
use uuid::Uuid;

use crate::api::invitations::Sent;
use crate::api::{self, use_client};
use crate::components::{Dialog, use_now};
use crate::format;
use crate::links;

/// Whose cooldown a button waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// One person of a patient: the patient (`None`) or one of their contacts.
    Person(Uuid, GrantRole, Option<Uuid>),
    /// An invitation known only by its id (a Portal Directory row).
    Invitation(Uuid),
}

impl Who {
    pub fn of(inv: &Invitation) -> Self {
        Self::Person(inv.patient_id, inv.role, inv.contact_id)
    }
}

/// Someone who may be invited, as a page knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitee {
    pub patient_id: Uuid,
    pub role: GrantRole,
    /// `None`: the patient themself.
    pub contact_id: Option<Uuid>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Invitee {
    pub fn who(&self) -> Who {
        Who::Person(self.patient_id, self.role, self.contact_id)
    }
}

/// What a send does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A new invitation from `origin`; the server sends the pending one again if there is one.
    New { role: GrantRole, contact_id: Option<Uuid>, origin: InvitationOrigin },
    /// The invitation with this id, sent again to what is on file now.
    Resend(Uuid),
}

/// What a confirmation dialog is about to send, and to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub kind: Kind,
    pub patient_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub who: Who,
    /// The end of the cooldown as the page's list said (`can_resend_at`).
    pub not_before: Option<DateTime<Utc>>,
}

impl Outgoing {
    pub fn invite(invitee: &Invitee, origin: InvitationOrigin, not_before: Option<DateTime<Utc>>) -> Self {
        Self {
            kind: Kind::New { role: invitee.role, contact_id: invitee.contact_id, origin },
            patient_id: invitee.patient_id,
            name: invitee.name.clone(),
            email: invitee.email.clone(),
            phone: invitee.phone.clone(),
            who: invitee.who(),
            not_before,
        }
    }

    pub fn resend(inv: &Invitation) -> Self {
        Self {
            kind: Kind::Resend(inv.id),
            patient_id: inv.patient_id,
            name: inv.invitee_name.clone(),
            email: inv.email.clone(),
            phone: inv.phone.clone(),
            who: Who::of(inv),
            not_before: Some(inv.can_resend_at),
        }
    }

    fn origin(&self) -> Option<InvitationOrigin> {
        match self.kind {
            Kind::New { origin, .. } => Some(origin),
            Kind::Resend(_) => None,
        }
    }

    /// "Send a registration link?", the dialog's title.
    fn title(&self) -> &'static str {
        match self.origin() {
            Some(InvitationOrigin::PatientResponsibility) => "Send a registration link?",
            Some(_) => "Send a portal invitation?",
            None => "Send the invitation again?",
        }
    }

    /// Why this cannot be sent as it stands: nothing on file to send it to.
    fn missing(&self) -> Option<String> {
        let name = &self.name;
        match self.origin() {
            Some(InvitationOrigin::Facesheet) if self.email.is_none() => Some(format!(
                "There is no email address on file for {name}. Portal invitations from the facesheet and the \
                 Portal Directory go by email: add one on the facesheet first."
            )),
            Some(InvitationOrigin::PatientResponsibility | InvitationOrigin::Outreach)
                if self.email.is_none() && self.phone.is_none() =>
            {
                Some(format!(
                    "There is no email address or phone number on file for {name}, so there is nowhere to send \
                     the link. Add one on the facesheet, then send it."
                ))
            }
            _ => None,
        }
    }
}

/// What someone may be asked to confirm before an invitation is withdrawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Revoke {
    pub id: Uuid,
    pub name: String,
}

/// A change to someone's portal access, confirmed before it is made (issue 9, item 1).
#[derive(Debug, Clone, PartialEq)]
pub enum AccessChange {
    /// One account's access to one patient, by its grant (the Portal Directory).
    EndGrant {
        grant: Uuid,
        name: String,
        patient: String,
    },
    /// The access an accepted invitation gave (the facesheet).
    EndInvitation {
        invitation: Uuid,
        name: String,
    },
    Lock {
        account: Uuid,
        name: String,
    },
    Unlock {
        account: Uuid,
        name: String,
    },
}

impl AccessChange {
    /// Whose access changes.
    pub fn name(&self) -> &str {
        match self {
            Self::EndGrant { name, .. }
            | Self::EndInvitation { name, .. }
            | Self::Lock { name, .. }
            | Self::Unlock { name, .. } => name,
        }
    }

    fn title(&self) -> String {
        match self {
            Self::EndGrant { name, patient, .. } => format!("End {name}'s portal access to {patient}?"),
            Self::EndInvitation { name, .. } => format!("End {name}'s portal access?"),
            Self::Lock { name, .. } => format!("Lock {name}'s portal account?"),
            Self::Unlock { name, .. } => format!("Unlock {name}'s portal account?"),
        }
    }

    fn explanation(&self) -> &'static str {
        match self {
            Self::EndGrant { .. } | Self::EndInvitation { .. } => {
                "They will no longer see this patient in the portal, starting now. If they see no one else, they \
                 are signed out everywhere. You can invite them again later."
            }
            Self::Lock { .. } => {
                "They are signed out everywhere now and cannot sign in, even with a new password, until someone \
                 at the practice unlocks the account. Use it for a lost phone or a suspected break-in."
            }
            Self::Unlock { .. } => "They can sign in again with their password.",
        }
    }

    /// The two buttons: the safe choice, then the change.
    fn labels(&self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::EndGrant { .. } | Self::EndInvitation { .. } => ("Keep access", "End access", "Ending…"),
            Self::Lock { .. } => ("Keep unlocked", "Lock account", "Locking…"),
            Self::Unlock { .. } => ("Keep locked", "Unlock account", "Unlocking…"),
        }
    }

    fn done(&self) -> String {
        match self {
            Self::EndGrant { name, patient, .. } => format!("{name} no longer has portal access to {patient}."),
            Self::EndInvitation { name, .. } => format!("{name} no longer has portal access to this patient."),
            Self::Lock { name, .. } => format!("{name}'s portal account is locked."),
            Self::Unlock { name, .. } => format!("{name}'s portal account is unlocked."),
        }
    }

    async fn apply(self, client: api::Client) -> Result<(), ProblemDetails> {
        match self {
            Self::EndGrant { grant, .. } => api::invitations::revoke_grant(client, grant).await,
            Self::EndInvitation { invitation, .. } => api::invitations::revoke(client, invitation).await.map(|_| ()),
            Self::Lock { account, .. } => api::invitations::set_locked(client, account, true).await,
            Self::Unlock { account, .. } => api::invitations::set_locked(client, account, false).await,
        }
    }
}

/// " by email to m@example.com and by text to (217) 555-0123", " by email to …", " by text to …",
/// or nothing when neither is known: where a send goes (INV-2).
pub fn channel_phrase(email: Option<&str>, phone: Option<&str>) -> String {
    match (email, phone.map(format::phone)) {
        (Some(e), Some(p)) => format!(" by email to {e} and by text to {p}"),
        (Some(e), None) => format!(" by email to {e}"),
        (None, Some(p)) => format!(" by text to {p}"),
        (None, None) => String::new(),
    }
}

/// "Send a portal invitation to Maria Lopez by email to m@example.com and by text to
/// (217) 555-0123?"
fn confirm_question(send: &Outgoing) -> String {
    let lead = match send.origin() {
        Some(InvitationOrigin::PatientResponsibility) => "Send a registration link for the patient portal to",
        Some(_) => "Send a portal invitation to",
        None => "Send the portal invitation again to",
    };
    format!("{lead} {}{}?", send.name, channel_phrase(send.email.as_deref(), send.phone.as_deref()))
}

/// What a finished send says, e.g. "Portal invitation sent to Maria Lopez."
fn sent_message(send: &Outgoing, sent: &Sent) -> String {
    let who = &sent.invitation.invitee_name;
    match (send.origin(), sent.created) {
        (None, _) => format!("Portal invitation sent again to {who}."),
        (Some(InvitationOrigin::PatientResponsibility), true) => format!("Registration link sent to {who}."),
        (Some(InvitationOrigin::PatientResponsibility), false) => {
            format!("{who} already had a pending invitation; a new registration link was sent.")
        }
        (Some(_), true) => format!("Portal invitation sent to {who}."),
        (Some(_), false) => format!("{who} already had a pending invitation; it was sent again."),
    }
}

/// What a refused send says: the field the server named (no email on file, a contact who may not
/// be invited), or its detail.
fn refusal(p: &ProblemDetails) -> String {
    if p.status == 429 {
        return "Invitations to the same person need a short pause between them. The button counts down until \
                you can send again."
            .to_owned();
    }
    ["email", "contact_id", "role", "phone"]
        .iter()
        .find_map(|f| p.field_message(f))
        .map_or_else(|| p.detail.clone(), str::to_owned)
}

/// "Resend", or "You can send again in 42 s" while the cooldown runs.
pub fn countdown_label(idle: &str, secs: u64) -> String {
    match secs {
        0 => idle.to_owned(),
        secs => format!("You can send again in {}", format::short_wait(secs)),
    }
}

/// The newest cooldown end among `items` for `who` (any status: the server's cooldown counts
/// from the last send to that person, whatever became of it).
pub fn cooldown_end(items: &[Invitation], who: Who) -> Option<DateTime<Utc>> {
    items.iter().filter(|i| Who::of(i) == who || who == Who::Invitation(i.id)).map(|i| i.can_resend_at).max()
}

/// Where one person stands with the portal, from their invitations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortalStatus {
    Registered,
    /// Pending; the last link went out then.
    Invited(DateTime<Utc>),
    Expired,
    Revoked,
    NotInvited,
}

impl PortalStatus {
    pub fn of(items: &[Invitation], who: Who) -> Self {
        let mine = || items.iter().filter(|i| Who::of(i) == who);
        if mine().any(|i| i.status == InvitationStatus::Accepted) {
            return Self::Registered;
        }
        match mine().max_by_key(|i| i.last_sent_at) {
            None => Self::NotInvited,
            Some(i) => match i.status {
                InvitationStatus::Pending => Self::Invited(i.last_sent_at),
                InvitationStatus::Expired => Self::Expired,
                InvitationStatus::Revoked => Self::Revoked,
                InvitationStatus::Accepted => Self::Registered,
            },
        }
    }

    /// "Invited — link sent Nov 21, 2026, 9:40 AM".
    pub fn label(self) -> String {
        match self {
            Self::Registered => "Registered".to_owned(),
            Self::Invited(at) => format!("Invited — link sent {}", format::instant(at)),
            Self::Expired => "Expired".to_owned(),
            Self::Revoked => "Revoked".to_owned(),
            Self::NotInvited => "Not invited yet".to_owned(),
        }
    }

    pub const fn tag(self) -> &'static str {
        match self {
            Self::Registered => "tag tag-ok",
            Self::Invited(_) => "tag tag-warn",
            Self::Expired | Self::Revoked | Self::NotInvited => "tag",
        }
    }
}

/// The confirmation dialogs of one page and the cooldowns its buttons wait for. `Copy`.
#[derive(Clone, Copy)]
pub struct InviteFlow {
    now: ReadSignal<f64>,
    /// Sends the server refused with 429, until when (ms): every button for that person waits.
    blocked: RwSignal<Vec<(Who, f64)>>,
    sending: RwSignal<Option<Outgoing>>,
    send_open: RwSignal<bool>,
    revoking: RwSignal<Option<Revoke>>,
    revoke_open: RwSignal<bool>,
    changing: RwSignal<Option<AccessChange>>,
    change_open: RwSignal<bool>,
    /// After a send or a revoke, with what to tell the user: the page reloads its list.
    done: Callback<String>,
}

impl InviteFlow {
    pub fn new(done: impl Fn(String) + Send + Sync + 'static) -> Self {
        Self {
            now: use_now(),
            blocked: RwSignal::new(Vec::new()),
            sending: RwSignal::new(None),
            send_open: RwSignal::new(false),
            revoking: RwSignal::new(None),
            revoke_open: RwSignal::new(false),
            changing: RwSignal::new(None),
            change_open: RwSignal::new(false),
            done: Callback::new(done),
        }
    }

    /// Seconds until `who` may be sent an invitation again (reactive, ticks each second): the
    /// later of `not_before` (from the page's list) and a 429 met here.
    pub fn wait(&self, who: Who, not_before: Option<DateTime<Utc>>) -> u64 {
        let listed = not_before.map_or(0.0, |t| t.timestamp_millis() as f64);
        let refused = self.blocked.with(|b| b.iter().filter(|(w, _)| *w == who).map(|(_, t)| *t).fold(0.0, f64::max));
        format::seconds_until(listed.max(refused), self.now.get())
    }

    fn block(&self, who: Who, secs: u64) {
        let until = js_sys::Date::now() + secs as f64 * 1000.0;
        self.blocked.update(|b| {
            b.retain(|(w, _)| *w != who);
            b.push((who, until));
        });
    }

    /// Opens the confirmation dialog for `send`.
    pub fn ask(&self, send: Outgoing) {
        self.sending.set(Some(send));
        self.send_open.set(true);
    }

    pub fn ask_revoke(&self, revoke: Revoke) {
        self.revoking.set(Some(revoke));
        self.revoke_open.set(true);
    }

    pub fn ask_change(&self, change: AccessChange) {
        self.changing.set(Some(change));
        self.change_open.set(true);
    }

    fn finish(&self, message: String) {
        self.send_open.set(false);
        self.revoke_open.set(false);
        self.change_open.set(false);
        self.done.run(message);
    }
}

/// A button that opens the confirmation for `send`, counting down while the cooldown runs.
#[component]
pub fn SendButton(
    flow: InviteFlow,
    send: Outgoing,
    label: &'static str,
    /// Read by screen readers after the label, e.g. " (Maria Lopez)".
    #[prop(optional)]
    context: String,
    #[prop(default = "button button-secondary")] class: &'static str,
) -> impl IntoView {
    let (who, not_before) = (send.who, send.not_before);
    let send = StoredValue::new(send);
    view! {
        <button
            type="button"
            class=class
            disabled=move || flow.wait(who, not_before) != 0
            on:click=move |_| flow.ask(send.get_value())
        >
            {move || countdown_label(label, flow.wait(who, not_before))}
            {(!context.is_empty()).then(|| view! { <span class="visually-hidden">{context.clone()}</span> })}
        </button>
    }
}

/// The page's dialogs: confirm a send, a revoke, a change to someone's access.
#[component]
pub fn InviteDialogs(flow: InviteFlow) -> impl IntoView {
    let send_title =
        Signal::derive(move || flow.sending.with(|s| s.as_ref().map(|s| s.title()).unwrap_or_default().to_owned()));
    let revoke_title = Signal::derive(move || {
        flow.revoking.get().map(|r| format!("Revoke the invitation for {}?", r.name)).unwrap_or_default()
    });
    let change_title =
        Signal::derive(move || flow.changing.with(|c| c.as_ref().map(AccessChange::title).unwrap_or_default()));
    view! {
        <Dialog open=flow.send_open id="invite-dialog" title=send_title>
            {flow
                .sending
                .get_untracked()
                .map(|send| {
                    view! { <ConfirmSend flow send cancel_label="Cancel" on_cancel=move || flow.send_open.set(false) /> }
                })}
        </Dialog>
        <Dialog open=flow.revoke_open id="revoke-invitation-dialog" title=revoke_title>
            {flow.revoking.get_untracked().map(|revoke| view! { <ConfirmRevoke flow revoke /> })}
        </Dialog>
        <Dialog open=flow.change_open id="portal-access-dialog" title=change_title>
            {flow.changing.get_untracked().map(|change| view! { <ConfirmChange flow change /> })}
        </Dialog>
    }
}

/// The body of a send confirmation: where it goes, why it cannot go, what the server said, and
/// the button (counting down through the cooldown). Also used inside other dialogs as their last
/// step (the Portal Directory's "Invite someone").
#[component]
pub fn ConfirmSend(
    flow: InviteFlow,
    send: Outgoing,
    cancel_label: &'static str,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let (who, not_before, kind, patient_id) = (send.who, send.not_before, send.kind, send.patient_id);
    let question = confirm_question(&send);
    let missing = send.missing();
    let send = StoredValue::new(send);
    let go = Action::new_local(move |_: &()| async move {
        match kind {
            Kind::New { role, contact_id, origin } => {
                let request = InvitationRequest { role, contact_id, origin };
                api::invitations::invite(client, patient_id, request).await
            }
            Kind::Resend(id) => {
                api::invitations::resend(client, id).await.map(|invitation| Sent { invitation, created: false })
            }
        }
    });
    Effect::new(move |_| match go.value().get() {
        Some(Ok(sent)) => flow.finish(sent_message(&send.get_value(), &sent)),
        Some(Err(problem)) => {
            if problem.status == 429 {
                flow.block(who, problem.retry_after_seconds.unwrap_or(60));
            }
            failed.set(Some(problem));
        }
        None => {}
    });
    let wait = move || flow.wait(who, not_before);
    let idle = if matches!(kind, Kind::New { origin: InvitationOrigin::PatientResponsibility, .. }) {
        "Send link"
    } else {
        "Send invitation"
    };
    // Not from the facesheet itself: the facesheet is where contact details are added.
    let here = leptos::prelude::location().pathname().unwrap_or_default();
    let facesheet = links::patient(patient_id);
    let link_to_facesheet = here != facesheet;
    let blocked = missing.is_some();
    view! {
        {match missing {
            Some(why) => view! {
                <div class="banner banner-error">
                    <p>{why}</p>
                    {link_to_facesheet.then(|| view! { <p><a href=facesheet.clone()>"Open the facesheet"</a></p> })}
                </div>
            }
                .into_any(),
            None => view! {
                <p>{question}</p>
                <p class="hint">"The message holds a link to register and says nothing about the patient's care."</p>
            }
                .into_any(),
        }}
        <div class="live-region" aria-live="assertive">
            {move || failed.get().map(|p| view! { <p class="banner banner-error">{refusal(&p)}</p> })}
        </div>
        <div class="form-actions">
            {(!blocked)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button button-primary"
                            disabled=move || go.pending().get() || wait() != 0
                            on:click=move |_| {
                                failed.set(None);
                                go.dispatch(());
                            }
                        >
                            {move || if go.pending().get() { "Sending…".to_owned() } else { countdown_label(idle, wait()) }}
                        </button>
                    }
                })}
            <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                {if blocked && cancel_label == "Cancel" { "Close" } else { cancel_label }}
            </button>
        </div>
    }
}

#[component]
fn ConfirmRevoke(flow: InviteFlow, revoke: Revoke) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let Revoke { id, name } = revoke;
    let go = Action::new_local(move |_: &()| api::invitations::revoke(client, id));
    Effect::new(move |_| match go.value().get() {
        Some(Ok(_)) => flow.finish(format!("The portal invitation for {name} was revoked.")),
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
            <button type="button" class="button button-secondary" on:click=move |_| flow.revoke_open.set(false)>
                "Keep invitation"
            </button>
            <button
                type="button"
                class="button button-danger"
                disabled=move || go.pending().get()
                on:click=move |_| {
                    go.dispatch(());
                }
            >
                {move || if go.pending().get() { "Revoking…" } else { "Revoke invitation" }}
            </button>
        </div>
    }
}

/// A button that asks to confirm `change`.
#[component]
pub fn ChangeButton(
    flow: InviteFlow,
    change: AccessChange,
    label: &'static str,
    /// Read by screen readers after the label, e.g. " (Maria Lopez)".
    context: String,
    #[prop(default = "button button-small button-secondary")] class: &'static str,
) -> impl IntoView {
    let change = StoredValue::new(change);
    view! {
        <button type="button" class=class on:click=move |_| flow.ask_change(change.get_value())>
            {label}
            <span class="visually-hidden">{context}</span>
        </button>
    }
}

#[component]
fn ConfirmChange(flow: InviteFlow, change: AccessChange) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let (keep, act, acting) = change.labels();
    let explanation = change.explanation();
    let class =
        if matches!(change, AccessChange::Unlock { .. }) { "button button-primary" } else { "button button-danger" };
    let done = change.done();
    let change = StoredValue::new(change);
    let go = Action::new_local(move |_: &()| change.get_value().apply(client));
    Effect::new(move |_| match go.value().get() {
        Some(Ok(())) => flow.finish(done.clone()),
        Some(Err(problem)) => failed.set(Some(problem)),
        None => {}
    });
    view! {
        <p>{explanation}</p>
        <div class="live-region" aria-live="assertive">
            {move || failed.get().map(|p| view! { <p class="banner banner-error">{p.detail}</p> })}
        </div>
        <div class="form-actions">
            // The safe choice first: the dialog starts on it.
            <button type="button" class="button button-secondary" on:click=move |_| flow.change_open.set(false)>
                {keep}
            </button>
            <button
                type="button"
                class=class
                disabled=move || go.pending().get()
                on:click=move |_| {
                    go.dispatch(());
                }
            >
                {move || if go.pending().get() { acting } else { act }}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    fn invitee(email: Option<&str>, phone: Option<&str>) -> Invitee {
        Invitee {
            patient_id: Uuid::nil(),
            role: GrantRole::Guardian,
            contact_id: None,
            name: "Maria Lopez".into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        }
    }

    fn invitation(status: InvitationStatus, sent: i64) -> Invitation {
        Invitation {
            id: Uuid::from_u128(sent as u128 + 1),
            patient_id: Uuid::nil(),
            contact_id: None,
            role: GrantRole::Patient,
            invitee_name: "Maria Lopez".into(),
            email: Some("m@example.com".into()),
            phone: None,
            channels: vec!["email".into()],
            status,
            created_at: at(sent),
            last_sent_at: at(sent),
            send_count: 1,
            expires_at: at(sent + 14 * 86_400),
            accepted_at: None,
            revoked_at: None,
            can_resend_at: at(sent + 60),
            account_id: None,
            account_locked: false,
        }
    }

    #[test]
    fn channels_follow_what_is_on_file() {
        let both = channel_phrase(Some("m@example.com"), Some("+12175550123"));
        assert_eq!(both, " by email to m@example.com and by text to (217) 555-0123");
        assert_eq!(channel_phrase(Some("m@example.com"), None), " by email to m@example.com");
        assert_eq!(channel_phrase(None, Some("+12175550123")), " by text to (217) 555-0123");
        assert_eq!(channel_phrase(None, None), "");
    }

    #[test]
    fn the_question_names_every_channel_used() {
        let i = invitee(Some("m@example.com"), Some("+12175550123"));
        assert_eq!(
            confirm_question(&Outgoing::invite(&i, InvitationOrigin::Facesheet, None)),
            "Send a portal invitation to Maria Lopez by email to m@example.com and by text to (217) 555-0123?"
        );
        let i = invitee(None, Some("+12175550123"));
        assert_eq!(
            confirm_question(&Outgoing::invite(&i, InvitationOrigin::PatientResponsibility, None)),
            "Send a registration link for the patient portal to Maria Lopez by text to (217) 555-0123?"
        );
        let resend = Outgoing::resend(&invitation(InvitationStatus::Pending, 0));
        assert_eq!(
            confirm_question(&resend),
            "Send the portal invitation again to Maria Lopez by email to m@example.com?"
        );
    }

    #[test]
    fn sends_with_nowhere_to_go_say_so_before_asking_the_server() {
        let none = invitee(None, None);
        let text_only = invitee(None, Some("+12175550123"));
        assert!(Outgoing::invite(&text_only, InvitationOrigin::Facesheet, None).missing().is_some());
        assert!(Outgoing::invite(&text_only, InvitationOrigin::PatientResponsibility, None).missing().is_none());
        assert!(Outgoing::invite(&none, InvitationOrigin::PatientResponsibility, None).missing().is_some());
        assert!(Outgoing::resend(&invitation(InvitationStatus::Expired, 0)).missing().is_none());
    }

    #[test]
    fn countdowns_replace_the_label_while_waiting() {
        assert_eq!(countdown_label("Resend", 0), "Resend");
        assert_eq!(countdown_label("Resend", 65), "You can send again in 1 min 5 s");
    }

    #[test]
    fn portal_status_reads_the_newest_invitation() {
        let who = Who::Person(Uuid::nil(), GrantRole::Patient, None);
        assert_eq!(PortalStatus::of(&[], who), PortalStatus::NotInvited);
        let items = [invitation(InvitationStatus::Pending, 100), invitation(InvitationStatus::Revoked, 0)];
        assert_eq!(PortalStatus::of(&items, who), PortalStatus::Invited(at(100)));
        let items = [invitation(InvitationStatus::Expired, 100), invitation(InvitationStatus::Accepted, 0)];
        assert_eq!(PortalStatus::of(&items, who), PortalStatus::Registered);
        let items = [invitation(InvitationStatus::Revoked, 100)];
        assert_eq!(PortalStatus::of(&items, who), PortalStatus::Revoked);
        let guardian = Who::Person(Uuid::nil(), GrantRole::Guardian, Some(Uuid::nil()));
        assert_eq!(PortalStatus::of(&items, guardian), PortalStatus::NotInvited);
    }

    #[test]
    fn the_cooldown_counts_from_the_last_send_whatever_its_status() {
        let who = Who::Person(Uuid::nil(), GrantRole::Patient, None);
        let items = [invitation(InvitationStatus::Revoked, 100), invitation(InvitationStatus::Pending, 0)];
        assert_eq!(cooldown_end(&items, who), Some(at(160)));
        assert_eq!(cooldown_end(&items, Who::Invitation(items[1].id)), Some(at(60)));
        assert_eq!(cooldown_end(&[], who), None);
    }
}
