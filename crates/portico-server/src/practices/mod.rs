//! Practices (tenants): branding and the portal configuration of SPEC §4.
pub mod model;
pub mod routes;
pub mod service;
