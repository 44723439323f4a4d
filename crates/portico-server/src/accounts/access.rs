//! When portal access ends (issue 9, item 1). A grant holds only as long as its source: a
//! guardian's or guarantor's grant comes from their contact record, so removing the contact, or
//! making it something that may not be invited, ends the grant and any invitation still pending
//! for it. An account left with no grant is signed out everywhere; the access token of an
//! account that still has other grants stops opening this patient at once, because every portal
//! request checks live grants.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::entities::{invitations, portal_grants};
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::portal::SUBJECT_PORTAL;
use crate::platform::sessions;

/// Why access ended, as the audit record says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    ContactRemoved,
    RelationshipChanged,
}

impl Ended {
    const fn as_str(self) -> &'static str {
        match self {
            Self::ContactRemoved => "contact_removed",
            Self::RelationshipChanged => "relationship_changed",
        }
    }
}

/// Ends what contact `contact_id` of `patient_id` gave: pending invitations are revoked and live
/// grants from its invitations end, each audited; accounts left with no grant are signed out.
/// Call it in the transaction that changes the contact.
pub async fn end_for_contact(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
    contact_id: Uuid,
    why: Ended,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let sent = invitations::Entity::find()
        .filter(invitations::Column::PracticeId.eq(practice_id))
        .filter(invitations::Column::PatientId.eq(patient_id))
        .filter(invitations::Column::ContactId.eq(contact_id))
        .all(txn)
        .await?;
    for pending in sent.iter().filter(|i| i.accepted_at.is_none() && i.revoked_at.is_none()) {
        invitations::Entity::update_many()
            .col_expr(invitations::Column::RevokedAt, Expr::value(now))
            .col_expr(invitations::Column::RevokedBy, Expr::value(actor.id))
            .filter(invitations::Column::Id.eq(pending.id))
            .exec(txn)
            .await?;
        let event = Event::new(Action::InvitationRevoke { invitation: pending.id, patient: patient_id })
            .details(json!({ "reason": why.as_str() }));
        audit::record(txn, now, actor, event).await?;
    }
    let from_contact: Vec<Uuid> = sent.iter().map(|i| i.id).collect();
    let grants = portal_grants::Entity::find()
        .filter(portal_grants::Column::PracticeId.eq(practice_id))
        .filter(portal_grants::Column::PatientId.eq(patient_id))
        .filter(portal_grants::Column::InvitationId.is_in(from_contact))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .all(txn)
        .await?;
    for grant in grants {
        end_grant(txn, actor, &grant, why.as_str(), now).await?;
    }
    Ok(())
}

/// Ends one grant, audited, and signs its account out if that was its last.
async fn end_grant(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    grant: &portal_grants::Model,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
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
        "reason": reason,
        "sessions_ended": signed_out,
    }));
    audit::record(txn, now, actor, event).await
}
