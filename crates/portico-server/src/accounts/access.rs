//! When portal access ends (issue 9, item 1). A grant holds only as long as its source: a
//! guardian's or guarantor's grant comes from their contact record, so removing the contact, or
//! changing its relationship, ends the grant and the contact's invitations. Staff can also end
//! one grant, or lock an account outright. An account left with no grant is signed out
//! everywhere; the access token of an account that keeps other grants stops opening this patient
//! at once, because every portal request checks live grants (and that the account is unlocked).
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::auth::throttle_audience;
use super::error::{AccountError, Result};
use crate::entities::{invitations, portal_accounts, portal_grants};
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::portal::SUBJECT_PORTAL;
use crate::platform::{sessions, throttle};
use crate::state::AppState;

/// Why access ended, as the audit record says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    ContactRemoved,
    RelationshipChanged,
    /// Staff ended it: one grant from the facesheet or the Portal Directory, or the invitation
    /// it came from.
    RevokedByStaff,
}

impl Ended {
    const fn as_str(self) -> &'static str {
        match self {
            Self::ContactRemoved => "contact_removed",
            Self::RelationshipChanged => "relationship_changed",
            Self::RevokedByStaff => "revoked_by_staff",
        }
    }
}

/// Ends what contact `contact_id` of `patient_id` gave: its invitations are revoked (pending
/// links stop working; an accepted one may be sent again later) and the grants they gave end,
/// each audited. Call it in the transaction that changes the contact.
pub async fn end_for_contact(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
    contact_id: Uuid,
    why: Ended,
    now: DateTime<Utc>,
) -> std::result::Result<(), sea_orm::DbErr> {
    let sent = invitations::Entity::find()
        .filter(invitations::Column::PracticeId.eq(practice_id))
        .filter(invitations::Column::PatientId.eq(patient_id))
        .filter(invitations::Column::ContactId.eq(contact_id))
        .filter(invitations::Column::RevokedAt.is_null())
        .all(txn)
        .await?;
    for invitation in &sent {
        end_for_invitation(txn, actor, invitation, why, now).await?;
    }
    Ok(())
}

/// Revokes one invitation and ends the grants it gave, audited.
pub async fn end_for_invitation(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    invitation: &invitations::Model,
    why: Ended,
    now: DateTime<Utc>,
) -> std::result::Result<(), sea_orm::DbErr> {
    invitations::Entity::update_many()
        .col_expr(invitations::Column::RevokedAt, Expr::value(now))
        .col_expr(invitations::Column::RevokedBy, Expr::value(actor.id))
        .filter(invitations::Column::Id.eq(invitation.id))
        .filter(invitations::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    let event = Event::new(Action::InvitationRevoke { invitation: invitation.id, patient: invitation.patient_id })
        .details(json!({ "reason": why.as_str(), "was_accepted": invitation.accepted_at.is_some() }));
    audit::record(txn, now, actor, event).await?;
    let grants = portal_grants::Entity::find()
        .filter(portal_grants::Column::PracticeId.eq(invitation.practice_id))
        .filter(portal_grants::Column::InvitationId.eq(invitation.id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .all(txn)
        .await?;
    for grant in grants {
        end_grant(txn, actor, &grant, why, now).await?;
    }
    Ok(())
}

/// Staff end one account's access to one patient (`POST /staff/portal-grants/{id}/revoke`).
pub async fn revoke_grant(state: &AppState, actor: &Actor, practice_id: Uuid, grant_id: Uuid) -> Result<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let grant = portal_grants::Entity::find_by_id(grant_id)
        .filter(portal_grants::Column::PracticeId.eq(practice_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AccountError::GrantNotFound)?;
    end_grant(&txn, actor, &grant, Ended::RevokedByStaff, now).await?;
    txn.commit().await?;
    Ok(())
}

async fn account_in(txn: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<portal_accounts::Model> {
    portal_accounts::Entity::find_by_id(id)
        .filter(portal_accounts::Column::PracticeId.eq(practice_id))
        .filter(portal_accounts::Column::RegisteredAt.is_not_null())
        .one(txn)
        .await?
        .ok_or(AccountError::AccountNotFound)
}

/// Staff lock an account: it cannot sign in, and every session ends now. Only staff unlock it
/// (a password reset does not), which is what sets it apart from a lock after failed sign-ins.
pub async fn lock(state: &AppState, actor: &Actor, practice_id: Uuid, account_id: Uuid) -> Result<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let account = account_in(&txn, practice_id, account_id).await?;
    let mut active = account.clone().into_active_model();
    active.locked_at = Set(Some(account.locked_at.unwrap_or(now)));
    active.locked_by = Set(actor.id);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let ended = sessions::revoke_all(&txn, now, SUBJECT_PORTAL, account.id, None, "locked_by_staff").await?;
    let event =
        Event::new(Action::PortalAccountLock { account: account.id }).details(json!({ "sessions_ended": ended }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Staff unlock an account, whoever locked it; its failed sign-ins are forgotten.
pub async fn unlock(state: &AppState, actor: &Actor, practice_id: Uuid, account_id: Uuid) -> Result<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let account = account_in(&txn, practice_id, account_id).await?;
    let mut active = account.clone().into_active_model();
    active.locked_at = Set(None);
    active.locked_by = Set(None);
    active.failed_login_count = Set(0);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    throttle::clear_account(&txn, &throttle_audience(practice_id), &account.email).await?;
    audit::record(&txn, now, actor, Event::new(Action::PortalAccountUnlock { account: account.id })).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends one grant, audited, and signs its account out if that was its last.
async fn end_grant(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    grant: &portal_grants::Model,
    why: Ended,
    now: DateTime<Utc>,
) -> std::result::Result<(), sea_orm::DbErr> {
    portal_grants::Entity::update_many()
        .col_expr(portal_grants::Column::RevokedAt, Expr::value(now))
        .filter(portal_grants::Column::Id.eq(grant.id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    let left = portal_grants::Entity::find()
        .filter(portal_grants::Column::AccountId.eq(grant.account_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .count(txn)
        .await?;
    let signed_out = if left == 0 {
        sessions::revoke_all(txn, now, SUBJECT_PORTAL, grant.account_id, None, "access_revoked").await?
    } else {
        0
    };
    let event = Event::new(Action::GrantRevoke { grant: grant.id, patient: grant.patient_id }).details(json!({
        "account": grant.account_id,
        "role": grant.role.as_str(),
        "reason": why.as_str(),
        "sessions_ended": signed_out,
    }));
    audit::record(txn, now, actor, event).await
}
