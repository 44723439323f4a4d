//! `/api/v1/staff/{providers,locations,appointment-types}`: a practice has a handful of each,
//! so each list is one page sorted by name.
use actix_web::{get, web};
use portico_types::Page;
use portico_types::scheduling::{AppointmentType, Location, Provider};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::entities::{appointment_types, locations, providers};
use crate::error::ApiResult;
use crate::platform::auth::Staff;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_providers).service(list_locations).service(list_appointment_types);
}

/// The practice's providers.
#[utoipa::path(tag = "scheduling", security(("staff_token" = [])), responses(
    (status = 200, body = Page<Provider>),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/providers")]
async fn list_providers(state: web::Data<AppState>, staff: Staff) -> ApiResult<web::Json<Page<Provider>>> {
    let rows = providers::Entity::find()
        .filter(providers::Column::PracticeId.eq(staff.practice_id()))
        .order_by_asc(providers::Column::Name)
        .all(&state.db)
        .await?;
    let items = rows
        .into_iter()
        .map(|p| Provider { id: p.id, name: p.name, credentials: p.credentials, active: p.active })
        .collect();
    Ok(web::Json(Page { items, next_cursor: None }))
}

/// The practice's locations.
#[utoipa::path(tag = "scheduling", security(("staff_token" = [])), responses(
    (status = 200, body = Page<Location>),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/locations")]
async fn list_locations(state: web::Data<AppState>, staff: Staff) -> ApiResult<web::Json<Page<Location>>> {
    let rows = locations::Entity::find()
        .filter(locations::Column::PracticeId.eq(staff.practice_id()))
        .order_by_asc(locations::Column::Name)
        .all(&state.db)
        .await?;
    let items = rows.into_iter().map(|l| Location { id: l.id, name: l.name, address: l.address }).collect();
    Ok(web::Json(Page { items, next_cursor: None }))
}

/// The practice's appointment types.
#[utoipa::path(tag = "scheduling", security(("staff_token" = [])), responses(
    (status = 200, body = Page<AppointmentType>),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/appointment-types")]
async fn list_appointment_types(
    state: web::Data<AppState>,
    staff: Staff,
) -> ApiResult<web::Json<Page<AppointmentType>>> {
    let rows = appointment_types::Entity::find()
        .filter(appointment_types::Column::PracticeId.eq(staff.practice_id()))
        .order_by_asc(appointment_types::Column::Name)
        .all(&state.db)
        .await?;
    let items = rows
        .into_iter()
        .map(|t| AppointmentType {
            id: t.id,
            name: t.name,
            duration_minutes: t.duration_minutes,
            new_patients: t.new_patients,
            active: t.active,
        })
        .collect();
    Ok(web::Json(Page { items, next_cursor: None }))
}
