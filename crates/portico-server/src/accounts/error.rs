//! What can go wrong with portal accounts: sign-in, password reset, grants.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    /// Not a live grant of the caller's practice (or already ended).
    #[error("grant not found")]
    GrantNotFound,
    /// Not a registered portal account of the caller's practice.
    #[error("portal account not found")]
    AccountNotFound,
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
            Self::GrantNotFound => Problem::not_found("portal access"),
            Self::AccountNotFound => Problem::not_found("portal account"),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, AccountError>;
