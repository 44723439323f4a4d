//! Reading the audit log (administrators). Writing it is `platform::audit`.
pub mod error;
pub mod routes;
pub mod service;
