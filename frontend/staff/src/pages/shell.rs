//! The frame around every staff console: practice branding, navigation (a sidebar on desktop, a
//! menu button on phones), the signed-in user, and the rules that apply while signed in
//! (redirect when the session ends, SEC-7 idle sign-out, focus after navigation).
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};
use portico_types::auth::StaffMe;

use crate::components::{FlashMessage, Loading, focus};
use crate::consoles;
use crate::format;
use crate::links;
use crate::session::use_session;
use portico_kit::session::{Ended, Status};

#[component]
pub fn StaffShell() -> impl IntoView {
    let session = use_session();
    session.restore_once();
    let location = use_location();
    let navigate = use_navigate();
    // A memo, so a token refresh (same status) does not rebuild the page and lose a form's edits.
    let status = Memo::new(move |_| session.status());

    Effect::new(move |_| {
        if status.get() != Status::SignedOut {
            return;
        }
        // No reason recorded: the server refused the refresh token.
        session.note_ended(Ended::Expired);
        let target = if session.ended() == Some(Ended::SignedOut) {
            "/staff/sign-in".to_owned()
        } else {
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            links::sign_in_then(&here)
        };
        navigate(&target, NavigateOptions { replace: true, ..Default::default() });
    });

    move || match status.get() {
        Status::SignedIn => view! { <SignedIn /> }.into_any(),
        Status::Restoring | Status::SignedOut => view! {
            <main id="main" class="splash">
                <Loading label="Opening Portico…" />
            </main>
        }
        .into_any(),
    }
}

#[component]
fn SignedIn() -> impl IntoView {
    let session = use_session();
    session.watch_idle();
    let me = Memo::new(move |_| session.me());
    let menu_open = RwSignal::new(false);
    let path = use_location().pathname;

    // After each navigation: close the phone menu and put focus on the new page's heading, so
    // screen readers announce it and keyboard users start at the top of the content.
    Effect::new(move |first: Option<()>| {
        path.track();
        if first.is_some() {
            menu_open.set(false);
            request_animation_frame(|| {
                focus("main h1");
            });
        }
    });
    let close_on_escape = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
            focus(".menu-button");
        }
    });
    on_cleanup(move || close_on_escape.remove());

    let sign_out = move |_| spawn_local(session.sign_out(Ended::SignedOut));

    view! {
        <div class="shell" style:--accent=move || me.with(|m| m.as_ref().and_then(|m| format::accent(&m.practice.accent_color)))>
            <a
                class="skip-link"
                href="#main"
                on:click=move |e| {
                    e.prevent_default();
                    focus("#main");
                }
            >
                "Skip to main content"
            </a>
            <header class="topbar">
                <button
                    type="button"
                    class="menu-button"
                    aria-expanded=move || menu_open.get().to_string()
                    aria-controls="staff-nav"
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    <span class="menu-icon" aria-hidden="true"></span>
                    "Menu"
                </button>
                {move || me.get().map(|me| view! { <Brand me /> })}
            </header>
            <div class="shell-body">
                <nav id="staff-nav" class="sidebar" class:open=move || menu_open.get() aria-label="Staff consoles">
                    <ul class="nav-list">
                        <li>
                            <A href="/staff" exact=true>
                                "Home"
                            </A>
                        </li>
                        {move || nav_items(session.is_admin(), session.can_invite(), true)}
                    </ul>
                    <p class="nav-heading" id="nav-soon">
                        "Coming soon"
                    </p>
                    <ul class="nav-list nav-quiet" aria-labelledby="nav-soon">
                        {move || nav_items(session.is_admin(), session.can_invite(), false)}
                    </ul>
                    <div class="account">
                        {move || {
                            me.get()
                                .map(|me| {
                                    view! {
                                        <A href="/staff/account" attr:class="account-link">
                                            <span class="account-name">{me.name}</span>
                                            <span class="account-email">{me.email}</span>
                                            <span class="account-cue">"My account"</span>
                                        </A>
                                    }
                                })
                        }}
                        <button type="button" class="button button-secondary" on:click=sign_out>
                            "Sign out"
                        </button>
                    </div>
                </nav>
                <main id="main" tabindex="-1">
                    <FlashMessage />
                    <Outlet />
                </main>
            </div>
        </div>
    }
}

/// Links to the consoles that are built (`ready`) or still to come.
fn nav_items(is_admin: bool, can_invite: bool, ready: bool) -> impl IntoView {
    consoles::visible(is_admin, can_invite)
        .filter(|c| c.ready == ready)
        .map(|c| {
            view! {
                <li>
                    <A href=c.href()>{c.label}</A>
                </li>
            }
        })
        .collect_view()
}

/// The practice's logo (or its initials on its accent colour) and name, linking home.
#[component]
fn Brand(me: StaffMe) -> impl IntoView {
    let practice = me.practice;
    let initials: String = practice.display_name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    let mark = match practice.logo_url {
        Some(url) => view! { <img class="brand-logo" src=url alt="" /> }.into_any(),
        None => view! { <span class="brand-mark" aria-hidden="true">{initials}</span> }.into_any(),
    };
    view! {
        <a class="brand" href="/staff">
            {mark}
            <span class="brand-name">{practice.display_name}</span>
        </a>
    }
}
