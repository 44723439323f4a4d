//! Staff identity: sign-in, sessions, password changes and the admin's user management.
pub mod auth;
pub mod error;
pub mod routes;
pub mod users;

use chrono::Duration;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::{auth_sessions, staff_users};
use crate::platform::audit::{Action, ActorKind};
use crate::platform::auth::SUBJECT_STAFF;
use crate::platform::jwt::Audience;
use crate::platform::sessions::{Lifetimes, SessionKind};

/// SEC-7: a staff session lasts 12 hours at most; a refresh token unused for 30 minutes lapses,
/// matching the SPA's idle sign-out.
pub const STAFF_SESSION: Lifetimes = Lifetimes { absolute: Duration::hours(12), idle: Duration::minutes(30) };

/// Staff sessions for `platform::sessions::{refresh, logout}`.
pub struct StaffSessions;

impl SessionKind for StaffSessions {
    const AUDIENCE: Audience = Audience::Staff;
    const SUBJECT: &'static str = SUBJECT_STAFF;
    const ACTOR: ActorKind = ActorKind::Staff;
    fn reuse_action(session: Uuid) -> Action {
        Action::StaffRefreshTokenReuse { session }
    }

    fn logout_action(session: Uuid) -> Action {
        Action::StaffLogout { session }
    }

    fn idle(_: &auth_sessions::Model) -> Duration {
        STAFF_SESSION.idle
    }

    async fn allowed(db: &impl ConnectionTrait, subject_id: Uuid) -> Result<bool, DbErr> {
        let user = staff_users::Entity::find_by_id(subject_id).one(db).await?;
        Ok(user.is_some_and(|u| u.active && u.locked_at.is_none()))
    }
}
