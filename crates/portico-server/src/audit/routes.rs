//! `GET /api/v1/staff/audit-events`: newest first, filtered by patient, actor and time.
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::audit::AuditEvent;
use sea_orm::{ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::entities::audit_events;
use crate::error::{ApiError, ApiResult};
use crate::platform::audit::{self as trail, Event};
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::ApiQuery;
use crate::platform::pagination;
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
    pub limit: Option<u64>,
}

fn to_dto(m: audit_events::Model) -> AuditEvent {
    AuditEvent {
        id: m.id,
        occurred_at: m.occurred_at,
        actor_type: m.actor_type.to_string(),
        actor_id: m.actor_id,
        actor_role: m.actor_role,
        patient_id: m.patient_id,
        action: m.action,
        resource_type: m.resource_type,
        resource_id: m.resource_id,
        outcome: m.outcome.to_string(),
        request_id: m.request_id,
        ip: m.ip,
        user_agent: m.user_agent,
        details: m.details,
    }
}

/// The practice's audit trail, newest first. Reading it is itself audited.
#[utoipa::path(tag = "audit", security(("staff_token" = [])), params(AuditQuery), responses(
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
    let limit = pagination::limit(q.limit)?;
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from >= to
    {
        return Err(ApiError::field("to", "Choose an end after the start."));
    }
    let mut query = audit_events::Entity::find().filter(audit_events::Column::PracticeId.eq(staff.practice_id()));
    if let Some(p) = q.patient_id {
        query = query.filter(audit_events::Column::PatientId.eq(p));
    }
    if let Some(a) = q.actor_id {
        query = query.filter(audit_events::Column::ActorId.eq(a));
    }
    if let Some(from) = q.from {
        query = query.filter(audit_events::Column::OccurredAt.gte(from));
    }
    if let Some(to) = q.to {
        query = query.filter(audit_events::Column::OccurredAt.lt(to));
    }
    if let Some(c) = q.cursor.as_deref() {
        let beyond = pagination::after::<DateTime<Utc>>(
            c,
            audit_events::Column::OccurredAt,
            audit_events::Column::Id,
            Order::Desc,
        )?;
        query = query.filter(beyond);
    }
    let rows = query
        .order_by_desc(audit_events::Column::OccurredAt)
        .order_by_desc(audit_events::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |r| (r.occurred_at, r.id));
    trail::record(&state.db, state.now(), &staff.actor(), Event::new("audit.read", "audit_event")).await?;
    Ok(web::Json(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor }))
}
