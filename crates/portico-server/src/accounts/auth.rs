//! Portal sign-in use cases (AUTH-1…4). Same machinery as staff (sessions, throttle, Argon2id)
//! with the portal's own audience and cookie, so neither kind of token opens the other's routes.
use chrono::{DateTime, Utc};
use portico_types::portal::IdentifyResponse;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::Result;
use super::service::{actor, find_by_email, start_session};
use super::{RESET_EMAIL_INTERVAL, RESET_LINK_TTL};
use crate::domain::Email;
use crate::entities::{password_reset_tokens, portal_accounts};
use crate::error::{ApiError, FieldErrors, invalid};
use crate::platform::audit::{self, Action, Actor, Event, Outcome};
use crate::platform::crypto::{random_token, sha256_hex};
use crate::platform::jwt::Audience;
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::platform::passwords;
use crate::platform::portal::SUBJECT_PORTAL;
use crate::platform::request::RequestMeta;
use crate::platform::sessions::{self, Issued};
use crate::platform::throttle::{self, LOCK_AFTER_FAILURES, LoginKeys};
use crate::practices::service as practices;
use crate::state::AppState;

/// The throttle's audience: portal accounts are per practice, so the practice is part of the key.
pub fn throttle_audience(practice_id: Uuid) -> String {
    format!("{}:{practice_id}", Audience::Portal.as_str())
}

/// Emails are compared as stored (normalised), but a malformed one still gets the generic answer.
fn normalise(email: &str) -> String {
    Email::parse(email).map(Email::into_string).unwrap_or_else(|_| email.trim().to_lowercase())
}

fn required(fields: &[(&str, &str, &str)]) -> Result<()> {
    let mut errors = FieldErrors::new();
    for (field, value, message) in fields {
        if value.trim().is_empty() {
            errors.add(*field, *message);
        }
    }
    Ok(errors.finish()?)
}

const PRACTICE_MISSING: &str = "Choose your practice: its portal address names it.";

/// AUTH-1 step one: the same answer whether or not the account exists.
pub async fn identify(state: &AppState, practice: &str, email: &str) -> Result<IdentifyResponse> {
    required(&[("practice", practice, PRACTICE_MISSING), ("email", email, "Enter your email address.")])?;
    if Email::parse(email).is_err() {
        return Err(invalid("email", "Enter your email address, like name@example.com."));
    }
    let practice = practices::by_slug(&state.db, practice).await?;
    Ok(IdentifyResponse {
        next: "password".into(),
        practice: practices::branding(&state.db, practice.id, state.now()).await?,
    })
}

/// AUTH-1/AUTH-3: one generic failure whatever went wrong; throttled per account and per IP;
/// locked after 100 consecutive failures until a password reset.
pub async fn login(
    state: &AppState,
    meta: &RequestMeta,
    practice: &str,
    email: &str,
    password: &str,
    remember: bool,
) -> Result<Issued> {
    required(&[
        ("practice", practice, PRACTICE_MISSING),
        ("email", email, "Enter your email address."),
        ("password", password, "Enter your password."),
    ])?;
    let practice = practices::by_slug(&state.db, practice).await?;
    let now = state.now();
    let email = normalise(email);
    let keys = LoginKeys::new(&throttle_audience(practice.id), &email, Audience::Portal, meta.ip.as_deref());
    let account = find_by_email(&state.db, practice.id, &email).await?;
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let (attempt, password_ok) = keys.verify(&state.db, now, &state.passwords, password, stored).await?;

    let txn = crate::platform::db::begin(&state.db).await?;
    let outcome = match account {
        Some(account) if password_ok && account.registered_at.is_some() && account.locked_at.is_none() => {
            attempt.succeeded(&txn).await?;
            let mut active = account.clone().into_active_model();
            active.failed_login_count = Set(0);
            active.last_login_at = Set(Some(now));
            active.update(&txn).await?;
            let issued = start_session(&txn, state, &account, remember, now).await?;
            let event = Event::new(Action::PortalLogin { account: Some(account.id) });
            audit::record(&txn, now, &actor(account.id, account.practice_id, meta), event).await?;
            Ok(issued)
        }
        Some(account) => {
            attempt.failed(&txn, now).await?;
            let reason = if account.registered_at.is_none() {
                "unregistered"
            } else if account.locked_at.is_some() {
                "locked"
            } else {
                "wrong_password"
            };
            if !password_ok {
                count_failure(&txn, &account, now).await?;
            }
            let event = Event::new(Action::PortalLogin { account: Some(account.id) })
                .outcome(Outcome::Failure)
                .details(json!({ "reason": reason }));
            audit::record(&txn, now, &actor(account.id, account.practice_id, meta), event).await?;
            Err(ApiError::InvalidCredentials)
        }
        None => {
            attempt.failed(&txn, now).await?;
            let event = Event::new(Action::PortalLogin { account: None })
                .outcome(Outcome::Failure)
                .details(json!({ "reason": "unknown_account" }));
            audit::record(&txn, now, &Actor::anonymous(meta.clone(), Some(practice.id)), event).await?;
            Err(ApiError::InvalidCredentials)
        }
    };
    txn.commit().await?;
    Ok(outcome?)
}

/// One more consecutive failure on the account, counted in SQL so concurrent failures all count;
/// the 100th locks it (AUTH-3).
pub async fn count_failure(
    db: &impl ConnectionTrait,
    account: &portal_accounts::Model,
    now: DateTime<Utc>,
) -> Result<()> {
    use sea_orm::sea_query::ExprTrait as _;
    portal_accounts::Entity::update_many()
        .col_expr(
            portal_accounts::Column::FailedLoginCount,
            Expr::col(portal_accounts::Column::FailedLoginCount).add(1),
        )
        .col_expr(portal_accounts::Column::LastFailedLoginAt, Expr::value(now))
        .filter(portal_accounts::Column::Id.eq(account.id))
        .exec(db)
        .await?;
    portal_accounts::Entity::update_many()
        .col_expr(portal_accounts::Column::LockedAt, Expr::value(now))
        .filter(portal_accounts::Column::Id.eq(account.id))
        .filter(portal_accounts::Column::FailedLoginCount.gte(LOCK_AFTER_FAILURES))
        .filter(portal_accounts::Column::LockedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// AUTH-4: emails a single-use reset link valid for an hour, if a registered account exists.
/// The answer is the same either way and leaves before the account is looked up (item 11 of the
/// security review: the lookup and the email took measurably longer for real accounts). At most
/// one email per minute goes to an account.
pub async fn request_reset(state: &AppState, meta: &RequestMeta, practice: &str, email: &str) -> Result<()> {
    required(&[("practice", practice, PRACTICE_MISSING), ("email", email, "Enter your email address.")])?;
    if Email::parse(email).is_err() {
        return Err(invalid("email", "Enter your email address, like name@example.com."));
    }
    let practice = practices::by_slug(&state.db, practice).await?;
    let (task_state, meta, email) = (state.clone(), meta.clone(), normalise(email));
    state.background.spawn("password reset request", async move {
        send_reset(&task_state, &meta, practice.id, &email).await.map_err(ApiError::from)
    })?;
    Ok(())
}

async fn send_reset(state: &AppState, meta: &RequestMeta, practice_id: Uuid, email: &str) -> Result<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let Some(account) = find_by_email(&txn, practice_id, email).await?.filter(|a| a.registered_at.is_some()) else {
        return Ok(());
    };
    // Requests run side by side now: take the account's row lock before the "one a minute"
    // check, so two requests at once cannot both see no recent link (SQLite's writer lock
    // already serialises them).
    portal_accounts::Entity::update_many()
        .col_expr(portal_accounts::Column::UpdatedAt, Expr::col(portal_accounts::Column::UpdatedAt))
        .filter(portal_accounts::Column::Id.eq(account.id))
        .exec(&txn)
        .await?;
    let recent = password_reset_tokens::Entity::find()
        .filter(password_reset_tokens::Column::AccountId.eq(account.id))
        .order_by_desc(password_reset_tokens::Column::CreatedAt)
        .one(&txn)
        .await?
        .is_some_and(|t| t.created_at + RESET_EMAIL_INTERVAL > now);
    if recent {
        return Ok(());
    }
    let token = random_token(32);
    password_reset_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(account.id),
        token_hash: Set(sha256_hex(&token)),
        created_at: Set(now),
        expires_at: Set(now + RESET_LINK_TTL),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let branding = practices::branding(&txn, practice_id, now).await?;
    let link = format!("{}/portal/reset-password#t={token}", state.settings.public_url);
    let email = BrandedEmail {
        branding: &branding,
        public_url: &state.settings.public_url,
        greeting: "Hello,".into(),
        paragraphs: vec![format!(
            "Someone asked to reset the password of your {} patient portal account. If it was you, \
             open the link below to choose a new password.",
            branding.display_name
        )],
        action: Some(("Choose a new password".into(), link)),
        footnote: vec![
            "This link works once, for one hour.".into(),
            "If you did not ask for this, ignore this email: your password stays the same.".into(),
        ],
    }
    .render(&account.email, &format!("Reset your {} portal password", branding.display_name));
    outbox::enqueue(&txn, now, practice_id, MessageKind::PasswordReset, Message::Email(email)).await?;
    let event = Event::new(Action::PortalPasswordResetRequest { account: account.id });
    audit::record(&txn, now, &actor(account.id, practice_id, meta), event).await?;
    txn.commit().await?;
    Ok(())
}

/// AUTH-4: sets a new password from a reset link, unlocks the account and ends every session.
pub async fn confirm_reset(state: &AppState, meta: &RequestMeta, token: &str, password: &str) -> Result<()> {
    const SPENT: &str = "This reset link has expired or was already used. Ask for a new one from the sign-in page.";
    let now = state.now();
    let link = password_reset_tokens::Entity::find()
        .filter(password_reset_tokens::Column::TokenHash.eq(sha256_hex(token.trim())))
        .one(&state.db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or_else(|| FieldErrors::one("token", SPENT))?;
    let account = portal_accounts::Entity::find_by_id(link.account_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| FieldErrors::one("token", SPENT))?;
    if let Some(why) = passwords::policy_violation(password, &account.email) {
        return Err(invalid("password", why));
    }
    let hash = state.passwords.hash(password.to_owned()).await?;
    let txn = crate::platform::db::begin(&state.db).await?;
    // The conditional update makes a link work once, even for two requests at the same moment.
    let claimed = password_reset_tokens::Entity::update_many()
        .col_expr(password_reset_tokens::Column::UsedAt, Expr::value(now))
        .filter(password_reset_tokens::Column::Id.eq(link.id))
        .filter(password_reset_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid("token", SPENT));
    }
    // Any other link sent to the account is spent too.
    password_reset_tokens::Entity::update_many()
        .col_expr(password_reset_tokens::Column::UsedAt, Expr::value(now))
        .filter(password_reset_tokens::Column::AccountId.eq(account.id))
        .filter(password_reset_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let mut active = account.clone().into_active_model();
    active.password_hash = Set(hash);
    active.password_changed_at = Set(now);
    active.failed_login_count = Set(0);
    // A reset lifts a lock from failed sign-ins, never one staff set.
    if account.locked_by.is_none() {
        active.locked_at = Set(None);
    }
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let revoked = sessions::revoke_all(&txn, now, SUBJECT_PORTAL, account.id, None, "password_reset").await?;
    throttle::clear_account(&txn, &throttle_audience(account.practice_id), &account.email).await?;
    let event =
        Event::new(Action::PortalPasswordReset { account: account.id }).details(json!({ "sessions_revoked": revoked }));
    audit::record(&txn, now, &actor(account.id, account.practice_id, meta), event).await?;
    txn.commit().await?;
    Ok(())
}

/// AUTH-2: the signed-in account changes its password; every other session ends.
pub async fn change_password(
    state: &AppState,
    caller: &crate::platform::portal::Portal,
    current: &str,
    new: &str,
) -> Result<()> {
    let p = &caller.principal;
    let account = portal_accounts::Entity::find_by_id(p.account_id)
        .one(&state.db)
        .await?
        .ok_or(ApiError::Unauthenticated("Sign in again."))?;
    // The current password is throttled like a sign-in: a stolen access token is no oracle.
    let now = state.now();
    let keys = LoginKeys::new(
        &throttle_audience(account.practice_id),
        &account.email,
        Audience::Portal,
        caller.meta.ip.as_deref(),
    );
    let right = keys.judge(&state.db, now, &state.passwords, current, &account.password_hash).await?;
    passwords::check_change(right, current, new, &account.email)?;
    let hash = state.passwords.hash(new.to_owned()).await?;
    let txn = crate::platform::db::begin(&state.db).await?;
    let mut active = account.clone().into_active_model();
    active.password_hash = Set(hash);
    active.password_changed_at = Set(now);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let revoked =
        sessions::revoke_all(&txn, now, SUBJECT_PORTAL, account.id, Some(p.session_id), "password_changed").await?;
    let event = Event::new(Action::PortalPasswordChange { account: account.id })
        .details(json!({ "other_sessions_revoked": revoked }));
    audit::record(&txn, now, &caller.actor(), event).await?;
    txn.commit().await?;
    Ok(())
}
