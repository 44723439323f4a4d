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

/// Start or resume registration with the token from an invitation link.
///
/// Public, no token: send the `t` of the link (`/register#t=…`) as `token`. Answers with a registration token
/// (for the calls below, and nothing else; it lasts an hour, and opening the link again gives a new one) and
/// the first incomplete step, so any link of the invitation resumes where the invitee left off.
///
/// A link that is unknown (404), expired or revoked (410) or already used to register (409, with
/// `sign_in_path`) blocks registration. Each start is audited.
#[utoipa::path(operation_id = "start_registration",
    tag = "registration", request_body = StartRegistration, responses(
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
///
/// Registration token. Returns the current step, the practice's branding, the invitee's and patient's first
/// names, masked contact details and when another code may be sent (`resend_in_seconds`). 401 when the
/// registration token has expired; 409 once the invitation was accepted, 410 once it expired or was revoked.
#[utoipa::path(operation_id = "get_registration",
    tag = "registration", security(("registration_token" = [])), responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
))]
#[get("")]
async fn current(state: web::Data<AppState>, who: Registrant) -> Status {
    Ok(web::Json(service::current(&state, &who).await?))
}

/// Step 1: create the account by choosing a password.
///
/// Registration token, at the `create_account` step (409 otherwise). The password must be 12–128 characters,
/// not common and not built on the email. The email comes from the invitation; `email` is needed only for
/// SMS-only invitations.
///
/// Emails a 6-digit code to the address for step 2, and answers alike whether or not that address already has
/// a portal account here (if it does, the step after the code is `sign_in`). Audited.
#[utoipa::path(operation_id = "create_registration_account",
    tag = "registration", security(("registration_token" = [])), request_body = CreateAccountRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 503, response = crate::openapi::Busy),
))]
#[post("/account")]
async fn create_account(state: web::Data<AppState>, who: Registrant, body: ApiJson<CreateAccountRequest>) -> Status {
    let b = body.0;
    Ok(web::Json(service::create_account(&state, &who, &b.password, b.email.as_deref()).await?))
}

/// Step 2: send a new email code (30 s apart).
///
/// Registration token, at the `verify_email` step (409 otherwise). Emails a new 6-digit code to the account's
/// address; only the newest code is accepted. 429 with `Retry-After` within 30 seconds of the last code, and
/// after 5 codes in an hour (the `detail` says why and how long). Audited.
#[utoipa::path(operation_id = "resend_registration_email_code",
    tag = "registration", security(("registration_token" = [])), responses(
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
///
/// Registration token, at the `verify_email` step (409 otherwise). Checks the newest code sent; spaces and
/// dashes are ignored. A wrong code is 422 with the tries left and counts against the code (audited); an
/// expired, used or exhausted code is 422 too, and a new one must be sent. After 10 wrong tries in an hour the
/// answer is 429 with `Retry-After`, whatever the code. On success the step moves to `verify_phone`, or to
/// `sign_in` when the address already has a portal account.
#[utoipa::path(operation_id = "verify_registration_email",
    tag = "registration", security(("registration_token" = [])), request_body = VerifyCodeRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/email/verify")]
async fn verify_email(state: web::Data<AppState>, who: Registrant, body: ApiJson<VerifyCodeRequest>) -> Status {
    Ok(web::Json(service::verify(&state, &who, Channel::Email, &body.0.code).await?))
}

/// Step 3: text a code to the phone on file, or to `phone` (30 s apart).
///
/// Registration token, at the `verify_phone` step (409 otherwise). `phone` (any common format) overrides the
/// number on file and becomes the account's phone once confirmed; 422 when it is malformed or there is no
/// number at all. 429 with `Retry-After` within 30 seconds of the last code, after 5 codes in an hour, and for
/// a fourth different number in a day (no SMS pumping). Audited.
#[utoipa::path(operation_id = "send_registration_phone_code",
    tag = "registration", security(("registration_token" = [])), request_body = SendPhoneCodeRequest, responses(
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
///
/// Registration token, at the `verify_phone` step (409 otherwise). The rules of the email code apply: only
/// the newest code counts, it lasts 10 minutes and allows 5 tries, a wrong, expired or used code is 422, and
/// 10 wrong tries in an hour mean 429 with `Retry-After`. On success the step moves to `complete`.
#[utoipa::path(operation_id = "verify_registration_phone",
    tag = "registration", security(("registration_token" = [])), request_body = VerifyCodeRequest, responses(
    (status = 200, body = RegistrationStatus),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
))]
#[post("/phone/verify")]
async fn verify_phone(state: web::Data<AppState>, who: Registrant, body: ApiJson<VerifyCodeRequest>) -> Status {
    Ok(web::Json(service::verify(&state, &who, Channel::Sms, &body.0.code).await?))
}

/// Step 4: accept the terms; registration completes and the account is signed in.
///
/// Registration token, at the `complete` step (409 otherwise, also when another invitation finished
/// registering the same account meanwhile: sign in instead); `accept_terms` must be true (422). The account
/// gets the chosen password and the verified email and phone, and the invitation becomes a grant for the
/// patient. Answers like a portal sign-in: a portal access token, with the refresh cookie set for a 12-hour
/// session. Audited; the invitation's links then answer 409.
#[utoipa::path(operation_id = "complete_registration",
    tag = "registration", security(("registration_token" = [])), request_body = CompleteRegistrationRequest, responses(
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

/// Sign in with an existing portal account to add this patient to it.
///
/// Registration token, at the `sign_in` step: the invitation's email, or the address confirmed at step 2,
/// already has a registered account at this practice (409 otherwise). The account's password adds the
/// invitation's grant to it and signs it in (portal access token and refresh cookie). Throttled and counted
/// like a portal sign-in: one generic 401 for a wrong password or a locked account, 429 with `Retry-After`
/// after repeated failures. Audited.
#[utoipa::path(operation_id = "registration_sign_in",
    tag = "registration", security(("registration_token" = [])), request_body = RegistrationSignInRequest, responses(
    (status = 200, description = "Patient added; signed in", body = TokenResponse),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 409, response = crate::openapi::Conflict),
    (status = 410, response = crate::openapi::Gone),
    (status = 422, response = crate::openapi::Unprocessable),
    (status = 429, response = crate::openapi::TooManyRequests),
    (status = 503, response = crate::openapi::Busy),
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
