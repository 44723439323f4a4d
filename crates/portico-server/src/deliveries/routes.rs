//! `GET /api/v1/staff/deliveries` (administrators): newest first, filterable by status and channel;
//! and, in development and the demo, the message itself from the file mailbox.
use actix_web::{get, web};
use portico_types::Page;
use portico_types::deliveries::{Delivery, FiledMessage};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::service;
use crate::error::ApiResult;
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::ApiQuery;
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
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// The practice's emails and texts, newest first; message bodies are never shown.
///
/// Administrators only (403 for other staff roles). Each delivery shows its kind, channel, recipient, status
/// (`pending`, `sending`, `sent`, `failed`), attempts and last error; filter by `status` and `channel` (422
/// for other values). Pages of `limit` 1–100 (default 25); pass `next_cursor` as `cursor` for the next page.
#[utoipa::path(operation_id = "list_deliveries",
    tag = "deliveries", security(("staff_token" = [])), params(DeliveryQuery), responses(
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
    let filter = service::Filter {
        status: q.status.as_deref(),
        channel: q.channel.as_deref(),
        cursor: q.cursor.as_deref(),
        limit: q.limit,
    };
    Ok(web::Json(service::list(&state, staff.practice_id(), filter).await?))
}

/// The message as delivered to the file mailbox, for the demo and development.
///
/// Administrators only (403 for other staff roles). Lets a person open an invitation, a code or a reset link
/// without a mail server. Works only when the server runs with `PORTICO_DEMO_MAILBOX` and the message's
/// channel is filed to disk: 404 once messages go out by SMTP or an SMS provider (nothing is kept then), and
/// for other practices' messages.
#[utoipa::path(operation_id = "get_delivery_message",
    tag = "deliveries", security(("staff_token" = [])), params(("id" = uuid::Uuid, Path)), responses(
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
    Ok(web::Json(service::filed(&state, staff.practice_id(), id.into_inner()).await?))
}
