//! Staff sign-in and the signed-in user.
use portico_types::Page;
use portico_types::audit::AuditEvent;
use portico_types::auth::{LoginRequest, StaffMe, TokenResponse};
use portico_types::staff::StaffUser;

use super::{ApiResult, Call, Client, encode};

pub async fn login(client: Client, email: String, password: String) -> ApiResult<()> {
    let reply =
        client.send_anonymous(Call::post("/api/v1/staff/auth/login").json(&LoginRequest { email, password })).await?;
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

/// The practice's staff (admins only); one page of up to 100 is every practice we know of.
pub async fn users(client: Client) -> ApiResult<Page<StaffUser>> {
    client.send(Call::get("/api/v1/staff/users?limit=100")).await?.json()
}

/// Filters for the audit log, as query-string pairs the API understands (`patient_id`,
/// `actor_id`, `from`, `to`) plus the paging cursor.
pub async fn audit_events(client: Client, filters: Vec<(&'static str, String)>) -> ApiResult<Page<AuditEvent>> {
    let query: String = filters.iter().map(|(k, v)| format!("&{k}={}", encode(v))).collect();
    client.send(Call::get(format!("/api/v1/staff/audit-events?limit=50{query}"))).await?.json()
}
