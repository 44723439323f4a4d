//! `/api/v1/staff/patients…`: search, facesheet and contacts.
use actix_web::{HttpResponse, delete, get, post, put, web};
use portico_types::Page;
use portico_types::patients::{Contact, ContactInput, Patient, PatientInput, PatientSummary};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::service;
use crate::error::ApiResult;
use crate::platform::auth::{PatientEditors, Staff};
use crate::platform::http::{ApiJson, ApiQuery};
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(search)
        .service(create)
        .service(get_patient)
        .service(update)
        .service(list_contacts)
        .service(create_contact)
        .service(update_contact)
        .service(delete_contact);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Names, email, phone digits or a date of birth (`YYYY-MM-DD` or `MM/DD/YYYY`); every term
    /// must match. Empty lists everyone.
    #[serde(default)]
    pub q: String,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Search the practice's patients, sorted by last then first name.
///
/// Any signed-in staff user. `q` takes names, email, phone digits or a date of birth; every term must match,
/// an empty `q` lists everyone, and more than 200 characters is 422. Pages of `limit` 1–100 (default 25);
/// pass `next_cursor` as `cursor` for the next page. Each search is audited with its number of results, never
/// its terms.
#[utoipa::path(operation_id = "search_patients",
    tag = "patients", security(("staff_token" = [])), params(SearchQuery), responses(
    (status = 200, body = Page<PatientSummary>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patients")]
async fn search(
    state: web::Data<AppState>,
    staff: Staff,
    q: ApiQuery<SearchQuery>,
) -> ApiResult<web::Json<Page<PatientSummary>>> {
    let q = q.0;
    Ok(web::Json(
        service::search(&state, &staff.actor(), staff.practice_id(), &q.q, q.cursor.as_deref(), q.limit).await?,
    ))
}

/// Register a patient.
///
/// Patient-editing staff (administrators and front desk; 403 for other roles). First and last name and a date
/// of birth (not in the future) are required; email and phone are normalised (phones to E.164), and 422 names
/// every field at fault. The patient belongs to the caller's practice; the creation is audited.
#[utoipa::path(operation_id = "create_patient",
    tag = "patients", security(("staff_token" = [])), request_body = PatientInput, responses(
    (status = 201, body = Patient),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients")]
async fn create(
    state: web::Data<AppState>,
    staff: Staff<PatientEditors>,
    body: ApiJson<PatientInput>,
) -> ApiResult<HttpResponse> {
    let patient = service::create(&state, &staff.actor(), staff.practice_id(), body.0).await?;
    Ok(HttpResponse::Created().json(patient))
}

/// A patient's facesheet demographics.
///
/// Any signed-in staff user. The read is audited. 404 when the patient is not in the caller's practice, the
/// same answer whether or not the id exists elsewhere.
#[utoipa::path(operation_id = "get_patient",
    tag = "patients", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Patient),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}")]
async fn get_patient(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Patient>> {
    Ok(web::Json(service::get(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?))
}

/// Replace a patient's demographics.
///
/// Patient-editing staff (administrators and front desk; 403 for other roles). Send the whole record: every
/// field is replaced, and an omitted optional field is cleared. The rules of registering a patient apply (422
/// names each field at fault). Audited with the names of the changed fields, never their values; 404 when the
/// patient is not in the caller's practice.
#[utoipa::path(operation_id = "update_patient",
    tag = "patients", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = PatientInput, responses(
    (status = 200, body = Patient),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[put("/patients/{id}")]
async fn update(
    state: web::Data<AppState>,
    staff: Staff<PatientEditors>,
    id: web::Path<Uuid>,
    body: ApiJson<PatientInput>,
) -> ApiResult<web::Json<Patient>> {
    Ok(web::Json(service::update(&state, &staff.actor(), staff.practice_id(), id.into_inner(), body.0).await?))
}

/// A patient's contacts (guardians, guarantors, emergency and other contacts).
///
/// Any signed-in staff user. All of the patient's contacts in the order they were added, in one page
/// (`next_cursor` is always null). The read is audited; 404 when the patient is not in the caller's practice.
#[utoipa::path(operation_id = "list_contacts",
    tag = "patients", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<Contact>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/contacts")]
async fn list_contacts(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Page<Contact>>> {
    Ok(web::Json(service::contacts(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?))
}

/// Add a contact to a patient.
///
/// Patient-editing staff (administrators and front desk; 403 for other roles). First and last name and a
/// `relationship` are required; email and phone are optional and normalised. Only `guardian` and `guarantor`
/// contacts can be invited to the portal. Audited; 404 when the patient is not in the caller's practice.
#[utoipa::path(operation_id = "create_contact",
    tag = "patients", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = ContactInput, responses(
    (status = 201, body = Contact),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/contacts")]
async fn create_contact(
    state: web::Data<AppState>,
    staff: Staff<PatientEditors>,
    id: web::Path<Uuid>,
    body: ApiJson<ContactInput>,
) -> ApiResult<HttpResponse> {
    let contact = service::create_contact(&state, &staff.actor(), staff.practice_id(), id.into_inner(), body.0).await?;
    Ok(HttpResponse::Created().json(contact))
}

/// Replace a contact's details.
///
/// Patient-editing staff (administrators and front desk; 403 for other roles). Every field is replaced (an
/// omitted email or phone is cleared), with the rules of adding a contact; invitations already sent change
/// only when they are sent again. A changed `relationship` ends the portal access the contact held through
/// it and revokes its pending invitations (each audited; an account left with no access is signed out).
/// Audited; 404 when the patient or the contact is not in the caller's practice, or is another patient's.
#[utoipa::path(operation_id = "update_contact",
    tag = "patients", security(("staff_token" = [])), params(("id" = Uuid, Path), ("contact_id" = Uuid, Path)), request_body = ContactInput, responses(
    (status = 200, body = Contact),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[put("/patients/{id}/contacts/{contact_id}")]
async fn update_contact(
    state: web::Data<AppState>,
    staff: Staff<PatientEditors>,
    path: web::Path<(Uuid, Uuid)>,
    body: ApiJson<ContactInput>,
) -> ApiResult<web::Json<Contact>> {
    let (id, contact_id) = path.into_inner();
    Ok(web::Json(service::update_contact(&state, &staff.actor(), staff.practice_id(), id, contact_id, body.0).await?))
}

/// Remove a contact from a patient.
///
/// Patient-editing staff (administrators and front desk; 403 for other roles). The deletion is audited, and
/// so is what it ends: the contact's pending invitations are revoked and the portal access they hold for
/// this patient ends at once (an account left with no access is signed out). 404 when the patient or the
/// contact is not in the caller's practice, or the contact is another patient's.
#[utoipa::path(operation_id = "delete_contact",
    tag = "patients", security(("staff_token" = [])), params(("id" = Uuid, Path), ("contact_id" = Uuid, Path)), responses(
    (status = 204, description = "Removed"),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[delete("/patients/{id}/contacts/{contact_id}")]
async fn delete_contact(
    state: web::Data<AppState>,
    staff: Staff<PatientEditors>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, contact_id) = path.into_inner();
    service::delete_contact(&state, &staff.actor(), staff.practice_id(), id, contact_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
