//! Outreach Flows (OUT-1, OUT-2): practice templates for email and SMS with variants, a preview
//! for a chosen patient, and sends to a chosen audience with per-recipient delivery status.
pub mod error;
pub mod routes;
pub mod service;
pub mod template;
