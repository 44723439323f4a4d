//! What can go wrong reading the delivery log.
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    /// Not this practice's message, or not kept in the file mailbox.
    #[error("message not in the file mailbox")]
    NotFiled,
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(DeliveryError);

impl AreaError for DeliveryError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::NotFiled => Problem::not_found("message in the file mailbox"),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, DeliveryError>;
