//! Thin handlers for `/api/v1/staff/auth`, `/staff/me` and `/staff/users`.
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use portico_types::Page;
use portico_types::auth::{ChangePasswordRequest, LoginRequest, StaffMe, TokenResponse};
use portico_types::staff::{CreateStaffUser, StaffUser, UpdateStaffUser};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::StaffSessions;
use super::{auth, users};
use crate::error::ApiResult;
use crate::platform::auth::{AdminOnly, Staff};
use crate::platform::http::{ApiJson, ApiQuery};
use crate::platform::pagination::PageQuery;
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
/// Public, no token. Returns a 15-minute staff access token and sets the refresh token as an `HttpOnly`
/// cookie for `/api/v1/staff/auth`: the session lasts 12 hours and lapses after 30 idle minutes.
///
/// An email is unique within a practice; someone on the staff of two practices also sends `practice`, its
/// code (without it their email fails like a wrong password).
///
/// A wrong email or password, or an inactive or locked account, gives one generic 401; repeated failures slow
/// down (429 with `Retry-After`) and 100 in a row lock the account until an administrator sets a new
/// password. Successful and failed sign-ins are audited.
#[utoipa::path(operation_id = "staff_login",
    tag = "staff-auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in; refresh cookie set", body = TokenResponse, headers(("Set-Cookie" = String, description = "The staff refresh cookie (`portico_staff_refresh`, HttpOnly, SameSite=Strict)"))),
    (status = 400, response = crate::openapi::BadRequest),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
    (status = 503, response = crate::openapi::Busy),
))]
#[post("/auth/login")]
async fn login(state: web::Data<AppState>, meta: RequestMeta, body: ApiJson<LoginRequest>) -> ApiResult<HttpResponse> {
    let issued = auth::login(&state, &meta, &body.0).await?;
    Ok(STAFF_COOKIE.signed_in(&state, &issued))
}

/// Exchange the refresh cookie for a new access token (the cookie is rotated).
///
/// No bearer token: the browser sends the `portico_staff_refresh` cookie set at sign-in. Presenting a refresh
/// token that was already used revokes its whole session (audited). 401, with the cookie cleared, when the
/// cookie is missing, expired or revoked, or the user was deactivated or locked meanwhile.
#[utoipa::path(operation_id = "staff_refresh",
    tag = "staff-auth", security(("staff_refresh_cookie" = [])), responses(
    (status = 200, description = "New access token; refresh cookie rotated", body = TokenResponse, headers(("Set-Cookie" = String, description = "The staff refresh cookie (`portico_staff_refresh`, HttpOnly, SameSite=Strict)"))),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[post("/auth/refresh")]
async fn refresh(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = STAFF_COOKIE.read(&req).unwrap_or_default();
    STAFF_COOKIE.refreshed(&state, sessions::refresh::<StaffSessions>(&state, &meta, &presented).await)
}

/// Sign out: revoke the session of the refresh cookie and clear it.
///
/// No bearer token: uses the `portico_staff_refresh` cookie. Revokes that cookie's session (audited), so
/// access tokens issued for it are refused from the next request. Always 204, with or without a valid cookie.
#[utoipa::path(operation_id = "staff_logout",
    tag = "staff-auth", security((), ("staff_refresh_cookie" = [])), responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(presented) = STAFF_COOKIE.read(&req) {
        sessions::logout::<StaffSessions>(&state, &meta, &presented).await?;
    }
    Ok(HttpResponse::NoContent().cookie(STAFF_COOKIE.cleared(&state)).finish())
}

/// The signed-in staff user, their roles and their practice's branding.
///
/// Any signed-in staff user. Returns the user's id, email, name and roles (which decide the endpoints they
/// may use) and the practice's branding. 401 when the token is missing, expired or its session was revoked.
#[utoipa::path(operation_id = "get_staff_me",
    tag = "staff-auth", security(("staff_token" = [])), responses(
    (status = 200, body = StaffMe),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[get("/me")]
async fn me(state: web::Data<AppState>, staff: Staff) -> ApiResult<web::Json<StaffMe>> {
    Ok(web::Json(auth::me(&state, &staff.principal).await?))
}

/// Change your own password; every other session is signed out.
///
/// Any signed-in staff user. `current_password` is checked and throttled like a sign-in (repeated wrong ones
/// slow down, 429 with `Retry-After`); `new_password` must be 12–128 characters, not common, not built on the
/// email and different from the current one (422 names the field at fault). The current session stays signed
/// in; the change is audited.
#[utoipa::path(operation_id = "change_staff_password",
    tag = "staff-auth", security(("staff_token" = [])), request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Password changed; other sessions revoked"),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
    (status = 503, response = crate::openapi::Busy),
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

/// Staff users of your practice.
///
/// Administrators only (403 for other staff roles). Each user with roles, `active`, `locked` and last
/// sign-in, in the order they were created. Pages of `limit` 1–100 (default 25); pass `next_cursor` as
/// `cursor` for the next page.
#[utoipa::path(operation_id = "list_staff_users",
    tag = "staff-users", security(("staff_token" = [])), params(PageQuery), responses(
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
///
/// Administrators only (403 for other staff roles). Needs an email, a name, at least one role and an initial
/// password that passes the password policy (422 names each field at fault). Staff emails are unique across
/// the deployment: 409 when the email is already in use. The user starts active; the creation is audited.
#[utoipa::path(operation_id = "create_staff_user",
    tag = "staff-users", security(("staff_token" = [])), request_body = CreateStaffUser, responses(
    (status = 201, body = StaffUser),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 409, response = crate::openapi::Conflict),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::Busy),
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
///
/// Administrators only (403 for other staff roles). 404 when the user is not in the caller's practice.
#[utoipa::path(operation_id = "get_staff_user",
    tag = "staff-users", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
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

/// Change a staff user's name, roles or status, or set a new password.
///
/// Administrators only (403 for other staff roles). Fields left out stay as they are, and role changes apply
/// from the user's next request. A new `password` unlocks the account, clears its sign-in slow-down and signs
/// it out everywhere, as does `active: false`. Administrators cannot remove their own admin role or
/// deactivate themselves (422); the change is audited, and 404 when the user is not in the caller's practice.
#[utoipa::path(operation_id = "update_staff_user",
    tag = "staff-users", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = UpdateStaffUser, responses(
    (status = 200, body = StaffUser),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::Busy),
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
