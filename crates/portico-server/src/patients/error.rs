//! What can go wrong with patients and their contacts.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};

#[derive(Debug, thiserror::Error)]
pub enum PatientError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    /// Not this practice's patient, or no such patient (SEC-2: the same answer).
    #[error("patient not found")]
    PatientNotFound,
    #[error("contact not found")]
    ContactNotFound,
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(PatientError);

impl AreaError for PatientError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::PatientNotFound => Problem::not_found("patient"),
            Self::ContactNotFound => Problem::not_found("contact"),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PatientError>;
