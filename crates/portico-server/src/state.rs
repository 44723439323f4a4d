use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::platform::clock::Clock;
use crate::platform::jwt::JwtKeys;

/// Everything a request handler may need, built once in `app.rs` and shared (no globals).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub jwt: JwtKeys,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
