//! Secure messaging (SPEC MSG-1…4): threads between the practice's staff and a patient's portal
//! accounts, per-reader unread markers, and notices without PHI.
pub mod error;
pub mod model;
pub mod routes;
pub mod service;
