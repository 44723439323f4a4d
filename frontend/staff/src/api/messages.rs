//! The Messages inbox and threads (MSG-1…4). A reply or a new thread with files goes as
//! `multipart/form-data`, without as JSON.
use portico_types::Page;
use portico_types::messaging::{
    AssignThread, MessagePage, NewMessage, NewStaffThread, Participant, SetParticipants, Thread, ThreadSummary,
};
use uuid::Uuid;

use super::{ApiResult, Call, Client, File, encode, form_data, upload_problem};

/// The patient's portal accounts a thread can go to.
pub async fn recipients(client: Client, patient: Uuid) -> ApiResult<Vec<Participant>> {
    client.send(Call::get(format!("/api/v1/staff/patients/{patient}/message-recipients"))).await?.json()
}

/// A new thread, with up to 5 files (the first message may then be empty).
pub async fn start(client: Client, patient: Uuid, input: NewStaffThread, files: &[File]) -> ApiResult<Thread> {
    let call = Call::post(format!("/api/v1/staff/patients/{patient}/threads"));
    if files.is_empty() {
        return client.send(call.json(&input)).await?.json();
    }
    let ids: Vec<String> = input.participant_account_ids.iter().flatten().map(Uuid::to_string).collect();
    let mut text = vec![("subject", input.subject.as_str()), ("body", input.body.as_str())];
    // One part per person: the API reads the name repeated.
    text.extend(ids.iter().map(|id| ("participant_account_ids", id.as_str())));
    let form = form_data(&text, files)?;
    client.send(call.multipart(form)).await.map_err(upload_problem)?.json()
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

/// The messages before the message `before`, oldest first (a thread view holds the newest 50).
pub async fn earlier(client: Client, thread: Uuid, before: Uuid) -> ApiResult<MessagePage> {
    client.send(Call::get(format!("/api/v1/staff/threads/{thread}/messages?before={before}"))).await?.json()
}

/// A reply, with up to 5 files (the text may then be empty).
pub async fn reply(client: Client, thread: Uuid, body: String, files: &[File]) -> ApiResult<Thread> {
    let call = Call::post(format!("/api/v1/staff/threads/{thread}/messages"));
    if files.is_empty() {
        return client.send(call.json(&NewMessage { body })).await?.json();
    }
    let form = form_data(&[("body", &body)], files)?;
    client.send(call.multipart(form)).await.map_err(upload_problem)?.json()
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

/// Who takes part from now on, among the patient's [`recipients`]: someone removed stops seeing the
/// thread, someone added sees all of it and is told a message is waiting.
pub async fn set_participants(client: Client, thread: Uuid, account_ids: Vec<Uuid>) -> ApiResult<Thread> {
    let body = SetParticipants { account_ids };
    client.send(Call::put(format!("/api/v1/staff/threads/{thread}/participants")).json(&body)).await?.json()
}
