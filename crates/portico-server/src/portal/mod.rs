//! The patient portal's own routes (`/api/v1/portal/…` beyond sign-in): the account with its
//! patients, Home, and the areas as they are built. Every patient route takes a
//! `Grant<areas::…>`, so the visibility matrix is checked before a handler runs.
pub mod error;
pub mod model;
pub mod routes;
pub mod service;
