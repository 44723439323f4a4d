//! Cross-cutting machinery every area uses: database, clock, crypto, authentication, throttling,
//! audit, pagination and the HTTP plumbing that makes every error problem+json.
pub mod audit;
pub mod auth;
pub mod background;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod http;
pub mod idempotency;
pub mod jwt;
pub mod outbox;
pub mod pagination;
pub mod passwords;
pub mod policy;
pub mod portal;
pub mod request;
pub mod sessions;
pub mod spa;
pub mod storage;
pub mod throttle;
