//! Thin handlers for `/api/v1/registration…`. After `POST /registration`, every call carries the
//! registration token as `Authorization: Bearer …` and answers with the registration's status.
use actix_web::{HttpResponse, get, post, web};
use portico_types::auth::TokenResponse;
use portico_types::deliveries::Channel;
use portico_types::registration::{
    CompleteRegistrationRequest, CreateAccountRequest, RegistrationSignInRequest, RegistrationStarted,
    RegistrationStatus, SendPhoneCodeRequest, StartRegistration, VerifyCodeRequest,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{Registrant, service};
use crate::error::ApiResult;
use crate::platform::http::ApiJson;
use crate::platform::request::RequestMeta;
use crate::platform::sessions::PORTAL_COOKIE;
use crate::state::AppState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(start)
        .service(current)
        .service(create_account)
        .service(resend_email)
        .service(verify_email)
        .service(send_phone)
        .service(verify_phone)
        .service(complete)
        .service(sign_in);
}

type Status = ApiResult<web::Json<RegistrationStatus>>;

/// Start or resume registration with the token from the invitation link (`/register#t=…`).
///
/// Answers with a registration token (for the calls below, and nothing else) and the first
/// incomplete step. A link that is unknown (404), expired or revoked (410) or already used to
/// register (409, with `sign_in_path`) blocks registration.
#[utoipa::path(tag = "registration", request_body = StartRegistration, responses(
    (status = 200, body = RegistrationStarted),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
))]
#[post("")]
async fn start(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ApiJson<StartRegistration>,
) -> ApiResult<web::Json<RegistrationStarted>> {
    Ok(web::Json(service::start(&state, &meta, &body.0.token).await?))
}

/// Where this registration stands.
#[utoipa::path(tag = "registration", security(("registration_token" = [])), responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
))]
#[get("")]
async fn current(state: web::Data<AppState>, who: Registrant) -> Status {
    Ok(web::Json(service::current(&state, &who).await?))
}

/// Step 1: choose a password (12–128 characters, not common, not built on the email). The
/// email comes from the invitation (`email` only for SMS-only invitations). Emails a code.
#[utoipa::path(tag = "registration", security(("registration_token" = [])), request_body = CreateAccountRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/account")]
async fn create_account(state: web::Data<AppState>, who: Registrant, body: ApiJson<CreateAccountRequest>) -> Status {
    let b = body.0;
    Ok(web::Json(service::create_account(&state, &who, &b.password, b.email.as_deref()).await?))
}

/// Step 2: send a new email code (30 s apart).
#[utoipa::path(tag = "registration", security(("registration_token" = [])), responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/email/resend")]
async fn resend_email(state: web::Data<AppState>, who: Registrant) -> Status {
    Ok(web::Json(service::resend_email(&state, &who).await?))
}

/// Step 2: confirm the email with its 6-digit code (10 minutes, 5 tries).
#[utoipa::path(tag = "registration", security(("registration_token" = [])), request_body = VerifyCodeRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/email/verify")]
async fn verify_email(state: web::Data<AppState>, who: Registrant, body: ApiJson<VerifyCodeRequest>) -> Status {
    Ok(web::Json(service::verify(&state, &who, Channel::Email, &body.0.code).await?))
}

/// Step 3: text a code to the phone on file, or to `phone` (30 s apart).
#[utoipa::path(tag = "registration", security(("registration_token" = [])), request_body = SendPhoneCodeRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/phone/send")]
async fn send_phone(state: web::Data<AppState>, who: Registrant, body: ApiJson<SendPhoneCodeRequest>) -> Status {
    Ok(web::Json(service::send_phone_code(&state, &who, body.0.phone.as_deref()).await?))
}

/// Step 3: confirm the phone with its 6-digit code.
#[utoipa::path(tag = "registration", security(("registration_token" = [])), request_body = VerifyCodeRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/phone/verify")]
async fn verify_phone(state: web::Data<AppState>, who: Registrant, body: ApiJson<VerifyCodeRequest>) -> Status {
    Ok(web::Json(service::verify(&state, &who, Channel::Sms, &body.0.code).await?))
}

/// Step 4: accept the terms. Registration completes and the account is signed in (portal
/// access token, refresh cookie).
#[utoipa::path(tag = "registration", security(("registration_token" = [])), request_body = CompleteRegistrationRequest, responses(
    (status = 200, description = "Registered and signed in", body = TokenResponse),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/complete")]
async fn complete(
    state: web::Data<AppState>,
    who: Registrant,
    body: ApiJson<CompleteRegistrationRequest>,
) -> ApiResult<HttpResponse> {
    let issued = service::complete(&state, &who, body.0.accept_terms).await?;
    Ok(PORTAL_COOKIE.signed_in(&state, &issued))
}

/// For an invitee whose email already has a portal account: sign in to add this patient to it.
#[utoipa::path(tag = "registration", security(("registration_token" = [])), request_body = RegistrationSignInRequest, responses(
    (status = 200, description = "Patient added; signed in", body = TokenResponse),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/sign-in")]
async fn sign_in(
    state: web::Data<AppState>,
    who: Registrant,
    body: ApiJson<RegistrationSignInRequest>,
) -> ApiResult<HttpResponse> {
    let issued = service::sign_in(&state, &who, &body.0.password).await?;
    Ok(PORTAL_COOKIE.signed_in(&state, &issued))
}
