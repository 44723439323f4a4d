//! Thin handlers for `/api/v1/portal/auth/…`.
use actix_web::{HttpRequest, HttpResponse, post, web};
use portico_types::auth::{ChangePasswordRequest, TokenResponse};
use portico_types::portal::{
    IdentifyRequest, IdentifyResponse, PasswordResetConfirm, PasswordResetRequest, PortalLoginRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::PortalSessions;
use super::auth;
use crate::error::ApiResult;
use crate::platform::http::ApiJson;
use crate::platform::portal::Portal;
use crate::platform::request::RequestMeta;
use crate::platform::sessions::{self, PORTAL_COOKIE};
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(identify)
        .service(login)
        .service(refresh)
        .service(logout)
        .service(request_reset)
        .service(confirm_reset)
        .service(change_password);
}

/// Sign-in step one: the practice and the email. The answer never says whether an account exists.
#[utoipa::path(tag = "portal-auth", request_body = IdentifyRequest, responses(
    (status = 200, body = IdentifyResponse),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/auth/identify")]
async fn identify(
    state: web::Data<AppState>,
    body: ApiJson<IdentifyRequest>,
) -> ApiResult<web::Json<IdentifyResponse>> {
    Ok(web::Json(auth::identify(&state, &body.0.practice, &body.0.email).await?))
}

/// Sign in with email and password; sets the portal refresh cookie.
///
/// One generic 401 for every failure; repeated failures slow down (429 with `Retry-After`) and
/// 100 in a row lock the account until a password reset.
#[utoipa::path(tag = "portal-auth", request_body = PortalLoginRequest, responses(
    (status = 200, description = "Signed in; refresh cookie set", body = TokenResponse),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<PortalLoginRequest>,
) -> ApiResult<HttpResponse> {
    let b = body.0;
    let issued = auth::login(&state, &meta, &b.practice, &b.email, &b.password, b.remember_me).await?;
    Ok(PORTAL_COOKIE.signed_in(&state, &issued))
}

/// Exchange the portal refresh cookie for a new access token (the cookie is rotated; a reused
/// cookie ends its session).
#[utoipa::path(tag = "portal-auth", responses(
    (status = 200, description = "New access token; refresh cookie rotated", body = TokenResponse),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[post("/auth/refresh")]
async fn refresh(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = PORTAL_COOKIE.read(&req).unwrap_or_default();
    PORTAL_COOKIE.refreshed(&state, sessions::refresh::<PortalSessions>(&state, &meta, &presented).await)
}

/// Sign out: ends the session of the refresh cookie and clears it. Always succeeds.
#[utoipa::path(tag = "portal-auth", responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(presented) = PORTAL_COOKIE.read(&req) {
        sessions::logout::<PortalSessions>(&state, &meta, &presented).await?;
    }
    Ok(HttpResponse::NoContent().cookie(PORTAL_COOKIE.cleared(&state)).finish())
}

/// Email a password-reset link (single use, one hour). Always 202, whether or not the account exists.
#[utoipa::path(tag = "portal-auth", request_body = PasswordResetRequest, responses(
    (status = 202, description = "If the account exists, a link was emailed"),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/auth/password-reset")]
async fn request_reset(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    auth::request_reset(&state, &meta, &body.0.practice, &body.0.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Choose a new password with the token from the reset link. Unlocks the account and signs it
/// out everywhere.
#[utoipa::path(tag = "portal-auth", request_body = PasswordResetConfirm, responses(
    (status = 204, description = "Password changed; sign in with it"),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/auth/password-reset/confirm")]
async fn confirm_reset(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    auth::confirm_reset(&state, &meta, &body.0.token, &body.0.password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change the signed-in account's password (current one required); every other session ends.
#[utoipa::path(tag = "portal-auth", security(("portal_token" = [])), request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Password changed"),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/account/password")]
async fn change_password(
    state: web::Data<AppState>,
    caller: Portal,
    body: ApiJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    auth::change_password(&state, &caller, &body.0.current_password, &body.0.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}
