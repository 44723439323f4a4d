//! The delivery log: what the outbox (`platform::outbox`) sent, to whom, and how it went.
pub mod error;
pub mod routes;
pub mod service;
