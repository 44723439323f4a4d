//! Staff side of portal invitations (INV): send, list, resend, revoke, the Portal Directory, and
//! ending access (a grant, or a whole account locked).
use portico_types::Page;
use portico_types::invitations::{DirectoryEntry, Invitation, InvitationRequest};
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

/// What a send did: a new invitation (201), or the pending one sent again (200).
#[derive(Clone)]
pub struct Sent {
    pub invitation: Invitation,
    pub created: bool,
}

/// The patient's invitations, newest first.
pub async fn list(client: Client, patient: Uuid) -> ApiResult<Page<Invitation>> {
    client.send(Call::get(format!("/api/v1/staff/patients/{patient}/invitations?limit=100"))).await?.json()
}

pub async fn invite(client: Client, patient: Uuid, request: InvitationRequest) -> ApiResult<Sent> {
    let reply = client.send(Call::post(format!("/api/v1/staff/patients/{patient}/invitations")).json(&request)).await?;
    Ok(Sent { invitation: reply.json()?, created: reply.status == 201 })
}

pub async fn resend(client: Client, id: Uuid) -> ApiResult<Invitation> {
    client.send(Call::post(format!("/api/v1/staff/invitations/{id}/resend"))).await?.json()
}

pub async fn revoke(client: Client, id: Uuid) -> ApiResult<Invitation> {
    client.send(Call::post(format!("/api/v1/staff/invitations/{id}/revoke"))).await?.json()
}

/// The Portal Directory: `q` (part of a name or email) and `status` (a
/// [`DirectoryStatus`](portico_types::invitations::DirectoryStatus) value) when not empty.
pub async fn directory(
    client: Client,
    q: String,
    status: Option<String>,
    cursor: Option<String>,
) -> ApiResult<Page<DirectoryEntry>> {
    let mut path = format!("/api/v1/staff/portal-directory?limit=25&q={}", encode(&q));
    if let Some(status) = status {
        path.push_str(&format!("&status={}", encode(&status)));
    }
    if let Some(cursor) = cursor {
        path.push_str(&format!("&cursor={}", encode(&cursor)));
    }
    client.send(Call::get(path)).await?.json()
}

/// Ends one account's access to one patient (the `grant_id` of a Portal Directory patient).
pub async fn revoke_grant(client: Client, grant: Uuid) -> ApiResult<()> {
    client.send(Call::post(format!("/api/v1/staff/portal-grants/{grant}/revoke"))).await?;
    Ok(())
}

/// Locks (`lock: true`) or unlocks a portal account.
pub async fn set_locked(client: Client, account: Uuid, lock: bool) -> ApiResult<()> {
    let verb = if lock { "lock" } else { "unlock" };
    client.send(Call::post(format!("/api/v1/staff/portal-accounts/{account}/{verb}"))).await?;
    Ok(())
}
