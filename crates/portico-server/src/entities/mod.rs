//! sea-orm entities, one per table. They never leave the server: areas map them to the DTOs in
//! `portico-types` explicitly.
pub mod appointment_types;
pub mod audit_events;
pub mod auth_sessions;
pub mod availability_rules;
pub mod locations;
pub mod outbox_messages;
pub mod patient_contacts;
pub mod patients;
pub mod portal_configs;
pub mod practices;
pub mod providers;
pub mod rate_limits;
pub mod refresh_tokens;
pub mod staff_users;
