//! Integration tests: the real app, a fresh database per test (SQLite, or PostgreSQL with
//! `PORTICO_TEST_DATABASE_URL`), real migrations, a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod audit;
mod auth;
mod card_payments;
mod config;
mod files;
mod helpers;
mod invitations;
mod messaging;
mod outbox;
mod outreach;
mod patients;
mod pay_links;
mod payments;
mod platform;
mod portal;
mod portal_support;
mod registration;
mod spa;
