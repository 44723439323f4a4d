use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A staff role; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum StaffRole {
    Admin,
    FrontDesk,
    Billing,
    Clinician,
}

crate::names!(StaffRole {
    Admin => "admin",
    FrontDesk => "front_desk",
    Billing => "billing",
    Clinician => "clinician",
});

impl StaffRole {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Admin => "Administrator",
            Self::FrontDesk => "Front desk",
            Self::Billing => "Billing",
            Self::Clinician => "Clinician",
        }
    }

    /// Whether this role may do `what`. The server's role guards and the SPA's navigation both
    /// read this one table.
    pub const fn may(self, what: StaffCapability) -> bool {
        match what {
            StaffCapability::Administer => matches!(self, Self::Admin),
            StaffCapability::EditPatients => matches!(self, Self::Admin | Self::FrontDesk),
            StaffCapability::InvitePatients => matches!(self, Self::Admin | Self::FrontDesk | Self::Billing),
            StaffCapability::Bill => matches!(self, Self::Admin | Self::Billing),
        }
    }
}

/// What a staff user may do beyond reading patients, granted by their roles (a user holding
/// several roles may do what any of them may).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffCapability {
    /// Practice settings, staff users, the audit and delivery logs.
    Administer,
    /// Create and edit patient demographics and contacts.
    EditPatients,
    /// Send, resend and revoke portal invitations (front desk, billing, administrators).
    InvitePatients,
    /// Post charges, adjustments and refunds to patients' ledgers (billing, administrators).
    Bill,
}

impl StaffCapability {
    /// The roles that have this capability, in [`StaffRole::ALL`] order.
    pub fn roles(self) -> impl Iterator<Item = StaffRole> {
        StaffRole::ALL.into_iter().filter(move |r| r.may(self))
    }

    /// Whether any of `roles` has this capability.
    pub fn granted_to(self, roles: &[StaffRole]) -> bool {
        roles.iter().any(|r| r.may(self))
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
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 254, format = Email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 4))]
    pub roles: Vec<StaffRole>,
    /// Initial password (12–128 characters, not a common password).
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: String,
}

/// Fields left out stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateStaffUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 4))]
    pub roles: Option<Vec<StaffRole>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Sets a new password, unlocks the account and signs the user out everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_follow_the_roles() {
        let roles = |c: StaffCapability| c.roles().collect::<Vec<_>>();
        assert_eq!(roles(StaffCapability::Administer), [StaffRole::Admin]);
        assert_eq!(roles(StaffCapability::EditPatients), [StaffRole::Admin, StaffRole::FrontDesk]);
        assert_eq!(
            roles(StaffCapability::InvitePatients),
            [StaffRole::Admin, StaffRole::FrontDesk, StaffRole::Billing]
        );
        assert!(StaffCapability::InvitePatients.granted_to(&[StaffRole::Clinician, StaffRole::Billing]));
        assert!(!StaffCapability::Administer.granted_to(&[StaffRole::Clinician]));
        assert!(!StaffCapability::Administer.granted_to(&[]));
    }
}
