//! What can go wrong with the ledger.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error("patient not found")]
    PatientNotFound,
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(PaymentError);

impl AreaError for PaymentError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::PatientNotFound => Problem::not_found("patient"),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PaymentError>;
