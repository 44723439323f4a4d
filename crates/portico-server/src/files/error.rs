//! What can go wrong with an upload or a download. Error bodies never repeat a file's name or
//! content (a file name can be PHI: "MRI knee – Maya Chen.pdf").
use portico_types::{ErrorCode, FieldError};

use crate::error::{ApiError, AreaError, FieldErrors, Problem, carries_platform_errors};

pub const TOO_LARGE: &str = "Files can be up to 10 MB each. Make this one smaller (a photo at a lower resolution, a scan in black and white) and try again.";
pub const TOO_MANY: &str = "Attach at most 5 files at a time; send the rest in another message.";
pub const NOT_ALLOWED: &str =
    "This kind of file cannot be sent. Send a PDF, a photo (JPEG, PNG, HEIC, GIF or WebP) or a plain text file.";

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Invalid(#[from] FieldErrors),
    /// A file part passed 10 MB while it was being read.
    #[error("file too large")]
    TooLarge { index: usize },
    /// The content is not on the allow-list, whatever the name says.
    #[error("file type not allowed")]
    NotAllowed { index: usize },
    /// Not a thread attachment or an upload this caller may read, or none at all (the same answer).
    #[error("file not found")]
    NotFound,
    /// Uploads come as `multipart/form-data`.
    #[error("not multipart")]
    NotMultipart,
    #[error("patient not found")]
    PatientNotFound,
    #[error("object storage: {0}")]
    Storage(#[from] object_store::Error),
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(FileError);

impl AreaError for FileError {
    fn problem(&self) -> Problem {
        let with_field = |code, message: &str, field: String| Problem {
            errors: vec![FieldError { field, message: message.into() }],
            ..Problem::new(code, message)
        };
        match self {
            Self::Invalid(e) => e.problem(),
            Self::TooLarge { index } => with_field(ErrorCode::PayloadTooLarge, TOO_LARGE, format!("file[{index}]")),
            Self::NotAllowed { index } => {
                with_field(ErrorCode::UnsupportedMediaType, NOT_ALLOWED, format!("file[{index}]"))
            }
            Self::NotFound => Problem::not_found("file"),
            Self::NotMultipart => Problem::new(
                ErrorCode::UnsupportedMediaType,
                "Send files as multipart/form-data, with a `file` part for each file.",
            ),
            Self::PatientNotFound => Problem::not_found("patient"),
            Self::Storage(_) => Problem::internal(),
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, FileError>;
