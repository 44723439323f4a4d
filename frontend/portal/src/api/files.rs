//! My Files (FILE-1): what this account sent the practice for a patient, and sending more.
use portico_types::Page;
use portico_types::files::StoredFile;
use uuid::Uuid;

use super::{ApiResult, Call, Client, File, encode, form_data, upload_problem};

fn files(patient: Uuid) -> String {
    format!("/api/v1/portal/patients/{patient}/files")
}

/// A page of this account's own uploads, newest first.
pub async fn list(client: Client, patient: Uuid, cursor: Option<String>) -> ApiResult<Page<StoredFile>> {
    let after = cursor.map(|c| format!("&cursor={}", encode(&c))).unwrap_or_default();
    client.send(Call::get(format!("{}?limit=25{after}", files(patient)))).await?.json()
}

/// Sends 1 to 5 files; answers with what was stored.
pub async fn upload(client: Client, patient: Uuid, chosen: &[File]) -> ApiResult<Vec<StoredFile>> {
    let form = form_data(&[], chosen)?;
    client.send(Call::post(files(patient)).multipart(form)).await.map_err(upload_problem)?.json()
}
