//! Staff sign-in, the signed-in user, and the practice's staff users.
use portico_types::Page;
use portico_types::audit::AuditEvent;
use portico_types::auth::{ChangePasswordRequest, LoginRequest, StaffMe, TokenResponse};
use portico_types::deliveries::{Delivery, FiledMessage};
use portico_types::staff::{CreateStaffUser, StaffUser, UpdateStaffUser};
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

pub async fn login(client: Client, request: LoginRequest) -> ApiResult<()> {
    let reply = client.send_anonymous(Call::post("/api/v1/staff/auth/login").json(&request)).await?;
    client.set_token(reply.json::<TokenResponse>()?);
    Ok(())
}

/// Ends the session on the server (revokes the refresh cookie) and forgets the access token,
/// whatever the server answers: signing out must always work locally.
pub async fn logout(client: Client) {
    let _ = client.send(Call::post("/api/v1/staff/auth/logout")).await;
    client.forget_token();
}

pub async fn me(client: Client) -> ApiResult<StaffMe> {
    client.send(Call::get("/api/v1/staff/me")).await?.json()
}

/// Changes the signed-in user's password; the server signs out their other sessions.
pub async fn change_password(client: Client, input: ChangePasswordRequest) -> ApiResult<()> {
    client.send(Call::post("/api/v1/staff/me/password").json(&input)).await.map(drop)
}

const USERS: &str = "/api/v1/staff/users";

/// The practice's staff (admins only); one page of up to 100 is every practice we know of.
pub async fn users(client: Client) -> ApiResult<Page<StaffUser>> {
    client.send(Call::get(format!("{USERS}?limit=100"))).await?.json()
}

pub async fn create_user(client: Client, input: CreateStaffUser) -> ApiResult<StaffUser> {
    client.send(Call::post(USERS).json(&input)).await?.json()
}

/// Changes only the fields that are `Some`; a password also unlocks the account and signs that
/// user out everywhere.
pub async fn update_user(client: Client, id: Uuid, input: UpdateStaffUser) -> ApiResult<StaffUser> {
    client.send(Call::patch(format!("{USERS}/{id}")).json(&input)).await?.json()
}

/// Filters for the audit log, as query-string pairs the API understands (`patient_id`,
/// `actor_id`, `from`, `to`) plus the paging cursor.
pub async fn audit_events(client: Client, filters: Vec<(&'static str, String)>) -> ApiResult<Page<AuditEvent>> {
    let query: String = filters.iter().map(|(k, v)| format!("&{k}={}", encode(v))).collect();
    client.send(Call::get(format!("/api/v1/staff/audit-events?limit=50{query}"))).await?.json()
}

/// The delivery log (admins): filters `status` and `channel`, plus the paging cursor.
pub async fn deliveries(client: Client, filters: Vec<(&'static str, String)>) -> ApiResult<Page<Delivery>> {
    let query: String = filters.iter().map(|(k, v)| format!("&{k}={}", encode(v))).collect();
    client.send(Call::get(format!("/api/v1/staff/deliveries?limit=50{query}"))).await?.json()
}

/// The message as the development/demo mailbox filed it; 404 when nothing was kept (SMTP, an SMS
/// provider, or not delivered yet).
pub async fn filed_message(client: Client, delivery: Uuid) -> ApiResult<FiledMessage> {
    client.send(Call::get(format!("/api/v1/staff/deliveries/{delivery}/message"))).await?.json()
}
