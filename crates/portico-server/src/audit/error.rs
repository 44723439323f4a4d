//! What can go wrong reading the audit log.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(AuditError);

impl AreaError for AuditError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, AuditError>;
