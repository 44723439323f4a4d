//! Files (SPEC FILE-1, SEC-4): message attachments and My Files uploads. The type is decided from
//! the content on upload, never from the name or the client's `Content-Type`; downloads come only
//! from `download_url`, with the caller's own credentials, as an attachment.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::messaging::Party;

/// Largest file accepted, in bytes (10 MB).
pub const FILE_MAX_BYTES: u64 = 10 * 1000 * 1000;
/// Most files in one message or one My Files upload.
pub const FILES_PER_UPLOAD: usize = 5;
/// What the upload fields offer to pick (the server decides from the content whatever they say).
pub const ACCEPT: &str = ".pdf,.png,.jpg,.jpeg,.heic,.heif,.gif,.webp,.txt,application/pdf,image/*,text/plain";

/// Where a file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum FileSource {
    /// Attached to a message.
    Message,
    /// Uploaded to My Files.
    Upload,
}

crate::names!(FileSource {
    Message => "message",
    Upload => "upload",
});

/// A stored file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredFile {
    pub id: Uuid,
    /// The name it was uploaded with, made safe to show and save, ending in the extension of its
    /// real type.
    pub name: String,
    /// Decided from the content: `application/pdf`, `image/png`, `image/jpeg`, `image/heic`,
    /// `image/gif`, `image/webp` or `text/plain`.
    pub content_type: String,
    pub size_bytes: u64,
    /// Hex SHA-256 of the bytes, to check a download against.
    pub sha256: String,
    pub source: FileSource,
    /// The thread of a message attachment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<Uuid>,
    pub uploaded_by: Party,
    /// The uploader's name as it was when they uploaded.
    pub uploaded_by_name: String,
    /// True when the caller uploaded it.
    pub mine: bool,
    pub uploaded_at: DateTime<Utc>,
    /// Where to download it (a path on this server), with the same credentials as the request
    /// that listed it.
    pub download_url: String,
}
