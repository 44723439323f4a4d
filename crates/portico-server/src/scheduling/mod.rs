//! Scheduling: for now the reference data (providers, locations, appointment types) that the
//! portal configuration offers online. Slots, appointments and the waitlist come later.
pub mod error;
pub mod routes;
pub mod service;
