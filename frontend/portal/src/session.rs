//! Who is signed in to the patient portal: a portal account (an email) with the patients it may
//! see. A different audience from staff, with its own access token (in memory only) and its own
//! refresh cookie (`portico_portal_refresh`, path `/api/v1/portal/auth`). The state machine is the
//! kit's [`Session`]; this adds the patient chosen in the switcher and the email typed at sign-in.
use std::ops::Deref;

use leptos::prelude::*;
use portico_kit::api::{ApiResult, Client};
use portico_kit::session::{Ended, Session, SessionKind, watch_idle};
use portico_types::portal::{PortalLoginRequest, PortalMe};
use uuid::Uuid;

use crate::api;
use crate::links;

/// The portal account's kind of session.
#[derive(Debug, Clone, Copy)]
pub struct PortalAccount;

impl SessionKind for PortalAccount {
    type Me = PortalMe;
    type Login = PortalLoginRequest;
    const REFRESH_PATH: &'static str = "/api/v1/portal/auth/refresh";
    const ANNOUNCE_UNHELD: bool = false;

    async fn login(client: Client, request: PortalLoginRequest) -> ApiResult<()> {
        let practice = request.practice.clone();
        api::portal::login(client, request).await?;
        links::remember_practice(&practice);
        Ok(())
    }

    async fn logout(client: Client) {
        api::portal::logout(client).await;
    }

    async fn me(client: Client) -> ApiResult<PortalMe> {
        api::portal::me(client).await
    }

    fn signed_in(me: &PortalMe) {
        links::remember_practice(&me.practice.slug);
    }
}

#[derive(Clone, Copy)]
pub struct PortalSession {
    session: Session<PortalAccount>,
    /// The patient chosen in the switcher; the address (`?patient=`) says it too.
    patient: RwSignal<Option<Uuid>>,
    /// The email typed at sign-in, offered again on "Forgot password?" (memory only).
    pub typed_email: RwSignal<String>,
}

pub fn use_portal() -> PortalSession {
    expect_context::<PortalSession>()
}

impl Deref for PortalSession {
    type Target = Session<PortalAccount>;

    fn deref(&self) -> &Self::Target {
        &self.session
    }
}

impl PortalSession {
    pub fn new() -> Self {
        Self { session: Session::new(), patient: RwSignal::new(None), typed_email: RwSignal::new(String::new()) }
    }

    /// The patient to show: the one chosen, if the account may still see them, else the first.
    pub fn patient_or_first(&self, wanted: Option<Uuid>) -> Option<Uuid> {
        self.session.with_me(|me| {
            let me = me?;
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

    pub async fn sign_out(self, why: Ended) {
        self.session.sign_out(why).await;
        self.patient.set(None);
    }

    /// Drops what this tab knows of the session without asking the server (after a password
    /// reset, which has already ended every session).
    pub fn forget(&self) {
        self.session.forget();
        self.patient.set(None);
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
