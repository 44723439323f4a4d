//! A patient's message threads (MSG-1): list, read, reply, and start one when the practice allows.
use portico_types::messaging::{NewMessage, NewPortalThread, PortalThreads, Thread};
use uuid::Uuid;

use super::{ApiResult, Call, Client};

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

pub async fn reply(client: Client, patient: Uuid, thread: Uuid, body: String) -> ApiResult<Thread> {
    client.send(Call::post(format!("{}/{thread}/messages", threads(patient))).json(&NewMessage { body })).await?.json()
}

pub async fn start(client: Client, patient: Uuid, input: NewPortalThread) -> ApiResult<Thread> {
    client.send(Call::post(threads(patient)).json(&input)).await?.json()
}
