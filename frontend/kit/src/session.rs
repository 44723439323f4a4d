//! Who is signed in to the staff consoles. One [`Session`] is provided via context by
//! [`crate::app::App`]; the patient portal has its own, [`crate::portal_session::PortalSession`].
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::auth::StaffMe;
use portico_types::staff::StaffRole;
use uuid::Uuid;

use crate::api::{self, Client};

/// SEC-7: sign out after this long without keyboard, pointer or scroll activity.
const IDLE_LIMIT_MS: f64 = 30.0 * 60.0 * 1000.0;
const IDLE_CHECK: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The start-up refresh has not answered yet.
    Restoring,
    SignedIn,
    SignedOut,
}

/// Why the last session ended, for the sign-in page to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user pressed "Sign out".
    SignedOut,
    /// SEC-7 automatic logoff.
    Idle,
    /// The refresh token was refused (expired, revoked or signed out elsewhere).
    Expired,
}

impl Ended {
    pub const fn message(self) -> &'static str {
        match self {
            Self::SignedOut => "You have signed out.",
            Self::Idle => "You were signed out after 30 minutes without activity, to protect patient information.",
            Self::Expired => "Your session has ended. Sign in again to continue.",
        }
    }

    /// The same, in the words the patient portal uses.
    pub const fn portal_message(self) -> &'static str {
        match self {
            Self::SignedOut => "You have signed out. See you next time.",
            Self::Idle => {
                "We signed you out after 30 minutes without activity, to keep your health information private."
            }
            Self::Expired => "You were signed out. Please sign in again.",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    client: Client,
    me: RwSignal<Option<StaffMe>>,
    restored: RwSignal<bool>,
    /// Whether the start-up refresh has been sent (it must be sent once only: refresh tokens rotate).
    started: StoredValue<bool>,
    ended: RwSignal<Option<Ended>>,
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            me: RwSignal::new(None),
            restored: RwSignal::new(false),
            started: StoredValue::new(false),
            ended: RwSignal::new(None),
        }
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

    /// The signed-in user (reactive).
    pub fn me(&self) -> Option<StaffMe> {
        self.me.get()
    }

    /// The signed-in user's id (reactive).
    pub fn user_id(&self) -> Option<Uuid> {
        self.me.with(|me| me.as_ref().map(|me| me.id))
    }

    pub fn is_admin(&self) -> bool {
        self.has_any_role(&[StaffRole::Admin])
    }

    /// Whether the user may send, resend and revoke portal invitations (reactive).
    pub fn can_invite(&self) -> bool {
        self.has_any_role(&[StaffRole::Admin, StaffRole::FrontDesk, StaffRole::Billing])
    }

    fn has_any_role(&self, roles: &[StaffRole]) -> bool {
        self.me.with(|me| me.as_ref().is_some_and(|me| me.roles.iter().any(|r| roles.contains(r))))
    }

    /// Why the previous session ended, if it did (reactive).
    pub fn ended(&self) -> Option<Ended> {
        self.ended.get()
    }

    /// Records why the session ended unless a reason is already known (an explicit sign-out
    /// also drops the token, which would otherwise read as an expiry).
    pub fn note_ended(&self, why: Ended) {
        if self.ended.get_untracked().is_none() {
            self.ended.set(Some(why));
        }
    }

    /// Starts [`Self::restore`] unless it already ran: the app calls it on start-up for staff
    /// pages, and the staff pages call it too for a visit that began in the patient portal.
    pub fn restore_once(self) {
        if !self.started.get_value() {
            self.started.set_value(true);
            leptos::task::spawn_local(self.restore());
        }
    }

    /// On start-up: the refresh cookie, if still valid, brings the session back after a reload.
    pub async fn restore(self) {
        if self.client.refresh().await.is_ok() {
            let _ = self.load_me().await;
        }
        self.restored.set(true);
    }

    pub async fn sign_in(self, email: String, password: String) -> Result<(), ProblemDetails> {
        api::staff::login(self.client, email, password).await?;
        self.load_me().await?;
        self.ended.set(None);
        Ok(())
    }

    pub async fn sign_out(self, why: Ended) {
        self.note_ended(why);
        api::staff::logout(self.client).await;
        self.me.set(None);
    }

    /// Reads the signed-in user again after a change to them (an admin renaming themselves).
    /// A failure keeps what is shown: it only means the old name stays until the next reload.
    pub async fn reload_me(self) {
        if let Ok(me) = api::staff::me(self.client).await {
            self.me.set(Some(me));
        }
    }

    async fn load_me(self) -> Result<(), ProblemDetails> {
        match api::staff::me(self.client).await {
            Ok(me) => {
                self.me.set(Some(me));
                Ok(())
            }
            Err(problem) => {
                self.client.forget_token();
                Err(problem)
            }
        }
    }

    /// SEC-7: starts watching for activity; signs out after [`IDLE_LIMIT_MS`] without any.
    /// Stops when the calling component (the staff shell) is unmounted.
    pub fn watch_idle(self) {
        watch_idle(move || leptos::task::spawn_local(self.sign_out(Ended::Idle)));
    }
}

/// SEC-7: calls `on_idle` once a person has not used the keyboard, pointer or scroll wheel for
/// [`IDLE_LIMIT_MS`]. Stops when the calling component is unmounted.
pub fn watch_idle(on_idle: impl Fn() + 'static) {
    let last_active = StoredValue::new(js_sys::Date::now());
    let touch = move || last_active.set_value(js_sys::Date::now());
    let listeners = [
        window_event_listener(ev::keydown, move |_| touch()),
        window_event_listener(ev::pointerdown, move |_| touch()),
        window_event_listener(ev::wheel, move |_| touch()),
        window_event_listener(ev::touchstart, move |_| touch()),
    ];
    let interval = set_interval_with_handle(
        move || {
            if js_sys::Date::now() - last_active.get_value() > IDLE_LIMIT_MS {
                // Once: the next check is a fresh stretch of time.
                last_active.set_value(js_sys::Date::now());
                on_idle();
            }
        },
        IDLE_CHECK,
    )
    .ok();
    on_cleanup(move || {
        listeners.into_iter().for_each(|l| l.remove());
        if let Some(interval) = interval {
            interval.clear();
        }
    });
}
