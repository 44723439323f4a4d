//! Thin handlers for `/api/v1/portal/auth/…`, and for staff ending portal access.
use actix_web::{HttpRequest, HttpResponse, post, web};
use portico_types::auth::{ChangePasswordRequest, TokenResponse};
use portico_types::portal::{
    IdentifyRequest, IdentifyResponse, PasswordResetConfirm, PasswordResetRequest, PortalLoginRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::PortalSessions;
use super::{access, auth};
use crate::error::ApiResult;
use crate::platform::auth::{Inviters, Staff};
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

/// Sign-in step one: the practice and the email.
///
/// Public, no token. Checks that `practice` (a practice slug) exists and `email` is well formed, and answers
/// with the practice's branding and the next step (`password`). The answer is the same whether or not an
/// account exists, so it cannot be used to discover accounts. 404 when no practice has this slug; 422 when a
/// field is missing or the email is malformed.
#[utoipa::path(operation_id = "identify_portal_account",
    tag = "portal-auth", request_body = IdentifyRequest, responses(
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
/// Public, no token; `practice` is the practice's slug (404 if unknown). Returns a 15-minute portal access
/// token and sets the refresh token as an `HttpOnly` cookie for `/api/v1/portal/auth`: the session lasts 12
/// hours and lapses after 30 idle minutes, or lasts 30 days with `remember_me`.
///
/// One generic 401 for every failure (unknown email, wrong password, unregistered or locked account);
/// repeated failures slow down (429 with `Retry-After`) and 100 in a row lock the account until a password
/// reset. Successful and failed sign-ins are audited.
#[utoipa::path(operation_id = "portal_login",
    tag = "portal-auth", request_body = PortalLoginRequest, responses(
    (status = 200, description = "Signed in; refresh cookie set", body = TokenResponse, headers(("Set-Cookie" = String, description = "The portal refresh cookie (`portico_portal_refresh`, HttpOnly, SameSite=Strict)"))),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
    (status = 503, response = crate::openapi::Busy),
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

/// Exchange the portal refresh cookie for a new access token.
///
/// No bearer token: the browser sends the `portico_portal_refresh` cookie set at sign-in, and gets a new
/// access token and a rotated cookie. Presenting a refresh token that was already used revokes its whole
/// session (audited). 401, with the cookie cleared, when the cookie is missing, expired or revoked, or the
/// account was locked meanwhile.
#[utoipa::path(operation_id = "portal_refresh",
    tag = "portal-auth", security(("portal_refresh_cookie" = [])), responses(
    (status = 200, description = "New access token; refresh cookie rotated", body = TokenResponse, headers(("Set-Cookie" = String, description = "The portal refresh cookie (`portico_portal_refresh`, HttpOnly, SameSite=Strict)"))),
    (status = 401, response = crate::openapi::Unauthorized),
))]
#[post("/auth/refresh")]
async fn refresh(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = PORTAL_COOKIE.read(&req).unwrap_or_default();
    PORTAL_COOKIE.refreshed(&state, sessions::refresh::<PortalSessions>(&state, &meta, &presented).await)
}

/// Sign out: end the session of the refresh cookie and clear it.
///
/// No bearer token: uses the `portico_portal_refresh` cookie. Revokes that cookie's session (audited), so
/// access tokens issued for it are refused from the next request. Always 204, with or without a valid cookie.
#[utoipa::path(operation_id = "portal_logout",
    tag = "portal-auth", security((), ("portal_refresh_cookie" = [])), responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(state: web::Data<AppState>, meta: RequestMeta, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(presented) = PORTAL_COOKIE.read(&req) {
        sessions::logout::<PortalSessions>(&state, &meta, &presented).await?;
    }
    Ok(HttpResponse::NoContent().cookie(PORTAL_COOKIE.cleared(&state)).finish())
}

/// Email a password-reset link (single use, valid for one hour).
///
/// Public, no token; `practice` is the practice's slug (404 if unknown) and `email` must be well formed
/// (422). If a registered account of that practice has this email, a reset link is emailed and the request is
/// audited; at most one email per account per minute. Otherwise nothing happens, and the answer is 202 either
/// way, so it never says whether the account exists.
#[utoipa::path(operation_id = "request_portal_password_reset",
    tag = "portal-auth", request_body = PasswordResetRequest, responses(
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

/// Choose a new password with the token from the reset link.
///
/// Public, no token. The new `password` must be 12–128 characters, not common and not built on the email.
/// Success spends every reset link of the account, unlocks it, clears its sign-in slow-down and signs it out
/// everywhere (audited). 422 on `token` when the link is unknown, expired or already used, and on `password`
/// when it fails the policy.
#[utoipa::path(operation_id = "confirm_portal_password_reset",
    tag = "portal-auth", request_body = PasswordResetConfirm, responses(
    (status = 204, description = "Password changed; sign in with it"),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::Busy),
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

/// Change the signed-in account's password (the current one is required).
///
/// Portal access token. `current_password` is checked and throttled like a sign-in (repeated wrong ones slow
/// down, 429 with `Retry-After`); `new_password` must pass the password policy and differ from the current
/// one (422 names the field at fault). Every other session of the account is signed out, this one stays; the
/// change is audited.
#[utoipa::path(operation_id = "change_portal_password",
    tag = "portal-auth", security(("portal_token" = [])), request_body = ChangePasswordRequest, responses(
    (status = 204, description = "Password changed"),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
    (status = 503, response = crate::openapi::Busy),
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

/// `/api/v1/staff/portal-grants/…` and `/api/v1/staff/portal-accounts/…`: staff ending portal access.
pub fn staff_routes(cfg: &mut ServiceConfig) {
    cfg.service(revoke_grant).service(lock_account).service(unlock_account);
}

/// End one portal account's access to one patient.
///
/// Staff who invite (administrators, front desk and billing; 403 otherwise). The grant is the `grant_id` of
/// a patient in a Portal Directory entry. The account stops seeing the patient at once, even with an access
/// token it already holds; if it sees no other patient it is signed out everywhere. Audited. The person can
/// be invited again. 404 when the grant is not a live one of the caller's practice.
#[utoipa::path(operation_id = "revoke_portal_grant",
    tag = "portal-access", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Access ended"),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[post("/portal-grants/{id}/revoke")]
async fn revoke_grant(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    access::revoke_grant(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Lock a portal account: it cannot sign in, and its sessions end now.
///
/// Staff who invite (administrators, front desk and billing; 403 otherwise). For a lost phone, a suspected
/// takeover or a person who should no longer have access. Unlike a lock after failed sign-ins, a password
/// reset does not lift it: only `unlock` does. Audited. 404 when the account is not a registered account of
/// the caller's practice.
#[utoipa::path(operation_id = "lock_portal_account",
    tag = "portal-access", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Locked; every session ended"),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[post("/portal-accounts/{id}/lock")]
async fn lock_account(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    access::lock(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Unlock a portal account, whoever locked it.
///
/// Staff who invite (administrators, front desk and billing; 403 otherwise). Lifts a lock set by staff or
/// after repeated failed sign-ins, and forgets those failures. Audited. 404 when the account is not a
/// registered account of the caller's practice.
#[utoipa::path(operation_id = "unlock_portal_account",
    tag = "portal-access", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Unlocked"),
    (status = 403, response = crate::openapi::Forbidden),
))]
#[post("/portal-accounts/{id}/unlock")]
async fn unlock_account(
    state: web::Data<AppState>,
    staff: Staff<Inviters>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    access::unlock(&state, &staff.actor(), staff.practice_id(), id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
