//! Account building blocks shared by sign-in and registration.
use chrono::{DateTime, Utc};
use portico_types::invitations::GrantRole;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::error::Result;
use super::{PORTAL_REMEMBERED, PORTAL_SESSION};
use crate::entities::{portal_accounts, portal_grants};
use crate::platform::audit::{Actor, ActorKind};
use crate::platform::jwt::Audience;
use crate::platform::portal::SUBJECT_PORTAL;
use crate::platform::request::RequestMeta;
use crate::platform::sessions::{self, Issued, Subject};
use crate::state::AppState;

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    email: &str,
) -> Result<Option<portal_accounts::Model>> {
    Ok(portal_accounts::Entity::find()
        .filter(portal_accounts::Column::PracticeId.eq(practice_id))
        .filter(portal_accounts::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Adds a grant (or restores a revoked one) for the account.
pub async fn grant(
    db: &impl ConnectionTrait,
    account: &portal_accounts::Model,
    patient_id: Uuid,
    role: GrantRole,
    invitation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut on_conflict = OnConflict::columns([
        portal_grants::Column::AccountId,
        portal_grants::Column::PatientId,
        portal_grants::Column::Role,
    ]);
    on_conflict.update_columns([portal_grants::Column::RevokedAt, portal_grants::Column::InvitationId]);
    portal_grants::Entity::insert(portal_grants::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(account.practice_id),
        account_id: Set(account.id),
        patient_id: Set(patient_id),
        role: Set(role),
        invitation_id: Set(Some(invitation_id)),
        created_at: Set(now),
        revoked_at: Set(None),
    })
    .on_conflict(on_conflict)
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Starts a portal session (AUTH-2): a 15-minute access token and a rotating refresh token.
pub async fn start_session(
    db: &impl ConnectionTrait,
    state: &AppState,
    account: &portal_accounts::Model,
    remember: bool,
    now: DateTime<Utc>,
) -> Result<Issued> {
    let subject =
        Subject { audience: Audience::Portal, kind: SUBJECT_PORTAL, id: account.id, practice_id: account.practice_id };
    let lifetimes = if remember { PORTAL_REMEMBERED } else { PORTAL_SESSION };
    Ok(sessions::start(db, &state.jwt, now, &subject, lifetimes).await?)
}

pub fn actor(account_id: Uuid, practice_id: Uuid, meta: &RequestMeta) -> Actor {
    Actor {
        kind: ActorKind::Portal,
        id: Some(account_id),
        role: None,
        practice_id: Some(practice_id),
        meta: meta.clone(),
    }
}
