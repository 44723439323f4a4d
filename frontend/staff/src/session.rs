//! Who is signed in to the staff consoles: the kit's [`Session`] for staff accounts (refresh
//! cookie `portico_refresh`, path `/api/v1/staff/auth`), plus what their roles allow.
use std::ops::Deref;

use leptos::prelude::*;
use portico_kit::api::{ApiResult, Client};
use portico_kit::session::{Session, SessionKind};
use portico_types::auth::{LoginRequest, StaffMe};
use portico_types::staff::StaffCapability;
use uuid::Uuid;

use crate::api;

/// The staff account's kind of session.
#[derive(Debug, Clone, Copy)]
pub struct StaffAccount;

/// Email, password and (rarely) the practice, as typed on the sign-in page.
#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// The practice's code, for an email on the staff of more than one practice.
    pub practice: Option<String>,
}

impl SessionKind for StaffAccount {
    type Me = StaffMe;
    type Login = Credentials;
    const REFRESH_PATH: &'static str = "/api/v1/staff/auth/refresh";
    const ANNOUNCE_UNHELD: bool = true;

    async fn login(client: Client, request: Credentials) -> ApiResult<()> {
        api::staff::login(
            client,
            LoginRequest { email: request.email, password: request.password, practice: request.practice },
        )
        .await
    }

    async fn logout(client: Client) {
        api::staff::logout(client).await;
    }

    async fn me(client: Client) -> ApiResult<StaffMe> {
        api::staff::me(client).await
    }
}

#[derive(Clone, Copy)]
pub struct StaffSession(Session<StaffAccount>);

pub fn use_session() -> StaffSession {
    expect_context::<StaffSession>()
}

impl Deref for StaffSession {
    type Target = Session<StaffAccount>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl StaffSession {
    pub fn new() -> Self {
        Self(Session::new())
    }

    /// The signed-in user's id (reactive).
    pub fn user_id(&self) -> Option<Uuid> {
        self.with_me(|me| me.map(|me| me.id))
    }

    /// Whether the user's roles allow `what` (reactive); the API enforces the same rules.
    pub fn may(&self, what: StaffCapability) -> bool {
        self.with_me(|me| me.is_some_and(|me| what.granted_to(&me.roles)))
    }

    pub fn is_admin(&self) -> bool {
        self.may(StaffCapability::Administer)
    }

    /// Whether the user may send, resend and revoke portal invitations (reactive).
    pub fn can_invite(&self) -> bool {
        self.may(StaffCapability::InvitePatients)
    }
}

impl Default for StaffSession {
    fn default() -> Self {
        Self::new()
    }
}
