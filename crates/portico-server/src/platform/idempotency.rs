//! `Idempotency-Key` (PAY-2, following the IETF httpapi draft): a request that moves money is
//! run once per caller and key. The claim is one INSERT that only one request can win; the
//! database, not a lock in this process, decides. Then:
//! - the same key with the same request, once done: the stored response, replayed;
//! - the same key with a different request: 422;
//! - the same key while the first request still runs: 409;
//! - keys are the caller's own (`scope`) and kept 24 hours.
//!
//! A request that failed before anything happened (bad input, a server error) releases its key,
//! so the client may fix it and retry with the same key.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::entities::idempotency_keys;
use crate::error::{ApiError, PROBLEM_JSON};

pub const HEADER: &str = "Idempotency-Key";
/// How long a key answers with its first response.
pub const KEEP: Duration = Duration::hours(24);
/// A claim this old whose request never finished (the process died) may be taken over; the
/// gateway's own idempotency key, which is this one, still prevents a second charge.
pub const STALE: Duration = Duration::minutes(5);

const IN_FLIGHT: &str = "in_flight";
const DONE: &str = "done";

/// A key as sent: 1–255 visible ASCII characters, optionally as a quoted structured-header string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        // `"abc"` is the draft's structured-header string for `abc`; anything else is taken as sent.
        let inner = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).filter(|r| !r.is_empty()).unwrap_or(raw);
        if inner.is_empty() || inner.len() > 255 || !inner.bytes().all(|b| (0x21..=0x7E).contains(&b)) {
            return Err("Send an Idempotency-Key of 1–255 visible characters, such as a new UUID for each payment.");
        }
        Ok(Self(inner.to_owned()))
    }

    /// 400 naming the header when it is missing or unusable.
    pub fn from_request(req: &HttpRequest) -> Result<Self, ApiError> {
        let missing = "This request moves money: send an Idempotency-Key header (a new UUID for each payment, \
                       the same one when you retry it).";
        let value = req.headers().get(HEADER).ok_or(ApiError::Header { name: HEADER, why: missing })?;
        let text = value.to_str().map_err(|_| ApiError::Header { name: HEADER, why: missing })?;
        Self::parse(text).map_err(|why| ApiError::Header { name: HEADER, why })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What identifies "the same request": method, path and body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

/// What a claim found.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// This request holds the key: run it, then [`finish`] or [`release`].
    Fresh,
    /// The key already answered this request: send the same answer again.
    Replay { status: u16, body: String },
}

/// Claims `key` for `scope`'s request with `fingerprint`.
pub async fn claim(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &IdempotencyKey,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Claim, ApiError> {
    let row = idempotency_keys::ActiveModel {
        id: Set(Uuid::now_v7()),
        scope: Set(scope.to_owned()),
        key: Set(key.0.clone()),
        fingerprint: Set(fingerprint.to_owned()),
        state: Set(IN_FLIGHT.into()),
        response_status: Set(None),
        response_body: Set(None),
        created_at: Set(now),
        expires_at: Set(now + KEEP),
    };
    let inserted = idempotency_keys::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([idempotency_keys::Column::Scope, idempotency_keys::Column::Key])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        return Ok(Claim::Fresh);
    }
    let existing = idempotency_keys::Entity::find()
        .filter(idempotency_keys::Column::Scope.eq(scope))
        .filter(idempotency_keys::Column::Key.eq(key.0.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("idempotency key vanished between insert and read"))?;
    let stale = existing.state == IN_FLIGHT && existing.created_at <= now - STALE;
    if existing.expires_at <= now || stale {
        // Take it over only if nobody else did first: the same compare-and-set for everyone.
        let taken = idempotency_keys::Entity::update_many()
            .col_expr(idempotency_keys::Column::Fingerprint, fingerprint.into())
            .col_expr(idempotency_keys::Column::State, IN_FLIGHT.into())
            .col_expr(idempotency_keys::Column::ResponseStatus, Option::<i32>::None.into())
            .col_expr(idempotency_keys::Column::ResponseBody, Option::<String>::None.into())
            .col_expr(idempotency_keys::Column::CreatedAt, now.into())
            .col_expr(idempotency_keys::Column::ExpiresAt, (now + KEEP).into())
            .filter(idempotency_keys::Column::Id.eq(existing.id))
            .filter(idempotency_keys::Column::CreatedAt.eq(existing.created_at))
            .exec(db)
            .await?;
        if taken.rows_affected == 1 {
            return Ok(Claim::Fresh);
        }
        return Err(in_flight());
    }
    if existing.fingerprint != fingerprint {
        return Err(ApiError::Validation(vec![portico_types::FieldError {
            field: HEADER.into(),
            message: "This Idempotency-Key was already used for a different request. Use a new key for a new \
                      payment."
                .into(),
        }]));
    }
    match (existing.state.as_str(), existing.response_status, existing.response_body) {
        (IN_FLIGHT, _, _) => Err(in_flight()),
        (DONE, Some(status), Some(body)) => Ok(Claim::Replay { status: u16::try_from(status).unwrap_or(500), body }),
        (state, _, _) => Err(anyhow::anyhow!("idempotency key in an unknown state {state:?}").into()),
    }
}

fn in_flight() -> ApiError {
    ApiError::Area(Box::new(InFlight))
}

/// 409: the first request with this key has not finished.
#[derive(Debug, thiserror::Error)]
#[error("idempotency key in flight")]
struct InFlight;

impl crate::error::AreaError for InFlight {
    fn problem(&self) -> crate::error::Problem {
        crate::error::Problem::conflict(
            "A request with this Idempotency-Key is still being processed. Wait a moment and retry with the same key \
             to get its answer.",
            Some(HEADER),
        )
    }
}

/// Stores the response the key replays from now on.
pub async fn finish(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &IdempotencyKey,
    status: u16,
    body: &str,
) -> Result<(), sea_orm::DbErr> {
    idempotency_keys::Entity::update_many()
        .col_expr(idempotency_keys::Column::State, DONE.into())
        .col_expr(idempotency_keys::Column::ResponseStatus, i32::from(status).into())
        .col_expr(idempotency_keys::Column::ResponseBody, body.into())
        .filter(idempotency_keys::Column::Scope.eq(scope))
        .filter(idempotency_keys::Column::Key.eq(key.0.as_str()))
        .exec(db)
        .await
        .map(|_| ())
}

/// Frees the key after a request that changed nothing, so a corrected retry may use it.
pub async fn release(db: &impl ConnectionTrait, scope: &str, key: &IdempotencyKey) -> Result<(), sea_orm::DbErr> {
    idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::Scope.eq(scope))
        .filter(idempotency_keys::Column::Key.eq(key.0.as_str()))
        .filter(idempotency_keys::Column::State.eq(IN_FLIGHT))
        .exec(db)
        .await
        .map(|_| ())
}

/// Forgets expired keys (the outbox worker does this hourly while idle).
pub async fn purge_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    Ok(idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// Who a key belongs to and which request it names: keys are per caller (`portal:{account}`,
/// `staff:{user}`), and the fingerprint is the method, path and body as parsed.
#[derive(Debug, Clone)]
pub struct Keyed {
    pub scope: String,
    pub key: IdempotencyKey,
    pub fingerprint: String,
}

impl Keyed {
    /// The key from the request's header (400 without one) and the fingerprint of `body` as it
    /// was understood, so spacing or field order never make "another request".
    pub fn from_request(req: &HttpRequest, scope: String, body: &impl serde::Serialize) -> Result<Self, ApiError> {
        let key = IdempotencyKey::from_request(req)?;
        let canonical = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.into()))?;
        Ok(Self { scope, key, fingerprint: fingerprint(req.method().as_str(), req.path(), &canonical) })
    }
}

/// How a request run under a key ended.
pub enum Settled {
    /// A final answer (a success, a declined card): stored, and replayed for this key.
    Answer { status: StatusCode, body: String },
    /// Nothing happened (bad input): the key is freed so a corrected request may use it.
    Untouched(ApiError),
    /// Unknown whether the other side acted (a gateway that did not answer): the key stays
    /// claimed, and a retry after [`STALE`] resumes the same work under the same gateway key.
    Unsure(ApiError),
}

impl Settled {
    pub fn answer(status: StatusCode, body: &impl serde::Serialize) -> Self {
        match serde_json::to_string(body) {
            Ok(body) => Self::Answer { status, body },
            Err(e) => Self::Unsure(ApiError::Internal(e.into())),
        }
    }

    /// A refusal that is itself the final answer (402 for a declined card).
    pub fn refusal(error: &ApiError) -> Self {
        Self::answer(error.status_code_of(), &error.problem())
    }
}

fn respond(status: u16, body: String, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = HttpResponse::build(status);
    res.content_type(if status.is_success() { "application/json" } else { PROBLEM_JSON });
    if replayed {
        res.insert_header(("Idempotent-Replayed", "true"));
    }
    res.body(body)
}

/// Runs `work` once for `keyed`: a replay answers what the first run answered, a request still
/// running is 409, another request under the key 422.
pub async fn run<F>(
    db: &impl ConnectionTrait,
    keyed: &Keyed,
    now: DateTime<Utc>,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    F: std::future::Future<Output = Settled>,
{
    match claim(db, &keyed.scope, &keyed.key, &keyed.fingerprint, now).await? {
        Claim::Replay { status, body } => Ok(respond(status, body, true)),
        Claim::Fresh => match work.await {
            Settled::Answer { status, body } => {
                finish(db, &keyed.scope, &keyed.key, status.as_u16(), &body).await?;
                Ok(respond(status.as_u16(), body, false))
            }
            Settled::Untouched(e) => {
                release(db, &keyed.scope, &keyed.key).await?;
                Err(e)
            }
            Settled::Unsure(e) => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_of_bounded_length() {
        assert_eq!(
            IdempotencyKey::parse("8e03978e-40d5-43e8-bc93-6894a57f9324").unwrap().as_str(),
            "8e03978e-40d5-43e8-bc93-6894a57f9324"
        );
        assert_eq!(IdempotencyKey::parse("\"abc\"").unwrap().as_str(), "abc", "a structured-header string");
        assert!(IdempotencyKey::parse("").is_err());
        assert_eq!(IdempotencyKey::parse("\"\"").unwrap().as_str(), "\"\"", "visible characters, taken as sent");
        assert!(IdempotencyKey::parse("with space").is_err());
        assert!(IdempotencyKey::parse("ключ").is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
    }

    #[test]
    fn the_fingerprint_tells_requests_apart() {
        let a = fingerprint("POST", "/api/v1/x", b"{\"amount\":2500}");
        assert_eq!(a, fingerprint("POST", "/api/v1/x", b"{\"amount\":2500}"));
        assert_ne!(a, fingerprint("POST", "/api/v1/x", b"{\"amount\":2501}"));
        assert_ne!(a, fingerprint("POST", "/api/v1/y", b"{\"amount\":2500}"));
    }
}
