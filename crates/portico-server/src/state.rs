use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::payments::gateway::Gateway;
use crate::platform::background::Background;
use crate::platform::clock::Clock;
use crate::platform::jwt::JwtKeys;
use crate::platform::passwords::Hasher;
use crate::platform::storage::FileStore;

/// Everything a request handler may need, built once in `app.rs` and shared (no globals).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub jwt: JwtKeys,
    pub settings: Arc<Settings>,
    /// The one way request paths hash and verify passwords: bounded work.
    pub passwords: Arc<Hasher>,
    /// Work answered before it is done (password-reset requests).
    pub background: Background,
    /// Attachments and uploads (FILE-1).
    pub files: FileStore,
    /// Card payments (PAY-3): the built-in sandbox unless configured otherwise.
    pub gateway: Arc<dyn Gateway>,
}

impl AppState {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
