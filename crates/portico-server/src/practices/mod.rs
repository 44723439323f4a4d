//! Practices (tenants): branding and the portal configuration of SPEC §4.
pub mod error;
pub mod model;
pub mod routes;
pub mod service;
