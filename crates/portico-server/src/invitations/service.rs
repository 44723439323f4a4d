//! Invitation use cases (SPEC §2). Each runs in one transaction with its audit record and its
//! outbox messages (NOT-1), so an invitation exists exactly when its email or text does.
use chrono::{DateTime, Duration, Utc};
use portico_types::deliveries::Channel;
use portico_types::invitations::{Invitation, InvitationStatus};
use portico_types::practice::PracticeBranding;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{InvitationError, Result};
use super::model::{self, Channels, Invitee, OnFile};
use crate::accounts::access::{self, Ended};
use crate::entities::{
    invitation_tokens, invitations, patient_contacts, portal_accounts, portal_grants, verification_codes,
};
use crate::patients::error::PatientError;
use crate::patients::service as patients;
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::crypto::{random_token, sha256_hex};
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::practices::service as practices;
use crate::state::AppState;

/// The invitation token's size: 256 bits (INV-4 asks for at least 128).
const TOKEN_BYTES: usize = 32;
/// At most this many invitations are listed for one patient (one per person on file, plus history).
const LIST_LIMIT: u64 = 100;

pub struct Sent {
    pub invitation: Invitation,
    /// False when the pending invitation was sent again.
    pub created: bool,
}

/// The practice's invitation settings, as durations.
struct Settings {
    expiry: Duration,
    cooldown: Duration,
}

async fn settings(db: &impl ConnectionTrait, practice_id: Uuid, now: DateTime<Utc>) -> Result<Settings> {
    let config = practices::load_config(db, practice_id, now).await?.config;
    Ok(Settings {
        expiry: Duration::days(config.invitations.expiry_days),
        cooldown: Duration::seconds(config.invitations.resend_cooldown_seconds),
    })
}

pub fn to_dto(m: &invitations::Model, cooldown: Duration, now: DateTime<Utc>) -> Invitation {
    Invitation {
        id: m.id,
        patient_id: m.patient_id,
        contact_id: m.contact_id,
        role: m.role,
        invitee_name: format!("{} {}", m.invitee_first_name, m.invitee_last_name),
        email: m.email.clone(),
        phone: m.phone.clone(),
        channels: m.channels.0.iter().map(|c| c.as_str().to_owned()).collect(),
        status: model::status(m.accepted_at, m.revoked_at, m.expires_at, now),
        created_at: m.created_at,
        last_sent_at: m.last_sent_at,
        send_count: m.send_count,
        expires_at: m.expires_at,
        accepted_at: m.accepted_at,
        revoked_at: m.revoked_at,
        can_resend_at: m.last_sent_at + cooldown,
        account_id: m.accepted_at.and(m.account_id),
        account_locked: false,
    }
}

/// Where someone who already registered signs in.
pub fn sign_in_path(slug: &str) -> String {
    format!("/portal/sign-in?practice={slug}")
}

/// A link issued for an invitation: the row and the token only the message will carry.
pub struct Issued {
    pub invitation: invitations::Model,
    pub token: String,
    pub channels: Channels,
    pub first_name: String,
    pub created: bool,
    pub cooldown: Duration,
}

impl Issued {
    pub fn link(&self, public_url: &str) -> String {
        format!("{public_url}/register#t={}", self.token)
    }
}

/// INV-1…INV-4: sends an invitation to the patient or a guardian/guarantor contact. The person's
/// pending invitation, if any, is sent again with a new link (older links stay valid).
pub async fn send(state: &AppState, actor: &Actor, practice_id: Uuid, invitee: Invitee) -> Result<Sent> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let issued = issue(&txn, actor, practice_id, &invitee, None, now).await?;
    let branding = practices::branding(&txn, practice_id, now).await?;
    let link = issued.link(&state.settings.public_url);
    let expires_at = issued.invitation.expires_at;
    for message in
        messages(&branding, &state.settings.public_url, &issued.first_name, &link, expires_at, &issued.channels)
    {
        outbox::enqueue(&txn, now, practice_id, MessageKind::Invitation, message).await?;
    }
    txn.commit().await?;
    Ok(Sent { invitation: to_dto(&issued.invitation, issued.cooldown, now), created: issued.created })
}

/// The invitation part of a send, inside the caller's transaction: checks the person, the
/// channels (`only` narrows them to one, for Outreach Flows) and the cooldown, then creates the
/// invitation or refreshes the pending one and issues a new link. The caller sends the message.
pub async fn issue(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    practice_id: Uuid,
    invitee: &Invitee,
    only: Option<Channel>,
    now: DateTime<Utc>,
) -> Result<Issued> {
    let patient_id = invitee.patient_id;
    // Row lock on PostgreSQL (SQLite's immediate transaction already serialises writers), so two
    // staff pressing "Invite" at once cannot both pass the cooldown.
    let patient = crate::entities::patients::Entity::find_by_id(patient_id)
        .filter(crate::entities::patients::Column::PracticeId.eq(practice_id))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(PatientError::PatientNotFound)?;
    let contact = match invitee.contact_id {
        Some(id) => Some(
            patient_contacts::Entity::find_by_id(id)
                .filter(patient_contacts::Column::PracticeId.eq(practice_id))
                .filter(patient_contacts::Column::PatientId.eq(patient_id))
                .one(txn)
                .await?
                .ok_or(InvitationError::ContactNotFound)?,
        ),
        None => None,
    };
    let person = match &contact {
        Some(c) => OnFile {
            first_name: &c.first_name,
            last_name: &c.last_name,
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            relationship: Some(c.relationship),
        },
        None => OnFile {
            first_name: &patient.first_name,
            last_name: &patient.last_name,
            email: patient.email.as_deref(),
            phone: patient.phone.as_deref(),
            relationship: None,
        },
    };
    let mut channels = model::channels(&person, invitee.role, invitee.origin)?;
    match only {
        Some(Channel::Email) => channels.sms = None,
        Some(Channel::Sms) => channels.email = None,
        None => {}
    }
    let settings = settings(txn, practice_id, now).await?;

    let mut latest = invitations::Entity::find()
        .filter(invitations::Column::PracticeId.eq(practice_id))
        .filter(invitations::Column::PatientId.eq(patient_id))
        .filter(invitations::Column::Role.eq(invitee.role));
    latest = match invitee.contact_id {
        Some(id) => latest.filter(invitations::Column::ContactId.eq(id)),
        None => latest.filter(invitations::Column::ContactId.is_null()),
    };
    let latest = latest.order_by_desc(invitations::Column::LastSentAt).one(txn).await?;
    if let Some(prev) = &latest {
        if let Some(retry_after_seconds) = model::cooldown_remaining(prev.last_sent_at, settings.cooldown, now) {
            return Err(InvitationError::Cooldown { retry_after_seconds });
        }
        // Registered and still holding the access: nothing to invite to. Access that ended (the
        // grant or the invitation revoked) may be offered again.
        let holds_access = match (prev.accepted_at, prev.revoked_at, prev.account_id) {
            (Some(_), None, Some(account)) => portal_grants::Entity::find()
                .filter(portal_grants::Column::AccountId.eq(account))
                .filter(portal_grants::Column::PatientId.eq(patient_id))
                .filter(portal_grants::Column::Role.eq(invitee.role))
                .filter(portal_grants::Column::RevokedAt.is_null())
                .one(txn)
                .await?
                .is_some(),
            _ => false,
        };
        if holds_access {
            return Err(InvitationError::AlreadyRegistered {
                name: format!("{} {}", person.first_name, person.last_name),
            });
        }
    }
    let expires_at = now + settings.expiry;
    let pending =
        latest.filter(|p| model::status(p.accepted_at, p.revoked_at, p.expires_at, now) == InvitationStatus::Pending);
    let created = pending.is_none();
    let invitation = match pending {
        Some(prev) => {
            let mut active = prev.clone().into_active_model();
            if prev.email != channels.email || prev.phone != channels.sms {
                // Sent to a corrected address: the old address's links and any progress made
                // through them end, and registration starts again at step 1 (issue 9, item 1).
                restart(txn, &prev, now).await?;
                active.account_id = Set(None);
                active.password_hash = Set(None);
                active.email_verified_at = Set(None);
                active.verify_phone = Set(None);
                active.phone_verified_at = Set(None);
            }
            active.invitee_first_name = Set(person.first_name.to_owned());
            active.invitee_last_name = Set(person.last_name.to_owned());
            active.email = Set(channels.email.clone());
            active.phone = Set(channels.sms.clone());
            active.channels = Set(channels.stored());
            active.origin = Set(invitee.origin);
            active.last_sent_at = Set(now);
            active.send_count = Set(prev.send_count + 1);
            active.expires_at = Set(expires_at);
            active.update(txn).await?
        }
        None => {
            invitations::ActiveModel {
                id: Set(Uuid::now_v7()),
                practice_id: Set(practice_id),
                patient_id: Set(patient_id),
                contact_id: Set(invitee.contact_id),
                role: Set(invitee.role),
                origin: Set(invitee.origin),
                invitee_first_name: Set(person.first_name.to_owned()),
                invitee_last_name: Set(person.last_name.to_owned()),
                email: Set(channels.email.clone()),
                phone: Set(channels.sms.clone()),
                channels: Set(channels.stored()),
                created_by: Set(actor.id.unwrap_or_default()),
                created_at: Set(now),
                last_sent_at: Set(now),
                send_count: Set(1),
                expires_at: Set(expires_at),
                revoked_at: Set(None),
                revoked_by: Set(None),
                accepted_at: Set(None),
                account_id: Set(None),
                password_hash: Set(None),
                email_verified_at: Set(None),
                verify_phone: Set(None),
                phone_verified_at: Set(None),
            }
            .insert(txn)
            .await?
        }
    };
    let token = random_token(TOKEN_BYTES);
    invitation_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        invitation_id: Set(invitation.id),
        token_hash: Set(sha256_hex(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
    }
    .insert(txn)
    .await?;
    let action = if created {
        Action::InvitationCreate { invitation: invitation.id, patient: patient_id }
    } else {
        Action::InvitationResend { invitation: invitation.id, patient: patient_id }
    };
    let event = Event::new(action).details(json!({
        "role": invitee.role.as_str(),
        "channels": channels.stored().to_string(),
        "origin": invitee.origin.as_str(),
    }));
    audit::record(txn, now, actor, event).await?;
    Ok(Issued {
        invitation,
        token,
        channels,
        first_name: person.first_name.to_owned(),
        created,
        cooldown: settings.cooldown,
    })
}

/// Ends every link and unused code of an invitation.
async fn restart(txn: &impl ConnectionTrait, invitation: &invitations::Model, now: DateTime<Utc>) -> Result<()> {
    invitation_tokens::Entity::update_many()
        .col_expr(invitation_tokens::Column::ExpiresAt, Expr::value(now))
        .filter(invitation_tokens::Column::InvitationId.eq(invitation.id))
        .filter(invitation_tokens::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?;
    verification_codes::Entity::update_many()
        .col_expr(verification_codes::Column::ConsumedAt, Expr::value(now))
        .filter(verification_codes::Column::InvitationId.eq(invitation.id))
        .filter(verification_codes::Column::ConsumedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The invitation email and text. No PHI beyond the invitee's first name (INV-6): not even
/// which patient the invitation is for.
fn messages(
    branding: &PracticeBranding,
    public_url: &str,
    first_name: &str,
    link: &str,
    expires_at: DateTime<Utc>,
    channels: &Channels,
) -> Vec<Message> {
    let practice = &branding.display_name;
    let until = crate::platform::clock::local_date(expires_at, &branding.timezone);
    let mut out = Vec::new();
    if let Some(to) = &channels.email {
        let email = BrandedEmail {
            branding,
            public_url,
            greeting: format!("Hello {first_name},"),
            paragraphs: vec![
                format!("{practice} invites you to its secure patient portal."),
                "Register to see appointments, forms, messages and more, whenever it suits you. \
                 Registering takes about five minutes: you choose a password and confirm your \
                 email address and phone number with short codes."
                    .into(),
            ],
            action: Some(("Register for the patient portal".into(), link.to_owned())),
            footnote: vec![
                format!("This link works until {until}."),
                "If you were not expecting this email, you can ignore it.".into(),
            ],
        }
        .render(to, &format!("{practice} invites you to its patient portal"));
        out.push(Message::Email(email));
    }
    if let Some(to) = &channels.sms {
        out.push(Message::Sms {
            to: to.clone(),
            text: format!("{practice}: register for your patient portal at {link} (link works until {until})"),
        });
    }
    out
}

async fn find(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<invitations::Model> {
    invitations::Entity::find_by_id(id)
        .filter(invitations::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(InvitationError::NotFound)
}

/// INV-5: sends the invitation again (to what is on file now), with the same cooldown.
pub async fn resend(state: &AppState, actor: &Actor, practice_id: Uuid, id: Uuid) -> Result<Invitation> {
    let invitation = find(&state.db, practice_id, id).await?;
    if invitation.revoked_at.is_some() {
        return Err(InvitationError::ResendRevoked);
    }
    let invitee = Invitee {
        patient_id: invitation.patient_id,
        contact_id: invitation.contact_id,
        role: invitation.role,
        origin: invitation.origin,
    };
    Ok(send(state, actor, practice_id, invitee).await?.invitation)
}

/// INV-5: withdraws an invitation; its links stop working at once. An accepted one ends the
/// portal access it gave (issue 9, item 1): the person can be invited again later.
pub async fn revoke(state: &AppState, actor: &Actor, practice_id: Uuid, id: Uuid) -> Result<Invitation> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let invitation = find(&txn, practice_id, id).await?;
    if invitation.revoked_at.is_none() {
        access::end_for_invitation(&txn, actor, &invitation, Ended::RevokedByStaff, now).await?;
    }
    let invitation = find(&txn, practice_id, id).await?;
    let cooldown = settings(&txn, practice_id, now).await?.cooldown;
    txn.commit().await?;
    Ok(to_dto(&invitation, cooldown, now))
}

/// Every invitation sent for a patient (to them or their contacts), newest first.
pub async fn list(state: &AppState, actor: &Actor, practice_id: Uuid, patient_id: Uuid) -> Result<Vec<Invitation>> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    patients::find(&txn, practice_id, patient_id).await?;
    let rows = invitations::Entity::find()
        .filter(invitations::Column::PracticeId.eq(practice_id))
        .filter(invitations::Column::PatientId.eq(patient_id))
        .order_by_desc(invitations::Column::CreatedAt)
        .order_by_desc(invitations::Column::Id)
        .limit(LIST_LIMIT)
        .all(&txn)
        .await?;
    let cooldown = settings(&txn, practice_id, now).await?.cooldown;
    let accounts: Vec<Uuid> = rows.iter().filter_map(|r| r.account_id).collect();
    let locked: Vec<Uuid> = portal_accounts::Entity::find()
        .select_only()
        .column(portal_accounts::Column::Id)
        .filter(portal_accounts::Column::Id.is_in(accounts))
        .filter(portal_accounts::Column::LockedAt.is_not_null())
        .into_tuple()
        .all(&txn)
        .await?;
    audit::record(&txn, now, actor, Event::new(Action::InvitationList { patient: patient_id })).await?;
    txn.commit().await?;
    Ok(rows
        .iter()
        .map(|m| Invitation {
            account_locked: m.account_id.is_some_and(|a| locked.contains(&a)),
            ..to_dto(m, cooldown, now)
        })
        .collect())
}

/// The invitation a link's token belongs to, if it can still be used (INV-4, INV-7).
pub async fn redeem(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(invitations::Model, invitation_tokens::Model)> {
    let link = invitation_tokens::Entity::find()
        .filter(invitation_tokens::Column::TokenHash.eq(sha256_hex(token.trim())))
        .one(db)
        .await?
        .ok_or(InvitationError::LinkInvalid)?;
    let invitation =
        invitations::Entity::find_by_id(link.invitation_id).one(db).await?.ok_or(InvitationError::LinkInvalid)?;
    usable(db, &invitation, now).await?;
    if link.expires_at <= now {
        return Err(InvitationError::LinkExpired);
    }
    Ok((invitation, link))
}

/// Accepted, revoked and expired invitations end registration, whichever link is used.
pub async fn usable(db: &impl ConnectionTrait, invitation: &invitations::Model, now: DateTime<Utc>) -> Result<()> {
    match model::status(invitation.accepted_at, invitation.revoked_at, invitation.expires_at, now) {
        InvitationStatus::Pending => Ok(()),
        InvitationStatus::Accepted => {
            let slug = practices::practice(db, invitation.practice_id).await?.slug;
            Err(InvitationError::LinkAccepted { sign_in_path: sign_in_path(&slug) })
        }
        InvitationStatus::Revoked => Err(InvitationError::LinkRevoked),
        InvitationStatus::Expired => Err(InvitationError::LinkExpired),
    }
}
