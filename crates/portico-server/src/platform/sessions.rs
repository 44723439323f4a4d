//! Sessions and refresh tokens (AUTH-2), shared by staff and portal accounts. A session is a
//! refresh-token family: every refresh rotates the token, and presenting a rotated token again
//! revokes the whole family (a stolen token is then useless to both parties).
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use portico_types::auth::TokenResponse;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::{auth_sessions, refresh_tokens};
use crate::error::{ApiError, ApiResult};
use crate::platform::audit::{self, Action, Actor, ActorKind, Event, Outcome};
use crate::platform::crypto::{random_token, sha256_hex};
use crate::platform::jwt::{ACCESS_TTL_SECONDS, Audience, JwtKeys};
use crate::platform::request::RequestMeta;
use crate::state::AppState;

/// A kind of account that holds sessions (staff users, portal accounts): what refresh and
/// logout need to know about it.
pub trait SessionKind {
    const AUDIENCE: Audience;
    /// `auth_sessions.subject_type`.
    const SUBJECT: &'static str;
    const ACTOR: ActorKind;
    /// The audit actions for a refresh token used twice, and for signing out.
    fn reuse_action(session: Uuid) -> Action;
    fn logout_action(session: Uuid) -> Action;
    /// How long a refreshed token may go unused, for this session.
    fn idle(session: &auth_sessions::Model) -> Duration;
    /// Whether the account may still hold a session (active, registered, not locked …).
    fn allowed(db: &impl ConnectionTrait, subject_id: Uuid) -> impl Future<Output = Result<bool, DbErr>>;
}

fn session_actor<K: SessionKind>(subject_id: Uuid, practice_id: Uuid, meta: &RequestMeta) -> Actor {
    Actor { kind: K::ACTOR, id: Some(subject_id), role: None, practice_id: Some(practice_id), meta: meta.clone() }
}

/// AUTH-2 as a use case: rotate the refresh token; a reused one revokes its family (audited),
/// and a session whose account was disabled or locked meanwhile ends.
pub async fn refresh<K: SessionKind>(state: &AppState, meta: &RequestMeta, presented: &str) -> ApiResult<Issued> {
    const ENDED: &str = "Your session has ended. Sign in again.";
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let outcome = match rotate(&txn, &state.jwt, now, K::AUDIENCE, K::SUBJECT, K::idle, presented).await? {
        Refreshed::Rotated { issued, subject_id } => {
            if K::allowed(&txn, subject_id).await? {
                Ok(issued)
            } else {
                revoke(&txn, now, issued.session_id, "account_disabled").await?;
                Err(ApiError::Unauthenticated(ENDED))
            }
        }
        Refreshed::Reused { session_id, subject_id, practice_id } => {
            let event = Event::new(K::reuse_action(session_id)).outcome(Outcome::Denied);
            audit::record(&txn, now, &session_actor::<K>(subject_id, practice_id, meta), event).await?;
            Err(ApiError::Unauthenticated(ENDED))
        }
        Refreshed::Invalid => Err(ApiError::Unauthenticated(ENDED)),
    };
    txn.commit().await?;
    outcome
}

/// Sign-out: revokes the family of the presented refresh token, if it is one of this kind's.
pub async fn logout<K: SessionKind>(state: &AppState, meta: &RequestMeta, presented: &str) -> ApiResult<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    if let Some(session) = revoke_by_token(&txn, now, K::SUBJECT, presented).await? {
        let actor = session_actor::<K>(session.subject_id, session.practice_id, meta);
        audit::record(&txn, now, &actor, Event::new(K::logout_action(session.id))).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// How long a session lasts at most, and how long one refresh token lives without use.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub absolute: Duration,
    pub idle: Duration,
}

#[derive(Debug)]
pub struct Issued {
    pub session_id: Uuid,
    pub access_token: String,
    pub refresh_token: String,
    pub session_expires_at: DateTime<Utc>,
}

impl Issued {
    pub fn token_response(&self) -> TokenResponse {
        TokenResponse {
            access_token: self.access_token.clone(),
            token_type: "Bearer".into(),
            expires_in: ACCESS_TTL_SECONDS as u64,
        }
    }
}

/// Where one kind of account keeps its refresh token (AUTH-2): an `HttpOnly; Secure;
/// SameSite=Strict` cookie sent only to that kind's auth routes.
pub struct RefreshCookie {
    pub name: &'static str,
    pub path: &'static str,
}

pub const STAFF_COOKIE: RefreshCookie = RefreshCookie { name: "portico_staff_refresh", path: "/api/v1/staff/auth" };
pub const PORTAL_COOKIE: RefreshCookie = RefreshCookie { name: "portico_portal_refresh", path: "/api/v1/portal/auth" };

impl RefreshCookie {
    fn build(&self, state: &AppState, value: String, max_age: time::Duration) -> Cookie<'static> {
        Cookie::build(self.name, value)
            .path(self.path)
            .http_only(true)
            .secure(state.settings.cookie_secure)
            .same_site(SameSite::Strict)
            .max_age(max_age)
            .finish()
    }

    /// 200 with the access token, and the refresh token in the cookie until the session ends.
    pub fn signed_in(&self, state: &AppState, issued: &Issued) -> HttpResponse {
        let max_age = (issued.session_expires_at - state.now()).num_seconds().max(0);
        HttpResponse::Ok()
            .cookie(self.build(state, issued.refresh_token.clone(), time::Duration::seconds(max_age)))
            .json(issued.token_response())
    }

    pub fn cleared(&self, state: &AppState) -> Cookie<'static> {
        self.build(state, String::new(), time::Duration::ZERO)
    }

    pub fn read(&self, req: &HttpRequest) -> Option<String> {
        req.cookie(self.name).map(|c| c.value().to_owned())
    }

    /// The answer to a refresh: the rotated cookie, or the error with the cookie cleared.
    pub fn refreshed(&self, state: &AppState, result: ApiResult<Issued>) -> ApiResult<HttpResponse> {
        match result {
            Ok(issued) => Ok(self.signed_in(state, &issued)),
            Err(e) => {
                let mut res = actix_web::ResponseError::error_response(&e);
                res.add_cookie(&self.cleared(state)).map_err(|e| anyhow::anyhow!("cookie: {e}"))?;
                Ok(res)
            }
        }
    }
}

#[derive(Debug)]
pub enum Refreshed {
    Rotated {
        issued: Issued,
        subject_id: Uuid,
    },
    /// A rotated token came back: the family is now revoked.
    Reused {
        session_id: Uuid,
        subject_id: Uuid,
        practice_id: Uuid,
    },
    Invalid,
}

pub struct Subject<'a> {
    pub audience: Audience,
    pub kind: &'a str,
    pub id: Uuid,
    pub practice_id: Uuid,
}

pub async fn start(
    db: &impl ConnectionTrait,
    jwt: &JwtKeys,
    now: DateTime<Utc>,
    subject: &Subject<'_>,
    lifetimes: Lifetimes,
) -> anyhow::Result<Issued> {
    let session_expires_at = now + lifetimes.absolute;
    let session = auth_sessions::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(subject.practice_id),
        subject_type: Set(subject.kind.into()),
        subject_id: Set(subject.id),
        created_at: Set(now),
        last_used_at: Set(now),
        absolute_expires_at: Set(session_expires_at),
        revoked_at: Set(None),
        revoked_reason: Set(None),
    }
    .insert(db)
    .await?;
    let refresh_token = new_refresh_token(db, session.id, now, (now + lifetimes.idle).min(session_expires_at)).await?;
    let access_token = jwt.issue(subject.audience, subject.id, session.id, subject.practice_id, now)?;
    Ok(Issued { session_id: session.id, access_token, refresh_token, session_expires_at })
}

async fn new_refresh_token(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<String, DbErr> {
    let token = random_token(32);
    refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        token_hash: Set(sha256_hex(&token)),
        issued_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Rotates `presented`; detects reuse (including two concurrent refreshes with one token).
/// `idle` says how long the new token may go unused, for the session it belongs to.
pub async fn rotate(
    db: &impl ConnectionTrait,
    jwt: &JwtKeys,
    now: DateTime<Utc>,
    audience: Audience,
    kind: &str,
    idle: impl Fn(&auth_sessions::Model) -> Duration,
    presented: &str,
) -> anyhow::Result<Refreshed> {
    let Some(token) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(sha256_hex(presented)))
        .one(db)
        .await?
    else {
        return Ok(Refreshed::Invalid);
    };
    let Some(session) =
        auth_sessions::Entity::find_by_id(token.session_id).one(db).await?.filter(|s| s.subject_type == kind)
    else {
        return Ok(Refreshed::Invalid);
    };
    let reused =
        Refreshed::Reused { session_id: session.id, subject_id: session.subject_id, practice_id: session.practice_id };
    if token.used_at.is_some() {
        revoke(db, now, session.id, "refresh_token_reuse").await?;
        return Ok(reused);
    }
    if session.revoked_at.is_some() || session.absolute_expires_at <= now || token.expires_at <= now {
        return Ok(Refreshed::Invalid);
    }
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(token.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        revoke(db, now, session.id, "refresh_token_reuse").await?;
        return Ok(reused);
    }
    auth_sessions::Entity::update_many()
        .col_expr(auth_sessions::Column::LastUsedAt, Expr::value(now))
        .filter(auth_sessions::Column::Id.eq(session.id))
        .exec(db)
        .await?;
    let expires = (now + idle(&session)).min(session.absolute_expires_at);
    let refresh_token = new_refresh_token(db, session.id, now, expires).await?;
    let access_token = jwt.issue(audience, session.subject_id, session.id, session.practice_id, now)?;
    Ok(Refreshed::Rotated {
        issued: Issued {
            session_id: session.id,
            access_token,
            refresh_token,
            session_expires_at: session.absolute_expires_at,
        },
        subject_id: session.subject_id,
    })
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    session_id: Uuid,
    reason: &str,
) -> Result<(), DbErr> {
    auth_sessions::Entity::update_many()
        .col_expr(auth_sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(auth_sessions::Column::RevokedReason, Expr::value(reason))
        .filter(auth_sessions::Column::Id.eq(session_id))
        .filter(auth_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Signs a subject out everywhere (password change or reset), optionally keeping one session.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    kind: &str,
    subject_id: Uuid,
    keep: Option<Uuid>,
    reason: &str,
) -> Result<u64, DbErr> {
    let mut q = auth_sessions::Entity::update_many()
        .col_expr(auth_sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(auth_sessions::Column::RevokedReason, Expr::value(reason))
        .filter(auth_sessions::Column::SubjectType.eq(kind))
        .filter(auth_sessions::Column::SubjectId.eq(subject_id))
        .filter(auth_sessions::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        q = q.filter(auth_sessions::Column::Id.ne(keep));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Logout: revokes the family the presented refresh token belongs to, if any.
pub async fn revoke_by_token(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    kind: &str,
    presented: &str,
) -> Result<Option<auth_sessions::Model>, DbErr> {
    let Some(token) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(sha256_hex(presented)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let session = auth_sessions::Entity::find_by_id(token.session_id).one(db).await?.filter(|s| s.subject_type == kind);
    if let Some(s) = &session {
        revoke(db, now, s.id, "logout").await?;
    }
    Ok(session)
}
