//! Thin handlers for `/api/v1/portal/me` and `/api/v1/portal/patients/{patient_id}/…`.
use actix_web::{get, web};
use portico_types::portal::{PortalHome, PortalMe, PortalProfile};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service;
use crate::error::ApiResult;
use crate::platform::portal::{Grant, Portal, areas};
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(me).service(home).service(my_information);
}

/// The signed-in portal account, its practice and the patients it may see (with its roles).
#[utoipa::path(tag = "portal", security(("portal_token" = [])), responses(
    (status = 200, body = PortalMe),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/me")]
async fn me(state: web::Data<AppState>, caller: Portal) -> ApiResult<web::Json<PortalMe>> {
    Ok(web::Json(service::me(&state, &caller).await?))
}

/// Home for one patient: the areas this account may use for them, and the practice's branding.
#[utoipa::path(tag = "portal", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)), responses(
    (status = 200, body = PortalHome),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/home")]
async fn home(state: web::Data<AppState>, grant: Grant<areas::Home>) -> ApiResult<web::Json<PortalHome>> {
    Ok(web::Json(service::home(&state, &grant).await?))
}

/// My Information: the patient's demographics on file (guardians: without gender identity;
/// guarantors: 403).
#[utoipa::path(tag = "portal", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)), responses(
    (status = 200, body = PortalProfile),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/my-information")]
async fn my_information(
    state: web::Data<AppState>,
    grant: Grant<areas::MyInformation>,
) -> ApiResult<web::Json<PortalProfile>> {
    Ok(web::Json(service::my_information(&state, &grant).await?))
}
