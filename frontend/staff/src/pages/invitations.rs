//! Portal invitations on the facesheet (INV-1…5): "Invite to portal" for the patient and for
//! guardian and guarantor contacts, the "pending since" alerts with Resend and Revoke, and the
//! "Portal access" list. Sending, the confirmation dialogs and the cooldown are
//! [`crate::widgets::invite_flow`]'s, shared with the Portal Directory and Patient Responsibility.
use leptos::prelude::*;
use portico_types::invitations::{Invitation, InvitationOrigin, InvitationStatus};
use portico_types::{Page, ProblemDetails};
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{Flash, Loaded, focus};
use crate::format;
use crate::session::use_session;
pub use crate::widgets::invite_flow::Invitee;
use crate::widgets::invite_flow::{
    AccessChange, ChangeButton, InviteDialogs, InviteFlow, Outgoing, Revoke, SendButton, Who, cooldown_end,
};

/// The facesheet's invitations and the flow their buttons share. `Copy`.
#[derive(Clone, Copy)]
pub struct Invites {
    pub list: LocalResource<Result<Page<Invitation>, ProblemDetails>>,
    flow: InviteFlow,
}

impl Invites {
    pub fn new(patient_id: Uuid) -> Self {
        let client = use_client();
        let flash = expect_context::<Flash>();
        // Only staff who invite see who has portal access (and their contact details).
        let allowed = use_session().can_invite();
        let list = LocalResource::new(move || async move {
            if allowed {
                api::invitations::list(client, patient_id).await
            } else {
                Ok(Page { items: Vec::new(), next_cursor: None })
            }
        });
        let flow = InviteFlow::new(move |message| {
            list.refetch();
            flash.show_here(message);
            // The button that opened the dialog may be gone (a revoked alert); start from the section.
            request_animation_frame(|| {
                focus("#portal-access-heading");
            });
        });
        Self { list, flow }
    }

    /// The invitations once loaded (reactive); empty while loading or after a failure.
    fn items(&self) -> Vec<Invitation> {
        self.list.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default()
    }

    /// Whether `who` registered from one of these invitations (reactive).
    fn registered(&self, who: Who) -> bool {
        self.list.with(|l| {
            l.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|page| {
                page.items.iter().any(|i| i.status == InvitationStatus::Accepted && Who::of(i) == who)
            })
        })
    }
}

/// "Invite to portal" for one person. Disabled, with the time left, while the cooldown runs.
#[component]
pub fn InviteButton(invites: Invites, invitee: Invitee, #[prop(optional)] small: bool) -> impl IntoView {
    let session = use_session();
    let who = invitee.who();
    let class = if small { "button button-small button-secondary" } else { "button button-secondary" };
    let context = format!(" ({})", invitee.name);
    let invitee = StoredValue::new(invitee);
    view! {
        // Someone who registered needs no invitation: the facesheet says they have access.
        <Show when=move || invites.registered(who)>
            <span class="tag tag-ok">"Has portal access"</span>
        </Show>
        <Show when=move || session.can_invite() && !invites.registered(who)>
            {
                let context = context.clone();
                move || {
                    let not_before = cooldown_end(&invites.items(), who);
                    let send = Outgoing::invite(&invitee.get_value(), InvitationOrigin::Facesheet, not_before);
                    view! { <SendButton flow=invites.flow send label="Invite to portal" context=context.clone() class /> }
                }
            }
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
    let text = format!(
        "Portal invitation pending since {} — {} ({})",
        format::instant(inv.created_at),
        inv.invitee_name,
        inv.role.label()
    );
    let context = format!(" the invitation for {}", inv.invitee_name);
    let send = Outgoing::resend(&inv);
    let revoke = Revoke { id: inv.id, name: inv.invitee_name.clone() };
    view! {
        <div class="banner banner-info invite-alert">
            <p class="invite-alert-text">{text}</p>
            {can_act
                .then(|| {
                    view! {
                        <div class="row-actions">
                            <SendButton
                                flow=invites.flow
                                send
                                label="Resend"
                                context=context.clone()
                                class="button button-small button-secondary"
                            />
                            <button
                                type="button"
                                class="button button-small button-danger-quiet"
                                on:click=move |_| invites.flow.ask_revoke(revoke.clone())
                            >
                                "Revoke"
                                <span class="visually-hidden">{context.clone()}</span>
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
                            {page.items.into_iter().map(|inv| view! { <InvitationItem inv invites /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Loaded>
            <InviteDialogs flow=invites.flow />
        </section>
    }
}

/// The changes staff can make to the access a registered invitation gave: end it, or lock or
/// unlock the account.
fn access_changes(inv: &Invitation) -> Vec<(AccessChange, &'static str)> {
    if inv.status != InvitationStatus::Accepted {
        return Vec::new();
    }
    let name = inv.invitee_name.clone();
    let mut out = vec![(AccessChange::EndInvitation { invitation: inv.id, name: name.clone() }, "End access")];
    if let Some(account) = inv.account_id {
        out.push(if inv.account_locked {
            (AccessChange::Unlock { account, name }, "Unlock account")
        } else {
            (AccessChange::Lock { account, name }, "Lock account")
        });
    }
    out
}

#[component]
fn InvitationItem(inv: Invitation, invites: Invites) -> impl IntoView {
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
    let changes = access_changes(&inv);
    let context = format!(" ({})", inv.invitee_name);
    let locked = inv.account_locked;
    view! {
        <li class="contact">
            <div class="contact-main">
                <p class="contact-name">
                    {inv.invitee_name} <span class="tag">{inv.role.label()}</span>
                    <span class=status_class>{inv.status.label()}</span>
                    {locked.then(|| view! { <span class="tag tag-danger">"Account locked"</span> })}
                </p>
                <p class="contact-reach">
                    <span>{sent}</span>
                    {state.map(|s| view! { <span>{s}</span> })}
                </p>
            </div>
            {(!changes.is_empty())
                .then(|| {
                    view! {
                        <div class="row-actions">
                            {changes
                                .into_iter()
                                .map(|(change, label)| {
                                    let class = if matches!(change, AccessChange::EndInvitation { .. }) {
                                        "button button-small button-danger-quiet"
                                    } else {
                                        "button button-small button-secondary"
                                    };
                                    view! { <ChangeButton flow=invites.flow change label context=context.clone() class /> }
                                })
                                .collect_view()}
                        </div>
                    }
                })}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_read_as_words() {
        assert_eq!(channels_phrase(&["email".into(), "sms".into()]), " by email and text");
        assert_eq!(channels_phrase(&["sms".into()]), " by text");
        assert_eq!(channels_phrase(&[]), "");
    }
}
