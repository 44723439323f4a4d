//! Portico's server: the REST API, the staff consoles' back end and the SPA host.
//!
//! One room per area (`staff`, `practices`, `patients`, `scheduling`, `audit`), each with thin
//! `routes`, use cases in `service` and pure rules in `model`; cross-cutting machinery lives in
//! `platform`.
pub mod accounts;
pub mod app;
pub mod audit;
pub mod config;
pub mod deliveries;
pub mod demo;
pub mod domain;
pub mod entities;
pub mod error;
pub mod files;
pub mod health;
pub mod invitations;
pub mod messaging;
pub mod openapi;
pub mod outreach;
pub mod patients;
pub mod payments;
pub mod platform;
pub mod portal;
pub mod practices;
pub mod registration;
pub mod scheduling;
pub mod staff;
pub mod state;
