//! What can go wrong with staff users and their sign-in.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error("staff user not found")]
    NotFound,
    #[error("email taken")]
    EmailTaken,
    /// Includes the shared sign-in failures (`InvalidCredentials`, throttling) of `platform`.
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(StaffError);

impl AreaError for StaffError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::NotFound => Problem::not_found("staff user"),
            Self::EmailTaken => Problem::conflict("A staff user with this email already exists.", Some("email")),
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, StaffError>;
