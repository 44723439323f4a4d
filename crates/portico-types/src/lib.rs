//! Portico's API contract: the JSON bodies the server sends and accepts.
//!
//! Compiled for the server (with the `openapi` feature, which derives the OpenAPI schemas) and for
//! the WASM SPA, so both sides agree on every field and on every [`ErrorCode`].

pub mod audit;
pub mod auth;
pub mod common;
pub mod deliveries;
pub mod files;
pub mod health;
pub mod invitations;
pub mod messaging;
pub mod names;
pub mod outreach;
pub mod patients;
pub mod payments;
pub mod portal;
pub mod practice;
pub mod registration;
pub mod scheduling;
pub mod staff;

pub use common::{ErrorCode, FieldError, Page, ProblemDetails};
