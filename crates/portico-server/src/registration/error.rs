//! What can go wrong while registering from an invitation (REG-1…5).
use portico_types::ErrorCode;

use crate::accounts::error::AccountError;
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::invitations::error::InvitationError;
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    /// REG-1: a step before the ones it depends on; says which step comes first.
    #[error("step out of order: {0}")]
    StepOutOfOrder(&'static str),
    /// REG-3: a code was sent on this channel moments ago.
    #[error("code cooldown")]
    CodeCooldown { retry_after_seconds: u64 },
    /// Issue 9, item 3: the hour's codes or wrong tries (or the day's phone numbers) are used up.
    #[error("code limit")]
    CodeLimit { retry_after_seconds: u64, why: &'static str },
    /// The invitation behind the registration token is gone.
    #[error("registration session ended")]
    SessionEnded,
    /// The link or invitation can no longer be used (expired, revoked, accepted).
    #[error(transparent)]
    Invitation(#[from] InvitationError),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(RegistrationError);

impl AreaError for RegistrationError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::StepOutOfOrder(why) => Problem::new(ErrorCode::RegistrationStepOutOfOrder, *why),
            Self::CodeCooldown { retry_after_seconds } => {
                Problem::rate_limited("A code was sent a moment ago.", *retry_after_seconds)
            }
            Self::CodeLimit { retry_after_seconds, why } => Problem::rate_limited(why, *retry_after_seconds),
            Self::SessionEnded => ApiError::Unauthenticated("Open the link from your invitation again.").describe(),
            Self::Invitation(e) => e.problem(),
            Self::Account(e) => e.problem(),
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, RegistrationError>;
