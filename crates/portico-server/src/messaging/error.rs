//! What can go wrong with messages and threads.
use portico_types::ErrorCode;

use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};
use crate::files::error::FileError;
use crate::practices::error::PracticeError;

#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    #[error(transparent)]
    Practice(#[from] PracticeError),
    #[error(transparent)]
    Files(#[from] FileError),
    /// Not a thread this caller may read, or no such thread (the same answer).
    #[error("thread not found")]
    ThreadNotFound,
    #[error("patient not found")]
    PatientNotFound,
    /// The practice has turned messaging off (CFG-5).
    #[error("messaging is off")]
    MessagingOff,
    /// Only staff start threads at this practice (CFG-5).
    #[error("patients may not start threads")]
    PatientsMayNotStart,
    /// Closed threads take no replies until staff reopen them (MSG-4).
    #[error("thread closed")]
    Closed,
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(MessagingError);

impl AreaError for MessagingError {
    fn problem(&self) -> Problem {
        match self {
            Self::Invalid(e) => e.problem(),
            Self::Practice(e) => e.problem(),
            Self::Files(e) => e.problem(),
            Self::ThreadNotFound => Problem::not_found("thread"),
            Self::PatientNotFound => Problem::not_found("patient"),
            Self::MessagingOff => Problem::new(
                ErrorCode::Forbidden,
                "This practice does not use portal messages. Call the practice instead.",
            ),
            Self::PatientsMayNotStart => Problem::new(
                ErrorCode::Forbidden,
                "This practice starts conversations itself: reply to one of its messages, or call the practice.",
            ),
            Self::Closed => Problem::conflict(
                "This conversation is closed and takes no more replies. Start a new one, or ask the practice to reopen it.",
                None,
            ),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, MessagingError>;
