use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A staff role; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Admin,
    FrontDesk,
    Billing,
    Clinician,
}

impl StaffRole {
    pub const ALL: [StaffRole; 4] = [Self::Admin, Self::FrontDesk, Self::Billing, Self::Clinician];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::FrontDesk => "front_desk",
            Self::Billing => "billing",
            Self::Clinician => "clinician",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Admin => "Administrator",
            Self::FrontDesk => "Front desk",
            Self::Billing => "Billing",
            Self::Clinician => "Clinician",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffUser {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub roles: Vec<StaffRole>,
    pub active: bool,
    /// Locked after too many failed sign-ins; a password reset unlocks.
    pub locked: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateStaffUser {
    pub email: String,
    pub name: String,
    pub roles: Vec<StaffRole>,
    /// Initial password (12–128 characters, not a common password).
    pub password: String,
}

/// Fields left out stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateStaffUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<StaffRole>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Sets a new password, unlocks the account and signs the user out everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}
