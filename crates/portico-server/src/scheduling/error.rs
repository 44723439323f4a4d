//! What can go wrong in scheduling. Reading reference data fails only on the platform's side;
//! booking rules (notice windows, double booking) will add their own variants here.
use crate::error::{ApiError, AreaError, Problem, carries_platform_errors};

#[derive(Debug, thiserror::Error)]
pub enum SchedulingError {
    #[error(transparent)]
    Platform(#[from] ApiError),
}

carries_platform_errors!(SchedulingError);

impl AreaError for SchedulingError {
    fn problem(&self) -> Problem {
        match self {
            Self::Platform(e) => e.describe(),
        }
    }
}

pub type Result<T> = std::result::Result<T, SchedulingError>;
