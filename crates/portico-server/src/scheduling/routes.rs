//! `/api/v1/staff/{providers,locations,appointment-types}`.
use actix_web::{get, web};
use portico_types::Page;
use portico_types::scheduling::{AppointmentType, Location, Provider};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service;
use crate::error::ApiResult;
use crate::platform::auth::Staff;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_providers).service(list_locations).service(list_appointment_types);
}

/// The practice's providers.
///
/// Any signed-in staff user. Every provider of the caller's practice, inactive ones included (see `active`),
/// sorted by name in one page (`next_cursor` is always null).
#[utoipa::path(operation_id = "list_providers",
    tag = "scheduling", security(("staff_token" = [])), responses(
    (status = 200, body = Page<Provider>),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/providers")]
async fn list_providers(state: web::Data<AppState>, staff: Staff) -> ApiResult<web::Json<Page<Provider>>> {
    let items = service::providers(&state.db, staff.practice_id()).await?;
    Ok(web::Json(Page { items, next_cursor: None }))
}

/// The practice's locations.
///
/// Any signed-in staff user. Every location of the caller's practice, sorted by name in one page
/// (`next_cursor` is always null).
#[utoipa::path(operation_id = "list_locations",
    tag = "scheduling", security(("staff_token" = [])), responses(
    (status = 200, body = Page<Location>),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/locations")]
async fn list_locations(state: web::Data<AppState>, staff: Staff) -> ApiResult<web::Json<Page<Location>>> {
    let items = service::locations(&state.db, staff.practice_id()).await?;
    Ok(web::Json(Page { items, next_cursor: None }))
}

/// The practice's appointment types.
///
/// Any signed-in staff user. Every appointment type of the caller's practice with its duration and whether
/// new patients may book it, inactive ones included (see `active`), sorted by name in one page (`next_cursor`
/// is always null).
#[utoipa::path(operation_id = "list_appointment_types",
    tag = "scheduling", security(("staff_token" = [])), responses(
    (status = 200, body = Page<AppointmentType>),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/appointment-types")]
async fn list_appointment_types(
    state: web::Data<AppState>,
    staff: Staff,
) -> ApiResult<web::Json<Page<AppointmentType>>> {
    let items = service::appointment_types(&state.db, staff.practice_id()).await?;
    Ok(web::Json(Page { items, next_cursor: None }))
}
