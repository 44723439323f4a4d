//! `/api/v1/staff/patients/{id}/invitations` and `/api/v1/staff/invitations/{id}/…`.
use actix_web::{HttpResponse, get, post, web};
use portico_types::Page;
use portico_types::invitations::{DirectoryEntry, Invitation, InvitationRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::model::Invitee;
use super::{directory, service};
use crate::error::ApiResult;
use crate::platform::auth::{Inviters, Staff};
use crate::platform::http::{ApiJson, ApiQuery};
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list).service(send).service(resend).service(revoke).service(portal_directory);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryQuery {
    /// Part of a name or email.
    pub q: Option<String>,
    /// `invited`, `registered`, `expired`, `revoked` or `locked`.
    pub status: Option<String>,
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// The Portal Directory: every portal account and open invitation of the practice, by name, with
/// status, last sign-in and the patients each can see.
#[utoipa::path(tag = "invitations", security(("staff_token" = [])), params(DirectoryQuery), responses(
    (status = 200, body = Page<DirectoryEntry>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/portal-directory")]
async fn portal_directory(
    state: web::Data<AppState>,
    staff: Staff,
    q: ApiQuery<DirectoryQuery>,
) -> ApiResult<web::Json<Page<DirectoryEntry>>> {
    let q = q.0;
    let filter = directory::Filter {
        q: q.q.as_deref(),
        status: q.status.as_deref(),
        cursor: q.cursor.as_deref(),
        limit: q.limit,
    };
    Ok(web::Json(directory::list(&state, &staff.actor(), staff.practice_id(), filter).await?))
}

/// Every portal invitation sent for a patient (to them or their contacts), newest first.
#[utoipa::path(tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<Invitation>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/invitations")]
async fn list(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Page<Invitation>>> {
    let items = service::list(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?;
    Ok(web::Json(Page { items, next_cursor: None }))
}

/// Invite the patient (`role: self`) or a guardian/guarantor contact (`contact_id`) to the portal.
/// Email and/or SMS follow what is on file (INV-2). If the person already has a pending
/// invitation it is sent again with a fresh link (200); otherwise a new one is created (201).
/// Within the practice's cooldown the answer is 429 with `Retry-After`.
#[utoipa::path(tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = InvitationRequest, responses(
    (status = 201, description = "Invitation created and sent", body = Invitation),
    (status = 200, description = "The pending invitation was sent again", body = Invitation),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/patients/{id}/invitations")]
async fn send(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
    body: ApiJson<InvitationRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.0;
    let invitee = Invitee {
        patient_id: id.into_inner(),
        contact_id: request.contact_id,
        role: request.role,
        origin: request.origin,
    };
    let sent = service::send(&state, &staff.actor(), staff.practice_id(), invitee).await?;
    let mut res = if sent.created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.json(sent.invitation))
}

/// Send an invitation again, to the email and phone on file now (INV-5).
#[utoipa::path(tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Invitation),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/invitations/{id}/resend")]
async fn resend(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Invitation>> {
    Ok(web::Json(service::resend(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?))
}

/// Withdraw a pending invitation: every link sent for it stops working (INV-5).
#[utoipa::path(tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Invitation),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
))]
#[post("/invitations/{id}/revoke")]
async fn revoke(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Invitation>> {
    Ok(web::Json(service::revoke(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?))
}
