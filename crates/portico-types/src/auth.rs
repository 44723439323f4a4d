use serde::{Deserialize, Serialize};

use crate::practice::PracticeBranding;
use crate::staff::StaffRole;
use uuid::Uuid;

/// The shortest password any account may choose (REG-4, NIST SP 800-63B), in characters.
pub const PASSWORD_MIN_LEN: usize = 12;
/// The longest password any account may choose, in characters.
pub const PASSWORD_MAX_LEN: usize = 128;

/// Whether `password` has an allowed length (counted in characters, as people count them). The
/// server checks the rest of the policy (common passwords, the email's first part).
pub fn password_length_ok(password: &str) -> bool {
    (PASSWORD_MIN_LEN..=PASSWORD_MAX_LEN).contains(&password.chars().count())
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254, format = Email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
    /// The practice's code (`riverside-pt`). Needed only when the email is a staff account at more than
    /// one practice: without it such an email fails like a wrong password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub practice: Option<String>,
}

/// A short-lived access token; the refresh token travels in an HttpOnly cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until `access_token` expires.
    pub expires_in: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub new_password: String,
}

/// The signed-in staff user and their practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMe {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub roles: Vec<StaffRole>,
    pub practice: PracticeBranding,
}
