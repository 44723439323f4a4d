//! The patient portal: sign-in (AUTH-1), password reset (AUTH-4), the account and its patients.
use portico_types::auth::{ChangePasswordRequest, TokenResponse};
use portico_types::portal::{
    IdentifyRequest, IdentifyResponse, PasswordResetConfirm, PasswordResetRequest, PortalHome, PortalLoginRequest,
    PortalMe, PortalProfile,
};
use portico_types::practice::PracticeBranding;
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

const AUTH: &str = "/api/v1/portal/auth";

/// A practice's public branding by its code (slug); 404 for a code no practice has.
pub async fn branding(client: Client, practice: &str) -> ApiResult<PracticeBranding> {
    client.send_anonymous(Call::get(format!("/api/v1/public/practices/{}", encode(practice)))).await?.json()
}

/// Sign-in step one: the same answer whether or not the account exists.
pub async fn identify(client: Client, request: IdentifyRequest) -> ApiResult<IdentifyResponse> {
    client.send_anonymous(Call::post(format!("{AUTH}/identify")).json(&request)).await?.json()
}

pub async fn login(client: Client, request: PortalLoginRequest) -> ApiResult<()> {
    let reply = client.send_anonymous(Call::post(format!("{AUTH}/login")).json(&request)).await?;
    client.set_token(reply.json::<TokenResponse>()?);
    Ok(())
}

/// Ends the session on the server and forgets the token here, whatever the server answers.
pub async fn logout(client: Client) {
    let _ = client.send(Call::post(format!("{AUTH}/logout"))).await;
    client.forget_token();
}

/// Always 202 (the answer never says whether the account exists).
pub async fn request_password_reset(client: Client, request: PasswordResetRequest) -> ApiResult<()> {
    client.send_anonymous(Call::post(format!("{AUTH}/password-reset")).json(&request)).await.map(drop)
}

pub async fn confirm_password_reset(client: Client, request: PasswordResetConfirm) -> ApiResult<()> {
    client.send_anonymous(Call::post(format!("{AUTH}/password-reset/confirm")).json(&request)).await.map(drop)
}

pub async fn me(client: Client) -> ApiResult<PortalMe> {
    client.send(Call::get("/api/v1/portal/me")).await?.json()
}

pub async fn home(client: Client, patient: Uuid) -> ApiResult<PortalHome> {
    client.send(Call::get(format!("/api/v1/portal/patients/{patient}/home"))).await?.json()
}

pub async fn my_information(client: Client, patient: Uuid) -> ApiResult<PortalProfile> {
    client.send(Call::get(format!("/api/v1/portal/patients/{patient}/my-information"))).await?.json()
}

/// Changes the signed-in account's password (the current one is required); the server ends the
/// account's other sessions and keeps this one.
pub async fn change_password(client: Client, request: ChangePasswordRequest) -> ApiResult<()> {
    client.send(Call::post("/api/v1/portal/account/password").json(&request)).await.map(drop)
}
