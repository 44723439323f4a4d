//! What can go wrong in the patient portal's areas. The grant itself (no access → 404, role not
//! allowed → 403) is checked by the `Grant` extractor before a handler runs.
use crate::error::{ApiError, AreaError, Problem, carries_platform_errors};
use crate::patients::error::PatientError;
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    /// The account was removed or locked while its access token was still live.
    #[error("account gone")]
    AccountGone,
    #[error(transparent)]
    Patient(#[from] PatientError),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(PortalError);

impl AreaError for PortalError {
    fn problem(&self) -> Problem {
        match self {
            Self::AccountGone => ApiError::Unauthenticated("Sign in again.").describe(),
            Self::Patient(e) => e.problem(),
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PortalError>;
