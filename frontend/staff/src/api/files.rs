//! A patient's files (FILE-1): My Files uploads and message attachments together, newest first.
use portico_types::Page;
use portico_types::files::StoredFile;
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

/// A page of every file of the patient, with who sent it and from where (`source`).
pub async fn list(client: Client, patient: Uuid, cursor: Option<String>) -> ApiResult<Page<StoredFile>> {
    let after = cursor.map(|c| format!("&cursor={}", encode(&c))).unwrap_or_default();
    client.send(Call::get(format!("/api/v1/staff/patients/{patient}/files?limit=10{after}"))).await?.json()
}
