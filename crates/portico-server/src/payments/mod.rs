//! Payments (PAY-1…4): the append-only patient ledger and balances (`service`), paying by card
//! (`card`), refunds, saved cards (`methods`), the gateways behind one trait, and Patient
//! Responsibility, and statements with their pay links (`pay_link`).
pub mod card;
pub mod error;
pub mod gateway;
pub mod methods;
pub mod model;
pub mod pay_link;
pub mod refunds;
pub mod routes;
pub mod service;
