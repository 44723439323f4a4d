//! What can go wrong with a practice and its portal configuration.
use portico_types::ErrorCode;

use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};

#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error("practice not found")]
    NotFound,
    #[error("the slug is taken")]
    SlugTaken,
    /// The `If-Match` version is not the stored one: someone saved in between.
    #[error("stale configuration version")]
    Stale,
    #[error("If-Match missing")]
    VersionRequired,
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(PracticeError);

impl AreaError for PracticeError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::NotFound => Problem::not_found("practice"),
            Self::SlugTaken => Problem::conflict(
                "Another practice already uses this address; choose another.",
                Some("online_scheduling.slug"),
            ),
            Self::Stale => Problem::new(
                ErrorCode::PreconditionFailed,
                "Someone else changed this since you loaded it. Reload, review the current values and save again.",
            ),
            Self::VersionRequired => Problem::new(
                ErrorCode::PreconditionRequired,
                "Send the ETag you read as an If-Match header so a concurrent change is not overwritten.",
            ),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, PracticeError>;
