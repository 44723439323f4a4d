//! Portal accounts (SPEC §1, §3): one per email per practice, holding grants `(patient, role)`.
//! Sign-in, sessions and password reset live here; registration creates the accounts.
pub mod access;
pub mod auth;
pub mod error;
pub mod routes;
pub mod service;

use chrono::Duration;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::{auth_sessions, portal_accounts};
use crate::platform::audit::{Action, ActorKind};
use crate::platform::jwt::Audience;
use crate::platform::portal::SUBJECT_PORTAL;
use crate::platform::sessions::{Lifetimes, SessionKind};

/// SEC-7: a portal session lasts 12 hours, and lapses after 30 idle minutes like the SPA…
pub const PORTAL_SESSION: Lifetimes = Lifetimes { absolute: Duration::hours(12), idle: Duration::minutes(30) };
/// …or 30 days for "keep me signed in".
pub const PORTAL_REMEMBERED: Lifetimes = Lifetimes { absolute: Duration::days(30), idle: Duration::days(30) };
/// AUTH-4: a password-reset link works once, for an hour.
pub const RESET_LINK_TTL: Duration = Duration::hours(1);
/// At most one reset email per account per minute, silently (no hint whether the account exists).
pub const RESET_EMAIL_INTERVAL: Duration = Duration::seconds(60);

/// Portal sessions for `platform::sessions::{refresh, logout}`.
pub struct PortalSessions;

impl SessionKind for PortalSessions {
    const AUDIENCE: Audience = Audience::Portal;
    const SUBJECT: &'static str = SUBJECT_PORTAL;
    const ACTOR: ActorKind = ActorKind::Portal;
    fn reuse_action(session: Uuid) -> Action {
        Action::PortalRefreshTokenReuse { session }
    }

    fn logout_action(session: Uuid) -> Action {
        Action::PortalLogout { session }
    }

    /// A "keep me signed in" session keeps its long window.
    fn idle(session: &auth_sessions::Model) -> Duration {
        if session.absolute_expires_at - session.created_at > PORTAL_SESSION.absolute {
            PORTAL_REMEMBERED.idle
        } else {
            PORTAL_SESSION.idle
        }
    }

    async fn allowed(db: &impl ConnectionTrait, subject_id: Uuid) -> Result<bool, DbErr> {
        let account = portal_accounts::Entity::find_by_id(subject_id).one(db).await?;
        Ok(account.is_some_and(|a| a.registered_at.is_some() && a.locked_at.is_none()))
    }
}
