//! Outreach Flows (SPEC §7, OUT-1…2): templates with variants, preview, and sends.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A value a template can insert, written `{{ key }}` in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Variant {
    /// e.g. `patient_portal_link`
    pub key: String,
    /// e.g. "Patient Portal Link"
    pub label: String,
    pub description: String,
}

/// A template goes out by one channel.
pub use crate::deliveries::Channel as OutreachChannel;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutreachTemplate {
    pub id: Uuid,
    pub name: String,
    pub channel: OutreachChannel,
    /// Emails only.
    pub subject: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Create or replace a template. Text may use the variants (`{{ patient_first_name }}` …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    pub channel: OutreachChannel,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub subject: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub body: String,
}

/// Render a template for one patient, without sending anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRequest {
    pub patient_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderedMessage {
    /// Where it would go; absent when the patient has no email (or phone) on file.
    pub to: Option<String>,
    pub subject: Option<String>,
    pub body: String,
}

/// Send a template now to the chosen patients (at most 500).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendOutreach {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub patient_ids: Vec<Uuid>,
}

/// One recipient of a send and what became of their message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutreachRecipient {
    pub patient_id: Uuid,
    pub patient_name: String,
    pub to: Option<String>,
    /// `pending`, `sending`, `sent`, `failed` (the delivery's status) or `skipped`.
    pub status: String,
    /// Why it was skipped, or the last delivery error.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutreachSend {
    pub id: Uuid,
    pub template_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub recipients: Vec<OutreachRecipient>,
}
