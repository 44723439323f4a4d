//! Patients and their contacts: the facesheet data every other area hangs off.
pub mod error;
pub mod model;
pub mod routes;
pub mod service;
