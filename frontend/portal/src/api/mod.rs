//! The kit's API client and the endpoints the patient app calls.
pub mod files;
pub mod messages;
pub mod portal;
pub mod registration;

pub use portico_kit::api::*;
