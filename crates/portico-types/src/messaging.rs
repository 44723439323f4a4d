//! Secure messaging (SPEC MSG-1…4): threads about one patient between the practice's staff and
//! the patient's portal accounts that take part. Bodies are plain text: never render them as HTML.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::files::StoredFile;
use crate::invitations::GrantRole;

/// Home's unread count stops counting here, so it stays cheap however much is waiting: 100 means
/// "more than 99", shown as "99+ new".
pub const UNREAD_COUNT_CAP: u32 = 100;

/// Whether a thread takes replies (MSG-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum ThreadStatus {
    Open,
    /// Takes no replies until staff reopen it.
    Closed,
}

crate::names!(ThreadStatus {
    Open => "open",
    Closed => "closed",
});

/// Who wrote a message or started a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum Party {
    /// A staff user of the practice.
    Staff,
    /// A portal account (the patient, a guardian or a guarantor).
    Portal,
}

crate::names!(Party {
    Staff => "staff",
    Portal => "portal",
});

/// `POST /staff/patients/{id}/threads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStaffThread {
    /// 1–120 characters. Shown in the portal and the inbox, never in notifications.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub subject: String,
    /// The first message: 1–10,000 characters of plain text; line breaks are kept.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
    /// Which of the patient's portal accounts take part (ids from `GET …/threads/recipients`).
    /// Absent: every account with live access to the patient's Messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub participant_account_ids: Option<Vec<Uuid>>,
}

/// `POST /portal/patients/{patient_id}/threads`, when the practice lets patients start threads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPortalThread {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub subject: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
}

/// A reply: `POST …/threads/{thread_id}/messages`, as JSON, or as `multipart/form-data` with a
/// `body` part and up to 5 `file` parts (10 MB each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMessage {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
}

/// `PUT /staff/threads/{id}/participants`: who takes part from now on, among the patient's
/// portal accounts (`GET /staff/patients/{id}/message-recipients`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetParticipants {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub account_ids: Vec<Uuid>,
}

/// `PUT /staff/threads/{id}/assignee`: a staff user of the practice, or `null` for nobody.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignThread {
    pub staff_user_id: Option<Uuid>,
}

/// A portal account taking part in a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub account_id: Uuid,
    pub name: String,
    pub role: GrantRole,
}

/// One message. `body` is plain text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadMessage {
    pub id: Uuid,
    pub author: Party,
    /// The staff user's or portal account holder's name as it was when they wrote.
    pub author_name: String,
    /// True for the caller's own messages.
    pub mine: bool,
    pub body: String,
    /// Files sent with the message, in the order they were attached.
    #[serde(default)]
    pub attachments: Vec<StoredFile>,
    pub sent_at: DateTime<Utc>,
}

/// A thread in a list: the inbox (staff) or the portal's Messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadSummary {
    pub id: Uuid,
    pub patient_id: Uuid,
    /// The patient's name (staff lists only; the portal knows whose portal it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    pub subject: String,
    pub status: ThreadStatus,
    /// The staff user it is assigned to (staff lists only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<StaffRef>,
    /// The newest message's first 140 characters.
    pub preview: String,
    pub last_message_at: DateTime<Utc>,
    /// Messages the caller has not read yet (their own never count).
    pub unread: u32,
}

/// A staff user, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub id: Uuid,
    pub name: String,
}

/// A thread with its messages, oldest first. Reading it marks it read for the caller alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thread {
    pub id: Uuid,
    pub patient_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    pub subject: String,
    pub status: ThreadStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<StaffRef>,
    pub participants: Vec<Participant>,
    /// The newest 50 messages, oldest first.
    pub messages: Vec<ThreadMessage>,
    /// Earlier messages exist: `GET …/messages?before={first message's id}` pages back.
    #[serde(default)]
    pub has_earlier: bool,
    /// Whether the caller may reply now (open, and still a participant for portal callers).
    pub can_reply: bool,
}

/// `GET …/threads/{id}/messages?before=`: earlier messages of a thread, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePage {
    pub items: Vec<ThreadMessage>,
    /// Still earlier messages exist (ask again with `before` = the first item's id).
    pub has_earlier: bool,
}

/// `GET /portal/patients/{patient_id}/threads`: the list, and whether this caller may start one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalThreads {
    pub items: Vec<ThreadSummary>,
    pub next_cursor: Option<String>,
    /// The practice lets patients start threads (CFG-5); otherwise only staff do.
    pub can_start: bool,
}
