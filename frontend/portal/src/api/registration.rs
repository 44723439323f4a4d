//! Registration from an invitation link (REG-1…5). After `start`, every call carries the
//! registration token — not a portal access token: it opens these endpoints only (REG-5).
use portico_types::auth::TokenResponse;
use portico_types::registration::{
    CompleteRegistrationRequest, CreateAccountRequest, RegistrationSignInRequest, RegistrationStarted,
    RegistrationStatus, SendPhoneCodeRequest, StartRegistration, VerifyCodeRequest,
};

use super::{ApiResult, Call, Client, send_with_token};

const REGISTRATION: &str = "/api/v1/registration";

/// Opens the invitation link: `token` is the `#t=…` of `/register`.
pub async fn start(client: Client, token: String) -> ApiResult<RegistrationStarted> {
    client.send_anonymous(Call::post(REGISTRATION).json(&StartRegistration { token })).await?.json()
}

pub async fn status(token: String) -> ApiResult<RegistrationStatus> {
    send_with_token(Call::get(REGISTRATION), &token).await?.json()
}

pub async fn create_account(token: String, request: CreateAccountRequest) -> ApiResult<RegistrationStatus> {
    send_with_token(Call::post(format!("{REGISTRATION}/account")).json(&request), &token).await?.json()
}

pub async fn verify_email(token: String, code: String) -> ApiResult<RegistrationStatus> {
    let call = Call::post(format!("{REGISTRATION}/email/verify")).json(&VerifyCodeRequest { code });
    send_with_token(call, &token).await?.json()
}

pub async fn resend_email(token: String) -> ApiResult<RegistrationStatus> {
    send_with_token(Call::post(format!("{REGISTRATION}/email/resend")), &token).await?.json()
}

pub async fn send_phone_code(token: String, phone: Option<String>) -> ApiResult<RegistrationStatus> {
    let call = Call::post(format!("{REGISTRATION}/phone/send")).json(&SendPhoneCodeRequest { phone });
    send_with_token(call, &token).await?.json()
}

pub async fn verify_phone(token: String, code: String) -> ApiResult<RegistrationStatus> {
    let call = Call::post(format!("{REGISTRATION}/phone/verify")).json(&VerifyCodeRequest { code });
    send_with_token(call, &token).await?.json()
}

/// Step 4: the portal account's first access token (and its refresh cookie).
pub async fn complete(token: String) -> ApiResult<TokenResponse> {
    let call = Call::post(format!("{REGISTRATION}/complete")).json(&CompleteRegistrationRequest { accept_terms: true });
    send_with_token(call, &token).await?.json()
}

/// For an invitee whose email already has an account: their password adds the patient to it.
pub async fn sign_in(token: String, password: String) -> ApiResult<TokenResponse> {
    let call = Call::post(format!("{REGISTRATION}/sign-in")).json(&RegistrationSignInRequest { password });
    send_with_token(call, &token).await?.json()
}
