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

/// The Portal Directory: the practice's portal accounts and unaccepted invitations.
///
/// Staff who invite (administrators, front desk and billing; 403 for clinicians, since it lists every portal
/// user's email and phone). One entry per registered account (`registered` or `locked`, with last sign-in
/// and the patients it can see, each with the `grant_id` to revoke) and one per person whose newest invitation is not accepted (`invited`,
/// `expired` or `revoked`), sorted by name. Filter with `q` (part of a name or email) and `status` (422 for
/// other values). Pages of `limit` 1–100 (default 25); pass `next_cursor` as `cursor` for the next page. Each
/// listing is audited.
#[utoipa::path(operation_id = "list_portal_directory",
    tag = "invitations", security(("staff_token" = [])), params(DirectoryQuery), responses(
    (status = 200, body = Page<DirectoryEntry>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/portal-directory")]
async fn portal_directory(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
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

/// Every portal invitation sent for a patient or their contacts, newest first.
///
/// Staff who invite (administrators, front desk and billing; 403 otherwise). Returns the 100 newest invitations in one page (`next_cursor` is always null),
/// each with its status and when it may be sent again (`can_resend_at`). The listing is audited. 404 when the
/// patient is not in the caller's practice.
#[utoipa::path(operation_id = "list_patient_invitations",
    tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<Invitation>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/invitations")]
async fn list(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<Invitation>>> {
    let items = service::list(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?;
    Ok(web::Json(Page { items, next_cursor: None }))
}

/// Invite the patient or one of their guardian/guarantor contacts to the portal.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). Invite the
/// patient with `role: self`, or a guardian or guarantor contact with `contact_id` and the matching role (422
/// otherwise); the email and/or text go to what is on file (INV-2), and the facesheet `origin` needs an
/// email.
///
/// If the person already has a pending invitation it is sent again with a fresh link (200); otherwise a new
/// one is created (201). Either is audited. When the email or phone on file changed since the last send,
/// the earlier links and the registration begun through them end: the new address starts at step 1.
///
/// 409 when the person already has portal access; 429 with `Retry-After` within the practice's resend
/// cooldown; 404 when the patient is not in the caller's practice; 422 naming `contact_id` when it is not one
/// of the patient's contacts.
#[utoipa::path(operation_id = "send_invitation",
    tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = InvitationRequest, responses(
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
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). Sends the
/// person's pending invitation with a fresh link and a new expiry (earlier links keep working until their own
/// expiry, unless the email or phone on file changed: then they end, with any registration begun through
/// them, and the new address starts at step 1); if it has expired, a new invitation is created instead. Audited. 409 when it was revoked or the
/// person has already registered; 429 with `Retry-After` within the practice's cooldown; 404 when the
/// invitation is not in the caller's practice.
#[utoipa::path(operation_id = "resend_invitation",
    tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
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

/// Withdraw an invitation: every link sent for it stops working (INV-5), and access it gave ends.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). A
/// registration in progress on it ends too (410). An accepted invitation ends the portal access it gave:
/// the account no longer sees this patient, and is signed out if it sees no one else. Audited; revoking an
/// invitation that is already revoked changes nothing. The person may be invited again. 404 when it is not
/// in the caller's practice.
#[utoipa::path(operation_id = "revoke_invitation",
    tag = "invitations", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Invitation),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[post("/invitations/{id}/revoke")]
async fn revoke(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Invitation>> {
    Ok(web::Json(service::revoke(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?))
}
