//! What can go wrong with Outreach Flows templates and sends (OUT-1, OUT-2).
use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::invitations::error::InvitationError;
use crate::patients::error::PatientError;
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum OutreachError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error("template not found")]
    TemplateNotFound,
    #[error("send not found")]
    SendNotFound,
    #[error(transparent)]
    Invitation(#[from] InvitationError),
    #[error(transparent)]
    Patient(#[from] PatientError),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(OutreachError);

impl AreaError for OutreachError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::TemplateNotFound => Problem::not_found("template"),
            Self::SendNotFound => Problem::not_found("send"),
            Self::Invitation(e) => e.problem(),
            Self::Patient(e) => e.problem(),
            Self::Practice(e) => e.problem(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, OutreachError>;
