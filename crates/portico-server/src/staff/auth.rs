//! Staff sign-in use cases. Each runs in one transaction with its audit record.
use chrono::{DateTime, Utc};
use portico_types::auth::{LoginRequest, StaffMe};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::STAFF_SESSION;
use super::error::{Result, StaffError};
use crate::domain::Email;
use crate::entities::staff_users;
use crate::error::{ApiError, FieldErrors};
use crate::platform::audit::{self, Action, Actor, ActorKind, Event, Outcome};
use crate::platform::auth::{SUBJECT_STAFF, StaffPrincipal};
use crate::platform::jwt::Audience;
use crate::platform::passwords;
use crate::platform::request::RequestMeta;
use crate::platform::sessions::{self, Issued, Subject};
use crate::platform::throttle::{LOCK_AFTER_FAILURES, LoginKeys};
use crate::practices::service as practices;
use crate::state::AppState;

fn staff_actor(user: &staff_users::Model, meta: &RequestMeta) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(user.id),
        role: Some(user.roles.to_string()),
        practice_id: Some(user.practice_id),
        meta: meta.clone(),
    }
}

/// AUTH-1/AUTH-3: one generic failure whatever went wrong; throttled per account and per IP;
/// locked after 100 consecutive failures.
pub async fn login(state: &AppState, meta: &RequestMeta, request: &LoginRequest) -> Result<Issued> {
    let (email, password) = (request.email.as_str(), request.password.as_str());
    let mut errors = FieldErrors::new();
    if email.trim().is_empty() {
        errors.add("email", "Enter your email address.");
    }
    if password.is_empty() {
        errors.add("password", "Enter your password.");
    }
    errors.finish()?;
    let now = state.now();
    let email = Email::parse(email).map(Email::into_string).unwrap_or_else(|_| email.trim().to_lowercase());
    let keys = LoginKeys::new(Audience::Staff.as_str(), &email, Audience::Staff, meta.ip.as_deref());
    let user = find_user(&state.db, &email, request.practice.as_deref()).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let (attempt, password_ok) = keys.verify(&state.db, now, &state.passwords, password, stored).await?;

    let txn = crate::platform::db::begin(&state.db).await?;
    let outcome = match user {
        Some(user) if password_ok && user.active && user.locked_at.is_none() => {
            attempt.succeeded(&txn).await?;
            let mut active = user.clone().into_active_model();
            active.failed_login_count = Set(0);
            active.last_login_at = Set(Some(now));
            active.update(&txn).await?;
            let subject =
                Subject { audience: Audience::Staff, kind: SUBJECT_STAFF, id: user.id, practice_id: user.practice_id };
            let issued = sessions::start(&txn, &state.jwt, now, &subject, STAFF_SESSION).await?;
            audit::record(&txn, now, &staff_actor(&user, meta), Event::new(Action::StaffLogin { user: Some(user.id) }))
                .await?;
            Ok(issued)
        }
        Some(user) => {
            attempt.failed(&txn, now).await?;
            let reason = if !user.active {
                "inactive"
            } else if user.locked_at.is_some() {
                "locked"
            } else {
                "wrong_password"
            };
            if password_ok {
                // Right password on a locked or inactive account: not a guess, so not counted.
            } else {
                count_failure(&txn, user.id, now).await?;
            }
            let event = Event::new(Action::StaffLogin { user: Some(user.id) })
                .outcome(Outcome::Failure)
                .details(json!({ "reason": reason }));
            audit::record(&txn, now, &staff_actor(&user, meta), event).await?;
            Err(ApiError::InvalidCredentials)
        }
        None => {
            attempt.failed(&txn, now).await?;
            // No practice sees this row, so operators get a line to alert on (never the address
            // typed: it may be a patient's, pasted into the wrong box).
            tracing::warn!(
                target: "portico::security",
                client = meta.ip.as_deref().unwrap_or("unknown"),
                "failed staff sign-in for an unknown account; `portico sign-in-failures` lists them by address"
            );
            let event = Event::new(Action::StaffLogin { user: None })
                .outcome(Outcome::Failure)
                .details(json!({ "reason": "unknown_account" }));
            audit::record(&txn, now, &Actor::anonymous(meta.clone(), None), event).await?;
            Err(ApiError::InvalidCredentials)
        }
    };
    txn.commit().await?;
    Ok(outcome?)
}

/// The staff user with this email, in the named practice if one is given. An email used at more
/// than one practice names no one without the practice, and an unknown practice names no one:
/// both fail like a wrong password, so sign-in never says where an address works.
async fn find_user(
    db: &impl ConnectionTrait,
    email: &str,
    practice: Option<&str>,
) -> Result<Option<staff_users::Model>> {
    let mut query = staff_users::Entity::find().filter(staff_users::Column::Email.eq(email));
    if let Some(slug) = practice.map(str::trim).filter(|p| !p.is_empty()) {
        let Some(practice) = crate::entities::practices::Entity::find()
            .filter(crate::entities::practices::Column::Slug.eq(slug.to_lowercase()))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        query = query.filter(staff_users::Column::PracticeId.eq(practice.id));
    }
    let mut users = query.limit(2).all(db).await?;
    Ok(if users.len() == 1 { users.pop() } else { None })
}

/// One more consecutive failure on the user, counted in SQL so concurrent failures all count; the
/// 100th locks the account until an administrator sets a new password (AUTH-3).
async fn count_failure(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    use sea_orm::sea_query::ExprTrait as _;
    staff_users::Entity::update_many()
        .col_expr(staff_users::Column::FailedLoginCount, Expr::col(staff_users::Column::FailedLoginCount).add(1))
        .col_expr(staff_users::Column::LastFailedLoginAt, Expr::value(now))
        .filter(staff_users::Column::Id.eq(id))
        .exec(db)
        .await?;
    staff_users::Entity::update_many()
        .col_expr(staff_users::Column::LockedAt, Expr::value(now))
        .filter(staff_users::Column::Id.eq(id))
        .filter(staff_users::Column::FailedLoginCount.gte(LOCK_AFTER_FAILURES))
        .filter(staff_users::Column::LockedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn me(state: &AppState, principal: &StaffPrincipal) -> Result<StaffMe> {
    Ok(StaffMe {
        id: principal.user_id,
        email: principal.email.clone(),
        name: principal.name.clone(),
        roles: principal.roles.clone(),
        practice: practices::branding(&state.db, principal.practice_id, state.now()).await?,
    })
}

/// Changes the caller's own password and signs every other session out.
pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    principal: &StaffPrincipal,
    current: &str,
    new: &str,
) -> Result<()> {
    let user = staff_users::Entity::find_by_id(principal.user_id).one(&state.db).await?.ok_or(StaffError::NotFound)?;
    // The current password is throttled like a sign-in: a stolen access token is no oracle.
    let now = state.now();
    let keys = LoginKeys::new(Audience::Staff.as_str(), &user.email, Audience::Staff, actor.meta.ip.as_deref());
    let right = keys.judge(&state.db, now, &state.passwords, current, &user.password_hash).await?;
    passwords::check_change(right, current, new, &user.email)?;
    let hash = state.passwords.hash(new.to_owned()).await?;
    let txn = crate::platform::db::begin(&state.db).await?;
    staff_users::Entity::update_many()
        .col_expr(staff_users::Column::PasswordHash, Expr::value(hash))
        .col_expr(staff_users::Column::PasswordChangedAt, Expr::value(now))
        .col_expr(staff_users::Column::UpdatedAt, Expr::value(now))
        .filter(staff_users::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    let revoked =
        sessions::revoke_all(&txn, now, SUBJECT_STAFF, user.id, Some(principal.session_id), "password_changed").await?;
    let event =
        Event::new(Action::StaffPasswordChange { user: user.id }).details(json!({ "other_sessions_revoked": revoked }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(())
}
