//! Thin handlers for secure messaging: the staff inbox under `/api/v1/staff`, a patient's threads
//! under `/api/v1/portal/patients/{patient_id}`.
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use portico_types::Page;
use portico_types::messaging::{
    AssignThread, MessagePage, NewMessage, NewPortalThread, NewStaffThread, Participant, PortalThreads,
    SetParticipants, Thread, ThreadStatus, ThreadSummary,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::error::MessagingError;
use super::service::{self, InboxFilter};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::files::routes::{FilePart, download};
use crate::files::upload::{self, Body, Form, Upload};
use crate::platform::auth::Staff;
use crate::platform::http::{ApiJson, ApiQuery};
use crate::platform::pagination::PageQuery;
use crate::platform::portal::{Grant, areas};
use crate::state::AppState;

pub fn staff_routes(cfg: &mut ServiceConfig) {
    cfg.service(recipients)
        .service(start_staff)
        .service(inbox)
        .service(staff_get)
        .service(staff_reply)
        .service(staff_messages)
        .service(assign)
        .service(participants)
        .service(close)
        .service(reopen)
        .service(staff_attachment);
}

pub fn portal_routes(cfg: &mut ServiceConfig) {
    cfg.service(portal_list)
        .service(portal_start)
        .service(portal_get)
        .service(portal_reply)
        .service(portal_messages)
        .service(portal_attachment);
}

/// A reply with files: `multipart/form-data`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct MessageForm {
    /// Plain text, up to 10,000 characters; may be left out when files are attached.
    body: Option<String>,
    /// Up to 5 files, 10 MB each: PDF, PNG, JPEG, HEIC, GIF, WebP or plain text (decided from the content).
    file: Vec<FilePart>,
}

/// A new thread with files: `multipart/form-data`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct StaffThreadForm {
    subject: String,
    body: Option<String>,
    /// One part per portal account; none: every account with access.
    participant_account_ids: Vec<Uuid>,
    file: Vec<FilePart>,
}

/// A patient-started thread with files: `multipart/form-data`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct PortalThreadForm {
    subject: String,
    body: Option<String>,
    file: Vec<FilePart>,
}

/// The files a form brought, none for JSON.
fn uploads(form: &Option<Form>) -> &[Upload] {
    form.as_ref().map_or(&[], |f| f.files.as_slice())
}

/// 201 with the thread; when the use case failed, the files its request stored are removed.
async fn settle(
    state: &AppState,
    form: Option<Form>,
    result: Result<Thread, MessagingError>,
) -> ApiResult<HttpResponse> {
    let thread = upload::settle(&state.files, form.as_ref(), result).await?;
    Ok(HttpResponse::Created().json(thread))
}

/// A message body as JSON `{body}` or as a form with `body` and `file` parts.
async fn message_body(
    state: &AppState,
    practice_id: Uuid,
    req: &HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<(String, Option<Form>)> {
    Ok(match upload::json_or_form::<NewMessage>(&state.files, practice_id, req, payload, &["body"]).await? {
        Body::Json(m) => (m.body, None),
        Body::Form(f) => (f.text("body").unwrap_or_default().to_owned(), Some(f)),
    })
}

/// The subject, from a form, required like the JSON field.
fn form_subject(form: &Form) -> Result<String, FieldErrors> {
    form.text("subject").map(str::to_owned).ok_or_else(|| FieldErrors::one("subject", REQUIRED))
}

/// As a JSON body without the field is told.
const REQUIRED: &str = "This field is required.";

/// Who a new thread can go to: the patient's portal accounts.
///
/// Any staff user. The registered portal accounts with live access to the patient (the patient, guardians,
/// guarantors), named as they were invited: the choices for `participant_account_ids`. Empty when no one has
/// registered yet. 404 for another practice's patient.
#[utoipa::path(operation_id = "list_message_recipients",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<Participant>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{id}/message-recipients")]
async fn recipients(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<Participant>>> {
    let patient = id.into_inner();
    service::practice_patient_exists(&state, staff.practice_id(), patient).await?;
    Ok(web::Json(service::recipients(&state.db, staff.practice_id(), patient).await?))
}

/// Start a thread with a patient.
///
/// Any staff user, while the practice has messaging on (403 otherwise). `subject` (1–120 characters) and the
/// first message's `body` (plain text, 1–10,000 characters, line breaks kept); `participant_account_ids`
/// chooses who takes part among the patient's portal accounts (default: all of them; 422 naming the entry
/// that is not one of them, or when there is no one to write to). Each participant is told by email (and
/// text, with a verified phone) that a message is waiting, with no PHI, at most once per 15 minutes while
/// unread. Audited.
#[utoipa::path(operation_id = "start_staff_thread",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)),
    request_body(content((NewStaffThread = "application/json"), (StaffThreadForm = "multipart/form-data"))),
    responses(
    (status = 201, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 413, response = crate::openapi::FileTooLarge),
    (status = 415, response = crate::openapi::FileTypeNotAllowed),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{id}/threads")]
async fn start_staff(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    let patient = id.into_inner();
    service::staff_may_start(&state, &staff, patient).await.map_err(ApiError::from)?;
    let fields = ["subject", "body", "participant_account_ids"];
    let (input, form) = match upload::json_or_form::<NewStaffThread>(
        &state.files,
        staff.practice_id(),
        &req,
        payload,
        &fields,
    )
    .await?
    {
        Body::Json(input) => (Ok(input), None),
        Body::Form(form) => (staff_thread_form(&form), Some(form)),
    };
    let result = match input {
        Ok(input) => service::start_staff(&state, &staff, patient, input, uploads(&form)).await,
        Err(e) => Err(e.into()),
    };
    Ok(settle(&state, form, result).await?)
}

fn staff_thread_form(form: &Form) -> Result<NewStaffThread, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut ids = Vec::new();
    for (i, raw) in form.texts("participant_account_ids").enumerate() {
        match Uuid::parse_str(raw.trim()) {
            Ok(id) => ids.push(id),
            Err(_) => errors.add(format!("participant_account_ids[{i}]"), "This is not a portal account's id."),
        }
    }
    let subject = form.text("subject");
    if subject.is_none() {
        errors.add("subject", REQUIRED);
    }
    errors.finish()?;
    Ok(NewStaffThread {
        subject: subject.unwrap_or_default().to_owned(),
        body: form.text("body").unwrap_or_default().to_owned(),
        participant_account_ids: (!ids.is_empty()).then_some(ids),
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// `true`: only threads with messages the caller has not read.
    pub unread: Option<bool>,
    /// `me`, `none`, or a staff user's id.
    #[param(max_length = 36)]
    pub assigned: Option<String>,
    pub patient_id: Option<Uuid>,
    pub status: Option<ThreadStatus>,
    /// `next_cursor` from the previous page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// The Messages inbox: the practice's threads, newest activity first.
///
/// Any staff user. Each thread carries the caller's own unread count (each staff user has their own read
/// marker). Filters: `unread=true`, `assigned` (`me`, `none` or a staff user's id), `patient_id`, `status`.
/// Cursor pages of `limit` 1–100.
#[utoipa::path(operation_id = "list_staff_threads",
    tag = "messages", security(("staff_token" = [])), params(InboxQuery), responses(
    (status = 200, body = Page<ThreadSummary>),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/threads")]
async fn inbox(
    state: web::Data<AppState>,
    staff: Staff,
    q: ApiQuery<InboxQuery>,
) -> ApiResult<web::Json<Page<ThreadSummary>>> {
    let q = q.0;
    let filter = InboxFilter {
        unread: q.unread,
        assigned: q.assigned.as_deref(),
        patient_id: q.patient_id,
        status: q.status,
        cursor: q.cursor.as_deref(),
        limit: q.limit,
    };
    Ok(web::Json(service::inbox(&state, &staff, filter).await?))
}

/// One thread with its messages, oldest first.
///
/// Any staff user of the thread's practice (404 otherwise). Opening it marks it read for the caller only, and
/// is audited.
#[utoipa::path(operation_id = "get_staff_thread",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/threads/{id}")]
async fn staff_get(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Thread>> {
    Ok(web::Json(service::staff_get(&state, &staff, id.into_inner()).await?))
}

/// Reply in a thread, with files or without.
///
/// Any staff user. JSON `{body}`, or `multipart/form-data` with a `body` part and up to 5 `file` parts (10 MB
/// each; the body may be empty when files are attached). `body` is plain text, 1–10,000 characters. Each
/// file's type is decided from its content against the allow-list — PDF, PNG, JPEG, HEIC, GIF, WebP, plain
/// text — never from its name: 415 naming `file[i]` otherwise, 413 for one over 10 MB, 422 for a sixth; a
/// refused request keeps nothing. 409 when the thread is closed. Participants are notified as for a new
/// thread (coalesced, no PHI). Audited.
#[utoipa::path(operation_id = "post_staff_message",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)),
    request_body(content((NewMessage = "application/json"), (MessageForm = "multipart/form-data"))),
    responses(
    (status = 201, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 413, response = crate::openapi::FileTooLarge),
    (status = 415, response = crate::openapi::FileTypeNotAllowed),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/threads/{id}/messages")]
async fn staff_reply(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
    req: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    let id = id.into_inner();
    service::staff_may_reply(&state, &staff, id).await.map_err(ApiError::from)?;
    let (body, form) = message_body(&state, staff.practice_id(), &req, payload).await?;
    let result = service::staff_reply(&state, &staff, id, &body, uploads(&form)).await;
    Ok(settle(&state, form, result).await?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EarlierQuery {
    /// The id of the earliest message you have: messages before it.
    pub before: Option<Uuid>,
    /// How many, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Earlier messages of a thread (a thread view holds the newest 50).
///
/// Any staff user of the thread's practice (404 otherwise). Oldest first, up to `limit`, before the message
/// `before`; `has_earlier` says whether to ask again. Audited.
#[utoipa::path(operation_id = "list_staff_thread_messages",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path), EarlierQuery), responses(
    (status = 200, body = MessagePage),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/threads/{id}/messages")]
async fn staff_messages(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
    q: ApiQuery<EarlierQuery>,
) -> ApiResult<web::Json<MessagePage>> {
    Ok(web::Json(service::staff_messages(&state, &staff, id.into_inner(), q.0.before, q.0.limit).await?))
}

/// Download a message attachment.
///
/// Any staff user of the practice (404 otherwise). The bytes as sent, with the type decided from the content
/// at upload, as an attachment (`Content-Disposition: attachment`, `nosniff`, a sandboxing CSP) and a
/// `Repr-Digest` SHA-256. Audited.
#[utoipa::path(operation_id = "download_staff_attachment",
    tag = "messages", security(("staff_token" = [])), params(("attachment_id" = Uuid, Path)), responses(
    (status = 200, response = crate::openapi::FileDownload),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/attachments/{attachment_id}")]
async fn staff_attachment(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    Ok(download(service::staff_attachment(&state, &staff, id.into_inner()).await?))
}

/// Assign a thread to a staff user, or to nobody (`null`).
///
/// Any staff user. 422 when `staff_user_id` is not an active staff user of the practice. Audited.
#[utoipa::path(operation_id = "assign_thread",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = AssignThread,
    responses(
    (status = 200, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[put("/threads/{id}/assignee")]
async fn assign(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
    body: ApiJson<AssignThread>,
) -> ApiResult<web::Json<Thread>> {
    Ok(web::Json(service::assign(&state, &staff, id.into_inner(), body.0.staff_user_id).await?))
}

/// Change who takes part in a thread (MSG-2).
///
/// Any staff user. `account_ids` (1–20) are the participants from now on, among the patient's portal accounts
/// (`GET …/patients/{id}/message-recipients`; 422 naming `account_ids[i]` otherwise). Someone removed stops
/// seeing the thread at once; someone added sees all of it and is told a message is waiting (no PHI).
/// Audited with who was added and removed.
#[utoipa::path(operation_id = "set_thread_participants",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)), request_body = SetParticipants,
    responses(
    (status = 200, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[put("/threads/{id}/participants")]
async fn participants(
    state: web::Data<AppState>,
    staff: Staff,
    id: web::Path<Uuid>,
    body: ApiJson<SetParticipants>,
) -> ApiResult<web::Json<Thread>> {
    Ok(web::Json(service::set_participants(&state, &staff, id.into_inner(), &body.0.account_ids).await?))
}

/// Close a thread: it takes no replies until reopened.
///
/// Any staff user. Closing a closed thread changes nothing. Audited.
#[utoipa::path(operation_id = "close_thread",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[post("/threads/{id}/close")]
async fn close(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Thread>> {
    Ok(web::Json(service::set_status(&state, &staff, id.into_inner(), ThreadStatus::Closed).await?))
}

/// Reopen a closed thread.
///
/// Any staff user. Audited.
#[utoipa::path(operation_id = "reopen_thread",
    tag = "messages", security(("staff_token" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 404, response = crate::openapi::NotFound),
))]
#[post("/threads/{id}/reopen")]
async fn reopen(state: web::Data<AppState>, staff: Staff, id: web::Path<Uuid>) -> ApiResult<web::Json<Thread>> {
    Ok(web::Json(service::set_status(&state, &staff, id.into_inner(), ThreadStatus::Open).await?))
}

/// The patient's message threads this account takes part in.
///
/// Portal access token with a grant for `patient_id`. Newest activity first, each with this account's unread
/// count; `can_start` says whether the practice lets patients start threads. 403 when the practice has
/// messaging off; 404 without a grant for the patient. Audited.
#[utoipa::path(operation_id = "list_portal_threads",
    tag = "portal-messages", security(("portal_token" = [])), params(("patient_id" = Uuid, Path), PageQuery),
    responses(
    (status = 200, body = PortalThreads),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patients/{patient_id}/threads")]
async fn portal_list(
    state: web::Data<AppState>,
    grant: Grant<areas::Messages>,
    q: ApiQuery<PageQuery>,
) -> ApiResult<web::Json<PortalThreads>> {
    Ok(web::Json(service::portal_list(&state, &grant, q.0.cursor.as_deref(), q.0.limit).await?))
}

/// Start a thread with the practice, when it allows patients to.
///
/// Portal access token with a grant for `patient_id`. 403 when the practice starts conversations itself
/// (the default) or has messaging off. The caller alone takes part; staff see it unread in their inbox.
#[utoipa::path(operation_id = "start_portal_thread",
    tag = "portal-messages", security(("portal_token" = [])), params(("patient_id" = Uuid, Path)),
    request_body(content((NewPortalThread = "application/json"), (PortalThreadForm = "multipart/form-data"))),
    responses(
    (status = 201, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 413, response = crate::openapi::FileTooLarge),
    (status = 415, response = crate::openapi::FileTypeNotAllowed),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{patient_id}/threads")]
async fn portal_start(
    state: web::Data<AppState>,
    grant: Grant<areas::Messages>,
    req: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    service::portal_may_start(&state, &grant).await.map_err(ApiError::from)?;
    let practice_id = grant.principal.practice_id;
    let fields = ["subject", "body"];
    let (input, form) =
        match upload::json_or_form::<NewPortalThread>(&state.files, practice_id, &req, payload, &fields).await? {
            Body::Json(input) => (Ok(input), None),
            Body::Form(form) => {
                let input = form_subject(&form)
                    .map(|subject| NewPortalThread { subject, body: form.text("body").unwrap_or_default().into() });
                (input, Some(form))
            }
        };
    let result = match input {
        Ok(input) => service::portal_start(&state, &grant, input, uploads(&form)).await,
        Err(e) => Err(e.into()),
    };
    Ok(settle(&state, form, result).await?)
}

/// One thread, for a participant.
///
/// Portal access token with a grant for `patient_id`, and the account takes part in the thread (404 otherwise,
/// as for any other patient's thread). Opening it marks it read for this account only. Audited.
#[utoipa::path(operation_id = "get_portal_thread",
    tag = "portal-messages", security(("portal_token" = [])),
    params(("patient_id" = Uuid, Path), ("thread_id" = Uuid, Path)), responses(
    (status = 200, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/threads/{thread_id}")]
async fn portal_get(
    state: web::Data<AppState>,
    grant: Grant<areas::Messages>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<Thread>> {
    Ok(web::Json(service::portal_get(&state, &grant, path.1).await?))
}

/// Reply in a thread as a participant, with files or without.
///
/// Portal access token with a grant for `patient_id`, as a participant. JSON `{body}`, or `multipart/form-data`
/// with a `body` part and up to 5 `file` parts, as for staff replies (10 MB each; type from the content: PDF,
/// PNG, JPEG, HEIC, GIF, WebP or plain text; 413, 415 or 422 naming `file[i]`, and nothing kept). 409 when the
/// thread is closed. Audited.
#[utoipa::path(operation_id = "post_portal_message",
    tag = "portal-messages", security(("portal_token" = [])),
    params(("patient_id" = Uuid, Path), ("thread_id" = Uuid, Path)),
    request_body(content((NewMessage = "application/json"), (MessageForm = "multipart/form-data"))),
    responses(
    (status = 201, body = Thread),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 409, response = crate::openapi::Conflict),
    (status = 413, response = crate::openapi::FileTooLarge),
    (status = 415, response = crate::openapi::FileTypeNotAllowed),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[post("/patients/{patient_id}/threads/{thread_id}/messages")]
async fn portal_reply(
    state: web::Data<AppState>,
    grant: Grant<areas::Messages>,
    path: web::Path<(Uuid, Uuid)>,
    req: HttpRequest,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    let thread = path.1;
    service::portal_may_reply(&state, &grant, thread).await.map_err(ApiError::from)?;
    let (body, form) = message_body(&state, grant.principal.practice_id, &req, payload).await?;
    let result = service::portal_reply(&state, &grant, thread, &body, uploads(&form)).await;
    Ok(settle(&state, form, result).await?)
}

/// Earlier messages of a thread, as a participant (a thread view holds the newest 50).
///
/// Portal access token with a grant for `patient_id`, as a participant (404 otherwise). Oldest first, up to
/// `limit`, before the message `before`; `has_earlier` says whether to ask again. Audited.
#[utoipa::path(operation_id = "list_portal_thread_messages",
    tag = "portal-messages", security(("portal_token" = [])),
    params(("patient_id" = Uuid, Path), ("thread_id" = Uuid, Path), EarlierQuery), responses(
    (status = 200, body = MessagePage),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
    (status = 422, response = crate::openapi::Unprocessable),
))]
#[get("/patients/{patient_id}/threads/{thread_id}/messages")]
async fn portal_messages(
    state: web::Data<AppState>,
    grant: Grant<areas::Messages>,
    path: web::Path<(Uuid, Uuid)>,
    q: ApiQuery<EarlierQuery>,
) -> ApiResult<web::Json<MessagePage>> {
    Ok(web::Json(service::portal_messages(&state, &grant, path.1, q.0.before, q.0.limit).await?))
}

/// Download a message attachment, as a participant.
///
/// Portal access token with a grant for `patient_id`; the file must belong to a thread this account takes
/// part in (404 otherwise, as for any other patient's file). As for staff downloads: the type decided at
/// upload, `Content-Disposition: attachment`, `nosniff`. Audited.
#[utoipa::path(operation_id = "download_portal_attachment",
    tag = "portal-messages", security(("portal_token" = [])),
    params(("patient_id" = Uuid, Path), ("attachment_id" = Uuid, Path)), responses(
    (status = 200, response = crate::openapi::FileDownload),
    (status = 401, response = crate::openapi::Unauthorized),
    (status = 403, response = crate::openapi::Forbidden),
    (status = 404, response = crate::openapi::NotFound),
))]
#[get("/patients/{patient_id}/attachments/{attachment_id}")]
async fn portal_attachment(
    state: web::Data<AppState>,
    grant: Grant<areas::Messages>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(download(service::portal_attachment(&state, &grant, path.1).await?))
}
