//! What can go wrong with an invitation or one of its links (INV-3…7).
use portico_types::ErrorCode;

use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::patients::error::PatientError;
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    /// The person or their channels do not allow this invitation (INV-1, INV-2).
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error("contact not found")]
    ContactNotFound,
    #[error("invitation not found")]
    NotFound,
    /// INV-3: this person was sent an invitation moments ago.
    #[error("invitation cooldown")]
    Cooldown { retry_after_seconds: u64 },
    #[error("already registered")]
    AlreadyRegistered { name: String },
    #[error("invitation revoked")]
    ResendRevoked,
    /// A link that cannot be used (INV-4, INV-7).
    #[error("invitation link not valid")]
    LinkInvalid,
    #[error("invitation link expired")]
    LinkExpired,
    #[error("invitation link revoked")]
    LinkRevoked,
    #[error("invitation already accepted")]
    LinkAccepted { sign_in_path: String },
    #[error(transparent)]
    Patient(#[from] PatientError),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(InvitationError);

impl InvitationError {
    /// Why this person cannot be invited right now, in words for staff, when the reason is about
    /// the person (no address, invited moments ago) rather than a failure: a bulk send (Outreach
    /// Flows) records it against the recipient and goes on with the others.
    pub fn skip_reason(&self) -> Option<String> {
        match self {
            Self::Cooldown { retry_after_seconds } => {
                Some(format!("An invitation was sent moments ago; send again in {retry_after_seconds} seconds."))
            }
            Self::Invalid(e) => e.first_message().map(str::to_owned),
            Self::AlreadyRegistered { .. } => Some("Already has portal access.".to_owned()),
            _ => None,
        }
    }
}

impl AreaError for InvitationError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            // The id came in the body: the path's patient is here, so this is a field to correct.
            Self::ContactNotFound => FieldErrors::one(
                "contact_id",
                "This is not one of the patient's contacts. Choose a guardian or guarantor on the facesheet.",
            )
            .problem(),
            Self::NotFound => Problem::not_found("invitation"),
            Self::Cooldown { retry_after_seconds } => {
                Problem::rate_limited("An invitation was just sent to this person.", *retry_after_seconds)
            }
            Self::AlreadyRegistered { name } => Problem::conflict(
                format!(
                    "{name} has already registered for the portal and can sign in. If they forgot their \
                     password, they can reset it from the sign-in page."
                ),
                None,
            ),
            Self::ResendRevoked => {
                Problem::conflict("This invitation was revoked. Send a new invitation instead.", None)
            }
            Self::LinkInvalid => Problem::new(
                ErrorCode::InvitationInvalid,
                "This registration link is not valid. Open the link from your invitation email or text exactly \
                 as sent, or call your practice and ask them to send you a new invitation.",
            ),
            Self::LinkExpired => Problem::new(
                ErrorCode::InvitationExpired,
                "This registration link has expired. Call your practice and ask them to send you a new invitation.",
            ),
            Self::LinkRevoked => Problem::new(
                ErrorCode::InvitationRevoked,
                "This invitation was withdrawn by your practice. Call them if you still want to use the patient \
                 portal.",
            ),
            Self::LinkAccepted { sign_in_path } => Problem {
                sign_in_path: Some(sign_in_path.clone()),
                ..Problem::new(
                    ErrorCode::InvitationAccepted,
                    "You have already registered with this invitation. Sign in with your email and password.",
                )
            },
            Self::Patient(e) => e.problem(),
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, InvitationError>;
