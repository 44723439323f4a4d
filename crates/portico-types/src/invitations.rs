//! Portal invitations (SPEC §2) and the grants they turn into (§1, §5).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How a portal account relates to a patient it may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum GrantRole {
    /// The patient themself.
    #[serde(rename = "self")]
    Patient,
    Guardian,
    Guarantor,
}

crate::names!(GrantRole {
    Patient => "self",
    Guardian => "guardian",
    Guarantor => "guarantor",
});

impl GrantRole {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Patient => "Patient",
            Self::Guardian => "Guardian",
            Self::Guarantor => "Guarantor",
        }
    }
}

/// Where staff sent the invitation from; it decides which channels are required (INV-2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum InvitationOrigin {
    /// The facesheet and the Portal Directory: an email on file is required.
    #[default]
    Facesheet,
    /// "Send a registration link": email and/or SMS, whatever is on file.
    PatientResponsibility,
    /// An Outreach Flows template with the Patient Portal Link (OUT-1): the template's channel.
    Outreach,
}

crate::names!(InvitationOrigin {
    Facesheet => "facesheet",
    PatientResponsibility => "patient_responsibility",
    Outreach => "outreach",
});

/// `POST /staff/patients/{id}/invitations`. Without `contact_id` the patient is invited
/// (`role` must be `self`); with it, the contact (`role` must match its relationship:
/// `guardian` or `guarantor`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationRequest {
    pub role: GrantRole,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub origin: InvitationOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Sent and not yet accepted; registration may be part-way.
    Pending,
    Accepted,
    /// Every link sent for it has expired.
    Expired,
    Revoked,
}

impl InvitationStatus {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Pending => "Invited",
            Self::Accepted => "Registered",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
        }
    }
}

/// An invitation as staff see it. Tokens are never shown: they exist only in the message sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: Uuid,
    pub patient_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub role: GrantRole,
    /// The invitee's name as on file (the patient's or the contact's).
    pub invitee_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `email`, `sms` or both: what the last send used.
    pub channels: Vec<String>,
    pub status: InvitationStatus,
    pub created_at: DateTime<Utc>,
    pub last_sent_at: DateTime<Utc>,
    pub send_count: i32,
    /// When the newest link expires.
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The next send to this person is possible from this time (INV-3).
    pub can_resend_at: DateTime<Utc>,
    /// The portal account it registered, once accepted (to lock or unlock it).
    #[serde(default)]
    pub account_id: Option<Uuid>,
    /// Whether that account is locked.
    #[serde(default)]
    pub account_locked: bool,
}

/// Where a person stands in the Portal Directory (seed 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DirectoryStatus {
    Invited,
    Registered,
    Expired,
    Revoked,
    /// Too many failed sign-ins; a password reset unlocks it.
    Locked,
}

crate::names!(DirectoryStatus {
    Invited => "invited",
    Registered => "registered",
    Expired => "expired",
    Revoked => "revoked",
    Locked => "locked",
});

impl DirectoryStatus {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Invited => "Invited",
            Self::Registered => "Registered",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
            Self::Locked => "Locked",
        }
    }
}

/// A patient a directory entry can see (or would, once the invitation is accepted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryPatient {
    pub patient_id: Uuid,
    pub name: String,
    pub role: GrantRole,
    /// The live grant behind a registered account's access (`POST /staff/portal-grants/{id}/revoke`);
    /// absent for an invitation not accepted yet.
    #[serde(default)]
    pub grant_id: Option<Uuid>,
}

/// One row of the Portal Directory: a portal account, or an invitation not accepted yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryEntry {
    /// The account's id, or the invitation's while there is no account.
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub status: DirectoryStatus,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub patients: Vec<DirectoryPatient>,
    /// The open invitation, for resend and revoke (`POST /staff/invitations/{id}/…`).
    pub invitation_id: Option<Uuid>,
    /// When the invitation was last sent, or the account registered.
    pub since: DateTime<Utc>,
    pub can_resend_at: Option<DateTime<Utc>>,
}
