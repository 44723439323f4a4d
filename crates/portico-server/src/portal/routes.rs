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

/// The signed-in portal account, its practice and the patients it may see.
///
/// Portal access token. Lists every patient the account holds a live grant for, with its roles for each
/// (`self`, `guardian`, `guarantor`), plus the practice's branding and the last sign-in time. Guardians and
/// guarantors do not see the patient's preferred name. 401 when the token is missing, expired or its session
/// has ended.
#[utoipa::path(operation_id = "get_portal_me",
    tag = "portal", security(("portal_token" = [])), responses(
    (status = 200, body = PortalMe),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/me")]
async fn me(state: web::Data<AppState>, caller: Portal) -> ApiResult<web::Json<PortalMe>> {
    Ok(web::Json(service::me(&state, &caller).await?))
}

/// Home for one patient: the areas this account may use, and the practice's branding.
///
/// Portal access token with a grant for `patient_id`. Returns one tile per portal area the account's roles
/// allow, with any limit (e.g. "Insurance forms only"); the Messages tile only when the practice has
/// messaging on. The read is audited. 404 when the account has no grant for this patient, the same answer as
/// for an id that does not exist.
#[utoipa::path(operation_id = "get_portal_home",
    tag = "portal", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)), responses(
    (status = 200, body = PortalHome),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/home")]
async fn home(state: web::Data<AppState>, grant: Grant<areas::Home>) -> ApiResult<web::Json<PortalHome>> {
    Ok(web::Json(service::home(&state, &grant).await?))
}

/// My Information: the patient's demographics on file.
///
/// Portal access token with a grant for `patient_id`. The patient sees everything, guardians see it without
/// gender identity, and guarantors get 403. The read is audited. 404 when the account has no grant for this
/// patient.
#[utoipa::path(operation_id = "get_my_information",
    tag = "portal", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)), responses(
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
