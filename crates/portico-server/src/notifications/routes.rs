//! `GET /api/v1/staff/deliveries` (administrators): newest first, filterable by status and channel;
//! and, in development and the demo, the message itself from the file mailbox.
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::notifications::{Delivery, FiledMessage};
use sea_orm::{ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::entities::outbox_messages;
use crate::error::{ApiError, ApiResult};
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::ApiQuery;
use crate::platform::outbox::model::{Channel, OutboxStatus};
use crate::platform::outbox::transports;
use crate::platform::pagination;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(filed);
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
        next_attempt_at: (m.status == OutboxStatus::Pending).then_some(m.next_attempt_at),
        kind: m.kind.to_string(),
        channel: m.channel.to_string(),
        recipient: m.recipient,
        status: m.status.to_string(),
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
        let status = OutboxStatus::parse(status)
            .ok_or_else(|| ApiError::field("status", "Use one of: pending, sending, sent, failed."))?;
        query = query.filter(outbox_messages::Column::Status.eq(status));
    }
    if let Some(channel) = q.channel.as_deref() {
        let channel = Channel::parse(channel).ok_or_else(|| ApiError::field("channel", "Use email or sms."))?;
        query = query.filter(outbox_messages::Column::Channel.eq(channel));
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

/// The message as delivered to the file mailbox, for the demo and development: lets a person
/// open an invitation or a code without a mail server. 404 once messages go out by SMTP or an
/// SMS provider (nothing is kept then), and for other practices' messages.
#[utoipa::path(tag = "notifications", security(("staff_token" = [])), params(("id" = uuid::Uuid, Path)), responses(
    (status = 200, body = FiledMessage),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/deliveries/{id}/message")]
async fn filed(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    id: web::Path<uuid::Uuid>,
) -> ApiResult<web::Json<FiledMessage>> {
    const GONE: ApiError = ApiError::NotFound("message in the file mailbox");
    let row = outbox_messages::Entity::find_by_id(id.into_inner())
        .filter(outbox_messages::Column::PracticeId.eq(staff.practice_id()))
        .one(&state.db)
        .await?
        .ok_or(GONE)?;
    let settings = &state.settings;
    let filed_to_disk = match row.channel {
        Channel::Email => settings.smtp_url.as_deref().is_none_or(str::is_empty),
        Channel::Sms => settings.sms_api_url.as_deref().is_none_or(str::is_empty),
    };
    if !filed_to_disk {
        return Err(GONE);
    }
    let dir = settings.data_dir.join("outbox").join(row.channel.as_str());
    let message = tokio::task::spawn_blocking(move || transports::filed(&dir, row.id))
        .await
        .map_err(anyhow::Error::from)?
        .ok_or(GONE)?;
    Ok(web::Json(message))
}
