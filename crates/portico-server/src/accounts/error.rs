//! What can go wrong with portal accounts: sign-in, password reset, grants.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    /// Includes the shared sign-in failures (`InvalidCredentials`, throttling) of `platform`.
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(AccountError);

impl AreaError for AccountError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, AccountError>;
