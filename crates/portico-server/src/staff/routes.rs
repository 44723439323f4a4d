//! Thin handlers for `/api/v1/staff/auth`, `/staff/me` and `/staff/users`.
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use portico_types::Page;
use portico_types::auth::{ChangePasswordRequest, LoginRequest, StaffMe, TokenResponse};
use portico_types::staff::{CreateStaffUser, StaffUser, UpdateStaffUser};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::StaffSessions;
use super::{auth, users};
use crate::error::ApiResult;
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::{ApiJson, ApiQuery};
use crate::platform::request::RequestMeta;
use crate::platform::sessions::{self, STAFF_COOKIE};
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password)
        .service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user);
}

/// Sign in with email and password.
///
/// Returns a 15-minute access token and sets the refresh token as an HttpOnly cookie. A wrong
/// email or password gives one generic 401; repeated failures slow down (429 with
/// `Retry-After`) and 100 in a row lock the account until a password reset.
#[utoipa::path(tag = "staff-auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in; refresh cookie set", body = TokenResponse),
    (status = 400, response = crate::openapi::BadRequest),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/auth/login")]
async fn login(state: web::Data<AppState>, meta: RequestMeta, body: ApiJson<LoginRequest>) -> ApiResult<HttpResponse> {
    let issued = auth::login(&state, &meta, &body.0.email, &body.0.password).await?;
    Ok(STAFF_COOKIE.signed_in(&state, &issued))
}

/// Exchange the refresh cookie for a new access token (the cookie is rotated).
///
/// Presenting a refresh token that was already used revokes its whole session.
#[utoipa::path(tag = "staff-auth", responses(
    (status = 200, description = "New access token; refresh cookie rotated", body = TokenResponse),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[post("/auth/refresh")]
async fn refresh(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = STAFF_COOKIE.read(&req).unwrap_or_default();
    STAFF_COOKIE.refreshed(&state, sessions::refresh::<StaffSessions>(&state, &meta, &presented).await)
}

/// Sign out: revokes the session of the refresh cookie and clears it. Always succeeds.
#[utoipa::path(tag = "staff-auth", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(presented) = STAFF_COOKIE.read(&req) {
        sessions::logout::<StaffSessions>(&state, &meta, &presented).await?;
    }
    Ok(HttpResponse::NoContent().cookie(STAFF_COOKIE.cleared(&state)).finish())
}

/// The signed-in staff user, their roles and their practice's branding.
#[utoipa::path(tag = "staff-auth", security(("staff_token" = [])), responses(
    (status = 200, body = StaffMe),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/me")]
async fn me(state: web::Data<AppState>, staff: Staff) -> ApiResult<web::Json<StaffMe>> {
    Ok(web::Json(auth::me(&state, &staff.principal).await?))
}

/// Change your own password; every other session is signed out.
#[utoipa::path(tag = "staff-auth", security(("staff_token" = [])), request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Password changed; other sessions revoked"),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/me/password")]
async fn change_password(
    state: web::Data<AppState>,
    staff: Staff,
    body: ApiJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    auth::change_password(&state, &staff.actor(), &staff.principal, &body.current_password, &body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Staff users of your practice.
#[utoipa::path(tag = "staff-users", security(("staff_token" = [])), params(PageQuery), responses(
    (status = 200, body = Page<StaffUser>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/users")]
async fn list_users(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    q: ApiQuery<PageQuery>,
) -> ApiResult<web::Json<Page<StaffUser>>> {
    Ok(web::Json(users::list(&state, staff.practice_id(), q.0.cursor.as_deref(), q.0.limit).await?))
}

/// Add a staff user to your practice.
#[utoipa::path(tag = "staff-users", security(("staff_token" = [])), request_body = CreateStaffUser, responses(
    (status = 201, body = StaffUser),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/users")]
async fn create_user(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    body: ApiJson<CreateStaffUser>,
) -> ApiResult<HttpResponse> {
    let user = users::create(&state, &staff.actor(), staff.practice_id(), body.0).await?;
    Ok(HttpResponse::Created().json(user))
}

/// One staff user of your practice.
#[utoipa::path(tag = "staff-users", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = StaffUser),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/users/{id}")]
async fn get_user(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<StaffUser>> {
    Ok(web::Json(users::get(&state, staff.practice_id(), id.into_inner()).await?))
}

/// Change a staff user's name, roles or status, or set a new password (which unlocks the
/// account and signs it out everywhere).
#[utoipa::path(tag = "staff-users", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = UpdateStaffUser, responses(
    (status = 200, body = StaffUser),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[patch("/users/{id}")]
async fn update_user(
    state: web::Data<AppState>,
    staff: Staff<AdminOnly>,
    id: web::Path<Uuid>,
    body: ApiJson<UpdateStaffUser>,
) -> ApiResult<web::Json<StaffUser>> {
    Ok(web::Json(users::update(&state, &staff.actor(), &staff.principal, id.into_inner(), body.0).await?))
}
