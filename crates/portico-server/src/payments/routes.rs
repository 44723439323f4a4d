//! Thin handlers for the ledger: staff under `/api/v1/staff`, the portal under
//! `/api/v1/portal/patients/{patient_id}`. Amounts are integers in minor units (`2500` is $25.00);
//! `25.5` is refused as 422 naming `amount`.
use actix_web::{HttpResponse, get, post, web};
use portico_types::Page;
use portico_types::payments::{BalanceSort, Ledger, NewAdjustment, NewCharge, PatientBalance};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::service;
use crate::error::ApiResult;
use crate::platform::auth::{Billers, Staff};
use crate::platform::http::{ApiJson, ApiQuery};
use crate::platform::portal::{Grant, areas};
use crate::state::AppState;

pub fn staff_routes(cfg: &mut ServiceConfig) {
    cfg.service(balances).service(staff_ledger).service(charge).service(adjust);
}

pub fn portal_routes(cfg: &mut ServiceConfig) {
    cfg.service(portal_ledger);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BalancesQuery {
    /// `balance` (largest first, the default) or `oldest_charge` (oldest first).
    #[param(inline)]
    pub sort: Option<BalanceSort>,
    /// `next_cursor` from the previous page (of the same sort).
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Patient Responsibility: the practice's patients who owe something.
///
/// Any staff user. Each with the balance and the date of service of their oldest charge; sorted by `balance`
/// (largest first) or `oldest_charge` (oldest first), cursor pages of `limit` 1–100. Audited.
#[utoipa::path(operation_id = "list_patient_balances",
    tag = "payments", security(("staff_token" = [])), params(BalancesQuery), responses(
    (status = 200, body = Page<PatientBalance>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patient-responsibility")]
async fn balances(
    state: web::Data<AppState>,
    staff: Staff,
    q: ApiQuery<BalancesQuery>,
) -> ApiResult<web::Json<Page<PatientBalance>>> {
    let q = q.0;
    let page = service::balances(&state, &staff, q.sort.unwrap_or_default(), q.cursor.as_deref(), q.limit).await?;
    Ok(web::Json(page))
}

/// A patient's ledger: every entry, oldest first, with the running balance.
///
/// Any staff user of the patient's practice (404 otherwise). Audited.
#[utoipa::path(operation_id = "get_staff_ledger",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/ledger")]
async fn staff_ledger(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Ledger>> {
    Ok(web::Json(service::staff_ledger(&state, &staff, id.into_inner()).await?))
}

/// Post a charge.
///
/// Billing staff and administrators (403 otherwise). `amount` in minor units, 1 to 100,000,000; a
/// `date_of_service` not in the future; a `description`; optionally a `procedure_code` and one of the
/// practice's providers. The ledger cannot be edited: correct a charge with an adjustment. Audited (kind and
/// amount, never the description). Answers the updated ledger.
#[utoipa::path(operation_id = "post_charge",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = NewCharge,
    responses(
    (status = 201, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/charges")]
async fn charge(
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewCharge>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::post_charge(&state, &staff, id.into_inner(), body.0).await?))
}

/// Post an adjustment: negative lowers the balance, positive raises it.
///
/// Billing staff and administrators (403 otherwise). `amount` in minor units, not 0, at most 100,000,000 either
/// way, with a `reason`. Audited. Answers the updated ledger.
#[utoipa::path(operation_id = "post_adjustment",
    tag = "payments", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = NewAdjustment,
    responses(
    (status = 201, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/adjustments")]
async fn adjust(
    state: web::Data<AppState>,
    staff: Staff<Billers>,
    id: web::Path<Uuid>,
    body: ApiJson<NewAdjustment>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::post_adjustment(&state, &staff, id.into_inner(), body.0).await?))
}

/// The patient's ledger in the portal: balance, charges with date of service, payments.
///
/// Portal access token with a grant for `patient_id` as the patient or a guarantor; a guardian gets 403
/// (Payments is not theirs, §5). Audited.
#[utoipa::path(operation_id = "get_portal_ledger",
    tag = "portal-payments", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)), responses(
    (status = 200, body = Ledger),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/ledger")]
async fn portal_ledger(state: web::Data<AppState>, grant: Grant<areas::Payments>) -> ApiResult<web::Json<Ledger>> {
    Ok(web::Json(service::portal_ledger(&state, &grant).await?))
}
