//! The Messages inbox and threads (MSG-1…4).
use portico_types::Page;
use portico_types::messaging::{AssignThread, NewMessage, NewStaffThread, Participant, Thread, ThreadSummary};
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

/// The patient's portal accounts a thread can go to.
pub async fn recipients(client: Client, patient: Uuid) -> ApiResult<Vec<Participant>> {
    client.send(Call::get(format!("/api/v1/staff/patients/{patient}/message-recipients"))).await?.json()
}

pub async fn start(client: Client, patient: Uuid, input: NewStaffThread) -> ApiResult<Thread> {
    client.send(Call::post(format!("/api/v1/staff/patients/{patient}/threads")).json(&input)).await?.json()
}

/// A page of the inbox; `filters` are query pairs (`unread`, `assigned`, `patient_id`, `cursor`).
pub async fn inbox(client: Client, filters: Vec<(&'static str, String)>) -> ApiResult<Page<ThreadSummary>> {
    let query: String = filters.iter().map(|(k, v)| format!("&{k}={}", encode(v))).collect();
    client.send(Call::get(format!("/api/v1/staff/threads?limit=25{query}"))).await?.json()
}

/// Opening a thread marks it read for the signed-in user.
pub async fn get(client: Client, thread: Uuid) -> ApiResult<Thread> {
    client.send(Call::get(format!("/api/v1/staff/threads/{thread}"))).await?.json()
}

pub async fn reply(client: Client, thread: Uuid, body: String) -> ApiResult<Thread> {
    client.send(Call::post(format!("/api/v1/staff/threads/{thread}/messages")).json(&NewMessage { body })).await?.json()
}

pub async fn assign(client: Client, thread: Uuid, staff_user_id: Option<Uuid>) -> ApiResult<Thread> {
    let body = AssignThread { staff_user_id };
    client.send(Call::put(format!("/api/v1/staff/threads/{thread}/assignee")).json(&body)).await?.json()
}

/// Closes (`true`) or reopens a thread.
pub async fn set_closed(client: Client, thread: Uuid, closed: bool) -> ApiResult<Thread> {
    let action = if closed { "close" } else { "reopen" };
    client.send(Call::post(format!("/api/v1/staff/threads/{thread}/{action}"))).await?.json()
}
