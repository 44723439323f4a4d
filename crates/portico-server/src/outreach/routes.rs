//! Thin handlers for `/api/v1/staff/outreach/…`.
use actix_web::{HttpResponse, get, post, put, web};
use portico_types::Page;
use portico_types::outreach::{
    OutreachSend, OutreachTemplate, PreviewRequest, RenderedMessage, SendOutreach, TemplateInput, Variant,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::service;
use super::template::Var;
use crate::error::ApiResult;
use crate::platform::auth::{Inviters, Staff};
use crate::platform::http::ApiJson;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(variants)
        .service(list)
        .service(create)
        .service(update)
        .service(preview)
        .service(send)
        .service(get_send);
}

/// The variants a template may insert, for the variant picker.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). The fixed
/// list of `{{ key }}` placeholders (`patient_portal_link`, `patient_first_name`, `practice_name`,
/// `practice_phone`), each with a label and a description.
#[utoipa::path(operation_id = "list_outreach_variants",
    tag = "outreach", security(("staff_token" = [])), responses(
    (status = 200, body = Vec<Variant>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[get("/outreach/variants")]
async fn variants(_staff: Staff<Inviters>) -> web::Json<Vec<Variant>> {
    web::Json(Var::ALL.into_iter().map(Var::variant).collect())
}

/// The practice's templates, by name.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). Every
/// template of the caller's practice, in one page (`next_cursor` is always null).
#[utoipa::path(operation_id = "list_outreach_templates",
    tag = "outreach", security(("staff_token" = [])), responses(
    (status = 200, body = Page<OutreachTemplate>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[get("/outreach/templates")]
async fn list(state: web::Data<AppState>, staff: Staff<Inviters>) -> ApiResult<web::Json<Page<OutreachTemplate>>> {
    Ok(web::Json(service::list(&state, staff.practice_id()).await?))
}

/// Create a template.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). Needs a
/// `name` (up to 100 characters) and a `body`: up to 10,000 characters for email, which also needs a
/// `subject` (up to 200), or 1,000 for a text message. Unknown `{{ variants }}` are refused (422) with the
/// list of known ones. The creation is audited.
#[utoipa::path(operation_id = "create_outreach_template",
    tag = "outreach", security(("staff_token" = [])), request_body = TemplateInput, responses(
    (status = 201, body = OutreachTemplate),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/outreach/templates")]
async fn create(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    body: ApiJson<TemplateInput>,
) -> ApiResult<HttpResponse> {
    let t = service::create(&state, &staff.actor(), staff.practice_id(), &body.0).await?;
    Ok(HttpResponse::Created().json(t))
}

/// Replace a template.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). The same
/// rules as creating one apply (422 names each field at fault), and the channel may change. Messages already
/// sent stay as they were. Audited; 404 when the template is not in the caller's practice.
#[utoipa::path(operation_id = "update_outreach_template",
    tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = TemplateInput, responses(
    (status = 200, body = OutreachTemplate),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[put("/outreach/templates/{id}")]
async fn update(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
    body: ApiJson<TemplateInput>,
) -> ApiResult<web::Json<OutreachTemplate>> {
    Ok(web::Json(service::update(&state, &staff.actor(), staff.practice_id(), id.into_inner(), &body.0).await?))
}

/// The template as one patient would receive it; nothing is sent.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). Renders the
/// subject and body with `patient_id`'s values, and `to` with their address on file (null when there is
/// none). For a patient without a portal account, the Patient Portal Link shows a placeholder: the personal
/// link is only created when sending. The preview is audited; 404 when the template is not in the caller's
/// practice, 422 naming `patient_id` when that is not a patient of the practice.
#[utoipa::path(operation_id = "preview_outreach_template",
    tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = PreviewRequest, responses(
    (status = 200, body = RenderedMessage),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[post("/outreach/templates/{id}/preview")]
async fn preview(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
    body: ApiJson<PreviewRequest>,
) -> ApiResult<web::Json<RenderedMessage>> {
    let (practice, actor) = (staff.practice_id(), staff.actor());
    Ok(web::Json(service::preview(&state, &actor, practice, id.into_inner(), body.0.patient_id).await?))
}

/// Send the template now to the chosen patients, with each recipient's status.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). `patient_ids`
/// takes 1–500 patients of the caller's practice (duplicates are ignored; 422 for any other id). Each message
/// goes into the outbox on the template's channel; patients without an address on file, or invited moments
/// ago, are `skipped` with a reason.
///
/// When the template uses the Patient Portal Link, patients without a portal account get a personal
/// invitation link (a new invitation, or their pending one sent again); the send is audited. 404 when the
/// template is not in the caller's practice.
#[utoipa::path(operation_id = "send_outreach_template",
    tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = SendOutreach, responses(
    (status = 201, body = OutreachSend),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/outreach/templates/{id}/sends")]
async fn send(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
    body: ApiJson<SendOutreach>,
) -> ApiResult<HttpResponse> {
    let (practice, actor) = (staff.practice_id(), staff.actor());
    let sent = service::send(&state, &actor, practice, id.into_inner(), &body.0.patient_ids).await?;
    Ok(HttpResponse::Created().json(sent))
}

/// A send, with each recipient's current delivery status.
///
/// Staff who may invite patients (administrators, front desk and billing; 403 for other roles). Each
/// recipient shows the address used, the status (`pending`, `sending`, `sent`, `failed` or `skipped`) and the
/// skip reason or last delivery error; poll it to follow a send. 404 when the send is not in the caller's
/// practice.
#[utoipa::path(operation_id = "get_outreach_send",
    tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = OutreachSend),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/outreach/sends/{id}")]
async fn get_send(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<OutreachSend>> {
    Ok(web::Json(service::get_send(&state, staff.practice_id(), id.into_inner()).await?))
}
