//! Payments (PAY-1…5): the append-only patient ledger, balances, and Patient Responsibility.
//! Paying by card, saved cards, idempotency and the pay link come next.
pub mod error;
pub mod gateway;
pub mod model;
pub mod routes;
pub mod service;
