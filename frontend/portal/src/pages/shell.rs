//! The frame around the signed-in portal: the practice's name and colour, the account's email and
//! "Sign out" — and the rules while signed in: sign-in first (with a way back here), SEC-7 idle
//! sign-out, focus on each new page's heading.
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::{FlashMessage, Loading, PracticeMark, focus};
use crate::format;
use crate::links;
use crate::session::use_portal;
use portico_kit::session::{Ended, Status};

#[component]
pub fn PortalShell() -> impl IntoView {
    let portal = use_portal();
    portal.restore_once();
    let location = use_location();
    let navigate = use_navigate();
    let status = Memo::new(move |_| portal.status());

    Effect::new(move |_| {
        if status.get() != Status::SignedOut {
            return;
        }
        portal.note_ended(Ended::Expired);
        let practice = links::remembered_practice().map(|c| format!("practice={c}"));
        let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
        // After "Sign out" the next person starts at the portal's home, not at this page.
        let next = (portal.ended() != Some(Ended::SignedOut) && here != "/portal")
            .then(|| format!("next={}", js_sys::encode_uri_component(&here)));
        let query: Vec<String> = practice.into_iter().chain(next).collect();
        let target = links::with_query("/portal/sign-in", &query);
        navigate(&target, NavigateOptions { replace: true, ..Default::default() });
    });

    move || match status.get() {
        Status::SignedIn => view! { <SignedIn /> }.into_any(),
        Status::Restoring | Status::SignedOut => view! {
            <main id="main" class="splash">
                <Loading label="Opening your portal…" />
            </main>
        }
        .into_any(),
    }
}

#[component]
fn SignedIn() -> impl IntoView {
    let portal = use_portal();
    portal.watch_idle();
    let me = Memo::new(move |_| portal.me());
    let path = use_location().pathname;
    Effect::new(move |first: Option<()>| {
        path.track();
        if first.is_some() {
            request_animation_frame(|| {
                focus("main h1");
            });
        }
    });
    let sign_out = move |_| spawn_local(portal.sign_out(Ended::SignedOut));
    let accent = move || me.with(|m| m.as_ref().and_then(|m| format::accent(&m.practice.accent_color)));

    view! {
        <div class="portal-shell" style:--accent=accent>
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
            <header class="portal-topbar">
                {move || {
                    me.get()
                        .map(|me| {
                            view! {
                                <a class="brand" href="/portal">
                                    <PracticeMark name=me.practice.display_name.clone() logo_url=me.practice.logo_url.clone() />
                                    <span class="brand-name">{me.practice.display_name}</span>
                                </a>
                            }
                        })
                }}
                <div class="portal-account">
                    // One line, cut short with "…" on a phone; the whole address is in the tooltip
                    // and on My Account.
                    {move || {
                        let email = me.get().map(|m| m.email).unwrap_or_default();
                        let title = email.clone();
                        view! {
                            <span class="portal-email" title=title>
                                <span class="visually-hidden">"Signed in as "</span>
                                {email}
                            </span>
                        }
                    }}
                    <button type="button" class="button button-secondary" on:click=sign_out>
                        "Sign out"
                    </button>
                </div>
            </header>
            <main id="main" class="portal-main" tabindex="-1">
                <FlashMessage />
                <Outlet />
            </main>
        </div>
    }
}
