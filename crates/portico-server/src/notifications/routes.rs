//! `GET /api/v1/staff/deliveries` (administrators): newest first, filterable by status and channel.
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::notifications::Delivery;
use sea_orm::{ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::entities::outbox_messages;
use crate::error::{ApiError, ApiResult};
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::ApiQuery;
use crate::platform::outbox::model::{Channel, FAILED, PENDING, SENDING, SENT};
use crate::platform::pagination;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// `pending`, `sending`, `sent` or `failed`.
    pub status: Option<String>,
    /// `email` or `sms`.
    pub channel: Option<String>,
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    pub limit: Option<u64>,
}

fn to_dto(m: outbox_messages::Model) -> Delivery {
    Delivery {
        id: m.id,
        next_attempt_at: (m.status == PENDING).then_some(m.next_attempt_at),
        kind: m.kind,
        channel: m.channel,
        recipient: m.recipient,
        status: m.status,
        attempts: m.attempts,
        created_at: m.created_at,
        sent_at: m.sent_at,
        last_error: m.last_error,
    }
}

/// The practice's emails and texts, newest first; message bodies are never shown.
#[utoipa::path(tag = "notifications", security(("staff_token" = [])), params(DeliveryQuery), responses(
    (status = 200, body = Page<Delivery>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/deliveries")]
async fn list(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    q: ApiQuery<DeliveryQuery>,
) -> ApiResult<web::Json<Page<Delivery>>> {
    let q = q.0;
    let limit = pagination::limit(q.limit)?;
    let mut query = outbox_messages::Entity::find().filter(outbox_messages::Column::PracticeId.eq(staff.practice_id()));
    if let Some(status) = q.status.as_deref() {
        if ![PENDING, SENDING, SENT, FAILED].contains(&status) {
            return Err(ApiError::field("status", "Use one of: pending, sending, sent, failed."));
        }
        query = query.filter(outbox_messages::Column::Status.eq(status));
    }
    if let Some(channel) = q.channel.as_deref() {
        let channel = Channel::parse(channel).ok_or_else(|| ApiError::field("channel", "Use email or sms."))?;
        query = query.filter(outbox_messages::Column::Channel.eq(channel.as_str()));
    }
    if let Some(c) = q.cursor.as_deref() {
        let beyond = pagination::after::<DateTime<Utc>>(
            c,
            outbox_messages::Column::CreatedAt,
            outbox_messages::Column::Id,
            Order::Desc,
        )?;
        query = query.filter(beyond);
    }
    let rows = query
        .order_by_desc(outbox_messages::Column::CreatedAt)
        .order_by_desc(outbox_messages::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |r| (r.created_at, r.id));
    Ok(web::Json(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor }))
}
