//! Portal accounts: sign-in (AUTH), the account and its grants, and the patient areas (§5, §6).
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::invitations::GrantRole;
use crate::patients::{Address, AdministrativeSex};
use crate::practice::PracticeBranding;

/// Step one of sign-in (AUTH-1). `practice` is the practice's slug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentifyRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub practice: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254))]
    pub email: String,
}

/// The same answer whether or not the account exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentifyResponse {
    /// Always `password` today.
    pub next: String,
    pub practice: PracticeBranding,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalLoginRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub practice: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
    /// "Keep me signed in": the session may last 30 days instead of 12 hours (SEC-7).
    #[serde(default)]
    pub remember_me: bool,
}

/// `POST /portal/auth/password-reset`: always 202, whether or not the account exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub practice: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254))]
    pub email: String,
}

/// `POST /portal/auth/password-reset/confirm`: the token from `/portal/reset-password#t=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: String,
}

/// A patient the account may see, with the roles it holds for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalPatient {
    pub patient_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    /// Only for the patient themself (§5: guardians and guarantors do not see it).
    pub preferred_name: Option<String>,
    pub roles: Vec<GrantRole>,
}

/// `GET /portal/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalMe {
    pub id: Uuid,
    pub email: String,
    pub practice: PracticeBranding,
    pub patients: Vec<PortalPatient>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
}

/// The portal's areas (§5, §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PortalArea {
    Home,
    MyInformation,
    Appointments,
    Documents,
    TreatmentPlans,
    Medications,
    HomeExercises,
    Forms,
    Payments,
    MyFiles,
    Messages,
    MyAccount,
}

crate::names!(PortalArea {
    Home => "home",
    MyInformation => "my_information",
    Appointments => "appointments",
    Documents => "documents",
    TreatmentPlans => "treatment_plans",
    Medications => "medications",
    HomeExercises => "home_exercises",
    Forms => "forms",
    Payments => "payments",
    MyFiles => "my_files",
    Messages => "messages",
    MyAccount => "my_account",
});

impl PortalArea {
    pub const fn title(self) -> &'static str {
        match self {
            Self::Home => "Home",
            Self::MyInformation => "My Information",
            Self::Appointments => "Appointments",
            Self::Documents => "Documents",
            Self::TreatmentPlans => "Treatment plans",
            Self::Medications => "Medications",
            Self::HomeExercises => "Home exercises",
            Self::Forms => "Forms",
            Self::Payments => "Payments",
            Self::MyFiles => "My Files",
            Self::Messages => "Messages",
            Self::MyAccount => "My Account",
        }
    }
}

/// One tile on Home: an area this grant may use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalTile {
    pub area: PortalArea,
    pub title: String,
    /// What the area offers, in a sentence.
    pub description: String,
    /// What this grant sees of it, when less than everything (e.g. "Insurance forms only").
    pub scope: Option<String>,
    /// False while the area is still being built; the portal says so plainly.
    pub available: bool,
    /// A number to show on the tile: unread messages for Messages (at most
    /// [`crate::messaging::UNREAD_COUNT_CAP`], meaning "more than 99"); absent elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// An amount to show, in cents: the balance due for Payments (negative is a credit); absent
    /// elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
}

/// `GET /portal/patients/{patient_id}/home` (HOME-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalHome {
    pub patient: PortalPatient,
    pub practice: PracticeBranding,
    pub tiles: Vec<PortalTile>,
}

/// `GET /portal/patients/{patient_id}/my-information`. Guardians do not see gender identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalProfile {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub sex: AdministrativeSex,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_identity: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
}
