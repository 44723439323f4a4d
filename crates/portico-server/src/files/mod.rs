//! Files (FILE-1, SEC-4): reading uploads with their caps, deciding types from content, keeping
//! the records, My Files, and answering downloads. Bytes live in [`crate::platform::storage`].
pub mod error;
pub mod model;
pub mod routes;
pub mod service;
pub mod upload;
