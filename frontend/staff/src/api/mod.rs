//! The kit's API client and the endpoints the staff consoles call.
pub mod files;
pub mod invitations;
pub mod messages;
pub mod outreach;
pub mod patients;
pub mod payments;
pub mod practice;
pub mod staff;

pub use portico_kit::api::*;
