//! Registration from an invitation link (SPEC §3, REG-1…5).
use serde::{Deserialize, Serialize};

use crate::invitations::GrantRole;
use crate::practice::PracticeBranding;

/// `POST /registration`: the token from the link's fragment (`/register#t=…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartRegistration {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
}

/// Where the invitee is. The server enforces the order (REG-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStep {
    /// 1: choose a password (and the email, when the invitation went by SMS only).
    CreateAccount,
    /// 2: enter the code emailed to the account's address.
    VerifyEmail,
    /// 3: enter the code texted to a phone.
    VerifyPhone,
    /// 4: review and accept the terms.
    Complete,
    /// The email already has a portal account here: sign in to add this patient to it.
    SignIn,
}

impl RegistrationStep {
    /// The step's number in the four-step wizard (sign-in counts as the first).
    pub const fn number(self) -> u8 {
        match self {
            Self::CreateAccount | Self::SignIn => 1,
            Self::VerifyEmail => 2,
            Self::VerifyPhone => 3,
            Self::Complete => 4,
        }
    }
}

/// The state of a registration, returned by every registration call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationStatus {
    pub step: RegistrationStep,
    pub practice: PracticeBranding,
    pub role: GrantRole,
    pub invitee_first_name: String,
    /// The patient's first name, for "You are registering to see Maya's portal".
    pub patient_first_name: String,
    /// The account's email: from the invitation, or entered at step 1 for SMS-only invitations.
    /// Masked (`m•••@example.com`) until step 2 proves the registrant reads that mailbox.
    pub email: Option<String>,
    /// Step 3: the phone on file, masked (`•••-•••-0123`), if there is one.
    pub phone_on_file: Option<String>,
    /// Where the current code went, masked.
    pub code_sent_to: Option<String>,
    /// Seconds until another code can be sent (REG-3).
    pub resend_in_seconds: u64,
    /// The phone confirmed at step 3, masked, for the review at step 4.
    #[serde(default)]
    pub phone_verified: Option<String>,
}

/// `POST /registration` answer: a token for the registration endpoints only (REG-5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationStarted {
    pub registration_token: String,
    /// Seconds until `registration_token` expires; open the link again for a new one.
    pub expires_in: u64,
    pub status: RegistrationStatus,
}

/// Step 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAccountRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: String,
    /// Only for invitations sent by SMS alone; otherwise the invitation's email is used.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, format = Email))]
    pub email: Option<String>,
}

/// Steps 2 and 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyCodeRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 16))]
    pub code: String,
}

/// Step 3: send a code to `phone`, or to the phone on file when absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendPhoneCodeRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub phone: Option<String>,
}

/// Step 4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteRegistrationRequest {
    pub accept_terms: bool,
}

/// For an invitee who already has an account: their password adds the patient to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationSignInRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}
