use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a message reaches a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum Channel {
    Email,
    Sms,
}

crate::names!(Channel {
    Email => "email",
    Sms => "sms",
});

/// One email or SMS in the practice's delivery log. Message bodies are never listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub id: Uuid,
    /// What caused it, e.g. `invitation` or `verification_code`.
    pub kind: String,
    /// `email` or `sms`.
    pub channel: String,
    /// The email address or phone number it went to.
    pub recipient: String,
    /// `pending`, `sending`, `sent` or `failed` (given up after repeated failures).
    pub status: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// When the next attempt is due, for pending messages.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// A message as the development/demo mailbox filed it (only while messages are written to files
/// under the data folder, never with SMTP or an SMS provider).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiledMessage {
    pub to: String,
    pub from: String,
    /// Emails only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The plain-text body.
    pub body: String,
}
