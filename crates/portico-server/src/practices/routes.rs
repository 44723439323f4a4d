//! `/api/v1/staff/portal-config` (administrators) and the public practice branding.
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use portico_types::practice::{PortalConfig, PracticeBranding};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service;
use crate::error::ApiResult;
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::ApiJson;
use crate::state::AppState;

pub fn staff_routes(cfg: &mut ServiceConfig) {
    cfg.service(get_config).service(put_config);
}

pub fn public_routes(cfg: &mut ServiceConfig) {
    cfg.service(public_branding);
}

fn with_etag(v: service::Versioned) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, v.etag())).json(v.config)
}

/// The practice's portal configuration, with its `ETag`.
///
/// Administrators only (403 for other staff roles). Returns the whole configuration of the caller's practice
/// (scheduling notice, appointment requests, online scheduling, permissions, messaging, invitations,
/// branding), and its version as the `ETag`: send that back as `If-Match` to save changes.
#[utoipa::path(operation_id = "get_portal_config",
    tag = "portal-config", security(("staff_token" = [])), responses(
    (status = 200, body = PortalConfig, headers(("ETag" = String, description = "Send back as If-Match"))),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[get("/portal-config")]
async fn get_config(state: web::Data<AppState>, staff: Staff<AdminOnly>) -> ApiResult<HttpResponse> {
    Ok(with_etag(service::load_config(&state.db, staff.practice_id(), state.now()).await?))
}

/// Replace the portal configuration.
///
/// Administrators only (403 for other staff roles). Needs `If-Match` with the current `ETag` (428 without it,
/// 412 when someone saved in between; `*` matches any version). Every rule of SPEC §4 is checked and nothing
/// is saved unless all pass (422 names each field at fault); 409 when another practice already uses the
/// online-scheduling slug.
///
/// The change is audited with every changed field's old and new value, and the answer carries the new `ETag`.
#[utoipa::path(operation_id = "update_portal_config",
    tag = "portal-config", security(("staff_token" = [])), request_body = PortalConfig,
    params(("If-Match" = String, Header, description = "The ETag from GET")),
    responses(
        (status = 200, body = PortalConfig, headers(("ETag" = String))),
        (status = 401, response = crate::openapi::Unauthorized),
        (status = 403, response = crate::openapi::Forbidden),
        (status = 409, response = crate::openapi::Conflict),
        (status = 412, response = crate::openapi::PreconditionFailed),
        (status = 422, response = crate::openapi::Unprocessable),
        (status = 428, response = crate::openapi::PreconditionRequired),
))]
#[put("/portal-config")]
async fn put_config(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    req: HttpRequest,
    body: ApiJson<PortalConfig>,
) -> ApiResult<HttpResponse> {
    let if_match = req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok());
    let saved = service::update_config(&state, &staff.actor(), staff.practice_id(), if_match, body.0).await?;
    Ok(with_etag(saved))
}

/// A practice's public branding (name, logo, phone, colour) by its slug.
///
/// Public, no token: what the sign-in and registration pages show before anyone signs in, including the
/// practice's time zone. The slug is matched case-insensitively. 404 when no practice has this slug.
#[utoipa::path(operation_id = "get_practice_branding",
    tag = "portal-config", params(("slug" = String, Path)), responses(
    (status = 200, body = PracticeBranding),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/practices/{slug}")]
async fn public_branding(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> ApiResult<web::Json<PracticeBranding>> {
    let practice = service::by_slug(&state.db, &slug).await?;
    Ok(web::Json(service::branding(&state.db, practice.id, state.now()).await?))
}
