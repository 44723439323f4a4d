//! Who is signed in to the patient portal: a portal account (an email) with the patients it may
//! see. A different audience from staff, with its own access token (in memory only) and its own
//! refresh cookie (`portico_portal_refresh`, path `/api/v1/portal/auth`).
use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::auth::TokenResponse;
use portico_types::portal::{PortalLoginRequest, PortalMe};
use uuid::Uuid;

use crate::api::{self, Client};
use crate::links;
use crate::session::{Ended, Status, watch_idle};

#[derive(Clone, Copy)]
pub struct PortalSession {
    client: Client,
    me: RwSignal<Option<PortalMe>>,
    restored: RwSignal<bool>,
    started: StoredValue<bool>,
    /// Whether this page has held a session: only then does losing it deserve a message.
    had_session: StoredValue<bool>,
    ended: RwSignal<Option<Ended>>,
    /// The patient chosen in the switcher; the address (`?patient=`) says it too.
    patient: RwSignal<Option<Uuid>>,
    /// The email typed at sign-in, offered again on "Forgot password?" (memory only).
    pub typed_email: RwSignal<String>,
}

pub fn use_portal() -> PortalSession {
    expect_context::<PortalSession>()
}

impl PortalSession {
    pub fn new() -> Self {
        Self {
            client: Client::portal(),
            me: RwSignal::new(None),
            restored: RwSignal::new(false),
            started: StoredValue::new(false),
            had_session: StoredValue::new(false),
            ended: RwSignal::new(None),
            patient: RwSignal::new(None),
            typed_email: RwSignal::new(String::new()),
        }
    }

    /// The portal's API client (its token is the portal account's).
    pub fn client(&self) -> Client {
        self.client
    }

    pub fn status(&self) -> Status {
        if !self.restored.get() {
            Status::Restoring
        } else if self.client.has_token() && self.me.with(Option::is_some) {
            Status::SignedIn
        } else {
            Status::SignedOut
        }
    }

    /// The signed-in account and its patients (reactive).
    pub fn me(&self) -> Option<PortalMe> {
        self.me.get()
    }

    /// The patient to show: the one chosen, if the account may still see them, else the first.
    pub fn patient_or_first(&self, wanted: Option<Uuid>) -> Option<Uuid> {
        self.me.with(|me| {
            let me = me.as_ref()?;
            let allowed = |id: &Uuid| me.patients.iter().any(|p| p.patient_id == *id);
            wanted
                .filter(allowed)
                .or_else(|| self.patient.get().filter(allowed))
                .or_else(|| me.patients.first().map(|p| p.patient_id))
        })
    }

    pub fn select_patient(&self, id: Uuid) {
        if self.patient.get_untracked() != Some(id) {
            self.patient.set(Some(id));
        }
    }

    pub fn ended(&self) -> Option<Ended> {
        self.ended.get()
    }

    /// Records why the session ended, unless a reason is known or there was no session.
    pub fn note_ended(&self, why: Ended) {
        if self.had_session.get_value() && self.ended.get_untracked().is_none() {
            self.ended.set(Some(why));
        }
    }

    /// The reason has been read (the person is signing in again).
    pub fn clear_ended(&self) {
        if self.ended.get_untracked().is_some() {
            self.ended.set(None);
        }
    }

    /// Trades the refresh cookie for a session once per page load (refresh tokens rotate).
    pub fn restore_once(self) {
        if !self.started.get_value() {
            self.started.set_value(true);
            leptos::task::spawn_local(async move {
                if self.client.refresh().await.is_ok() {
                    let _ = self.load_me().await;
                }
                self.restored.set(true);
            });
        }
    }

    pub async fn sign_in(self, request: PortalLoginRequest) -> Result<(), ProblemDetails> {
        let practice = request.practice.clone();
        api::portal::login(self.client, request).await?;
        links::remember_practice(&practice);
        self.begin().await
    }

    /// Starts the session registration ended with (its token and cookie are the account's).
    pub async fn start(self, token: TokenResponse) -> Result<(), ProblemDetails> {
        self.client.set_token(token);
        self.begin().await
    }

    async fn begin(self) -> Result<(), ProblemDetails> {
        // The cookie just set is the session now: no start-up refresh may rotate it again.
        self.started.set_value(true);
        let loaded = self.load_me().await;
        self.restored.set(true);
        if loaded.is_ok() {
            self.ended.set(None);
            if let Some(slug) = self.me.with_untracked(|m| m.as_ref().map(|m| m.practice.slug.clone())) {
                links::remember_practice(&slug);
            }
        }
        loaded
    }

    pub async fn sign_out(self, why: Ended) {
        self.note_ended(why);
        api::portal::logout(self.client).await;
        self.forget();
    }

    /// Drops what this tab knows of the session without asking the server (after a password
    /// reset, which has already ended every session).
    pub fn forget(&self) {
        self.client.forget_token();
        self.me.set(None);
        self.patient.set(None);
    }

    async fn load_me(self) -> Result<(), ProblemDetails> {
        match api::portal::me(self.client).await {
            Ok(me) => {
                self.had_session.set_value(true);
                self.me.set(Some(me));
                Ok(())
            }
            Err(problem) => {
                self.client.forget_token();
                Err(problem)
            }
        }
    }

    /// SEC-7: signs out after 30 minutes without activity, while the portal is on screen.
    pub fn watch_idle(self) {
        watch_idle(move || leptos::task::spawn_local(self.sign_out(Ended::Idle)));
    }
}

impl Default for PortalSession {
    fn default() -> Self {
        Self::new()
    }
}
