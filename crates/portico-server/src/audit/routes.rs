//! `GET /api/v1/staff/audit-events`: newest first, filtered by patient, actor and time.
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::audit::AuditEvent;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::service;
use crate::error::ApiResult;
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::ApiQuery;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events acting for this patient.
    pub patient_id: Option<Uuid>,
    /// Only events by this staff user or account.
    pub actor_id: Option<Uuid>,
    /// Only events at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only events before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// The practice's audit trail, newest first.
///
/// Administrators only (403 for other staff roles). Filter by `patient_id`, `actor_id` and a `from`/`to`
/// window (422 when `to` is not after `from`). Pages of `limit` 1–100 (default 25); pass `next_cursor` as
/// `cursor` for the next page. Only the caller's practice's events are listed, and reading the trail is
/// itself audited.
#[utoipa::path(operation_id = "list_audit_events",
    tag = "audit", security(("staff_token" = [])), params(AuditQuery), responses(
    (status = 200, body = Page<AuditEvent>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/audit-events")]
async fn list(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    q: ApiQuery<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEvent>>> {
    let q = q.0;
    let filter = service::Filter {
        patient_id: q.patient_id,
        actor_id: q.actor_id,
        from: q.from,
        to: q.to,
        cursor: q.cursor.as_deref(),
        limit: q.limit,
    };
    Ok(web::Json(service::list(&state, &staff.actor(), staff.practice_id(), filter).await?))
}
