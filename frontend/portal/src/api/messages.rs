//! A patient's message threads (MSG-1): list, read, reply, and start one when the practice allows.
//! A reply or a new thread with files goes as `multipart/form-data`, without as JSON.
use portico_types::messaging::{MessagePage, NewMessage, NewPortalThread, PortalThreads, Thread};
use uuid::Uuid;

use super::{ApiResult, Call, Client, File, form_data, upload_problem};

fn threads(patient: Uuid) -> String {
    format!("/api/v1/portal/patients/{patient}/threads")
}

pub async fn list(client: Client, patient: Uuid) -> ApiResult<PortalThreads> {
    client.send(Call::get(threads(patient))).await?.json()
}

/// Opening a thread marks it read for this account.
pub async fn get(client: Client, patient: Uuid, thread: Uuid) -> ApiResult<Thread> {
    client.send(Call::get(format!("{}/{thread}", threads(patient)))).await?.json()
}

/// The messages before the message `before`, oldest first (a thread view holds the newest 50).
pub async fn earlier(client: Client, patient: Uuid, thread: Uuid, before: Uuid) -> ApiResult<MessagePage> {
    client.send(Call::get(format!("{}/{thread}/messages?before={before}", threads(patient)))).await?.json()
}

/// A reply, with up to 5 files (the text may then be empty).
pub async fn reply(client: Client, patient: Uuid, thread: Uuid, body: String, files: &[File]) -> ApiResult<Thread> {
    let call = Call::post(format!("{}/{thread}/messages", threads(patient)));
    if files.is_empty() {
        return client.send(call.json(&NewMessage { body })).await?.json();
    }
    let form = form_data(&[("body", &body)], files)?;
    client.send(call.multipart(form)).await.map_err(upload_problem)?.json()
}

pub async fn start(client: Client, patient: Uuid, input: NewPortalThread, files: &[File]) -> ApiResult<Thread> {
    let call = Call::post(threads(patient));
    if files.is_empty() {
        return client.send(call.json(&input)).await?.json();
    }
    let form = form_data(&[("subject", &input.subject), ("body", &input.body)], files)?;
    client.send(call.multipart(form)).await.map_err(upload_problem)?.json()
}
