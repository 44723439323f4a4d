//! Who is signed in: one state machine for staff and portal accounts, generic over a
//! [`SessionKind`] that names what differs (the endpoints, the refresh cookie's path, what the
//! account looks like). Each app provides its session via context.
//!
//! The access token lives in the session's [`Client`], in memory only; the refresh token is an
//! HttpOnly cookie scoped to the kind's auth path, which the SPA never sees.
use std::future::Future;
use std::marker::PhantomData;
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::auth::TokenResponse;

use crate::api::{ApiResult, Client};

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

/// What differs between the staff consoles' session and the patient portal's. Like the server's
/// `SessionKind`: a marker type per audience.
pub trait SessionKind: Copy + 'static {
    /// The signed-in account, as `GET …/me` describes it.
    type Me: Clone + Send + Sync + 'static;
    /// What signing in sends.
    type Login: 'static;
    /// Where the refresh cookie is traded for a new access token (the cookie's path covers it).
    const REFRESH_PATH: &'static str;
    /// Whether a lost session is announced on a page that never held one (a staff bookmark
    /// opened after the session expired says so; a patient's first visit says nothing).
    const ANNOUNCE_UNHELD: bool;

    /// Signs in; on success the client holds the new access token.
    fn login(client: Client, request: Self::Login) -> impl Future<Output = ApiResult<()>>;
    /// Ends the session on the server; the token is forgotten here whatever the answer.
    fn logout(client: Client) -> impl Future<Output = ()>;
    fn me(client: Client) -> impl Future<Output = ApiResult<Self::Me>>;
    /// Runs once the account is known after a sign-in (the portal remembers the practice).
    fn signed_in(_me: &Self::Me) {}
}

pub struct Session<K: SessionKind> {
    client: Client,
    me: RwSignal<Option<K::Me>>,
    restored: RwSignal<bool>,
    /// Whether the start-up refresh has been sent (it must be sent once only: refresh tokens rotate).
    started: StoredValue<bool>,
    /// Whether this page has held a session (see [`SessionKind::ANNOUNCE_UNHELD`]).
    had_session: StoredValue<bool>,
    ended: RwSignal<Option<Ended>>,
    kind: PhantomData<fn() -> K>,
}

impl<K: SessionKind> Clone for Session<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: SessionKind> Copy for Session<K> {}

impl<K: SessionKind> Default for Session<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: SessionKind> Session<K> {
    pub fn new() -> Self {
        Self {
            client: Client::new(K::REFRESH_PATH),
            me: RwSignal::new(None),
            restored: RwSignal::new(false),
            started: StoredValue::new(false),
            had_session: StoredValue::new(false),
            ended: RwSignal::new(None),
            kind: PhantomData,
        }
    }

    /// This session's API client (its token is this account's).
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

    /// The signed-in account (reactive).
    pub fn me(&self) -> Option<K::Me> {
        self.me.get()
    }

    /// Reads the signed-in account without cloning it (reactive).
    pub fn with_me<R>(&self, f: impl FnOnce(Option<&K::Me>) -> R) -> R {
        self.me.with(|me| f(me.as_ref()))
    }

    /// Why the previous session ended, if it did (reactive).
    pub fn ended(&self) -> Option<Ended> {
        self.ended.get()
    }

    /// Records why the session ended unless a reason is already known (an explicit sign-out
    /// also drops the token, which would otherwise read as an expiry).
    pub fn note_ended(&self, why: Ended) {
        let worth_saying = K::ANNOUNCE_UNHELD || self.had_session.get_value();
        if worth_saying && self.ended.get_untracked().is_none() {
            self.ended.set(Some(why));
        }
    }

    /// The reason has been read (the person is signing in again).
    pub fn clear_ended(&self) {
        if self.ended.get_untracked().is_some() {
            self.ended.set(None);
        }
    }

    /// Trades the refresh cookie for a session once per page load (refresh tokens rotate): the
    /// cookie, if still valid, brings the session back after a reload.
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

    pub async fn sign_in(self, request: K::Login) -> Result<(), ProblemDetails> {
        K::login(self.client, request).await?;
        self.begin().await
    }

    /// Starts a session whose token arrived otherwise (registration ends with one; its cookie
    /// is the account's).
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
            self.me.with_untracked(|me| me.as_ref().map(K::signed_in));
        }
        loaded
    }

    pub async fn sign_out(self, why: Ended) {
        self.note_ended(why);
        K::logout(self.client).await;
        self.forget();
    }

    /// Drops what this tab knows of the session without asking the server (after a password
    /// reset, which has already ended every session).
    pub fn forget(&self) {
        self.client.forget_token();
        self.me.set(None);
    }

    /// Reads the signed-in account again after a change to it (an admin renaming themselves).
    /// A failure keeps what is shown: it only means the old name stays until the next reload.
    pub async fn reload_me(self) {
        if let Ok(me) = K::me(self.client).await {
            self.me.set(Some(me));
        }
    }

    async fn load_me(self) -> Result<(), ProblemDetails> {
        match K::me(self.client).await {
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

    /// SEC-7: starts watching for activity; signs out after [`IDLE_LIMIT_MS`] without any.
    /// Stops when the calling component (the app's shell) is unmounted.
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
