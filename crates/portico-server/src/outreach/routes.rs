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
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), responses(
    (status = 200, body = Vec<Variant>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[get("/outreach/variants")]
async fn variants(_staff: Staff<Inviters>) -> web::Json<Vec<Variant>> {
    web::Json(Var::ALL.into_iter().map(Var::variant).collect())
}

/// The practice's templates, by name.
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), responses(
    (status = 200, body = Page<OutreachTemplate>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[get("/outreach/templates")]
async fn list(state: web::Data<AppState>, staff: Staff<Inviters>) -> ApiResult<web::Json<Page<OutreachTemplate>>> {
    Ok(web::Json(service::list(&state, staff.practice_id()).await?))
}

/// Create a template. Unknown `{{ variants }}` are refused with the list of known ones.
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), request_body = TemplateInput, responses(
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
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = TemplateInput, responses(
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
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = PreviewRequest, responses(
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

/// Send the template now to the chosen patients; answers with each recipient's status.
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = SendOutreach, responses(
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

/// A send with each recipient's current delivery status (pending, sent, failed, skipped).
#[utoipa::path(tag = "outreach", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
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
