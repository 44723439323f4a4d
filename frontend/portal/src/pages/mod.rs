//! The patient portal (SPEC §3, §6): sign-in, password reset, Home, My Information, Messages, My Files and
//! registration from an invitation link. Written for a phone first and for people who do not use
//! computers much: one thing per screen, large buttons, plain words.
mod forgot_password;
mod home;
mod landing;
mod messages;
mod my_account;
mod my_files;
mod my_information;
mod register;
mod reset_password;
mod shell;
mod sign_in;

pub use forgot_password::ForgotPassword;
pub use home::PortalHome;
pub use landing::Landing;
pub use messages::{PortalMessages, PortalThread};
pub use my_account::MyAccount;
pub use my_files::MyFiles;
pub use my_information::MyInformation;
pub use register::Register;
pub use reset_password::ResetPassword;
pub use shell::PortalShell;
pub use sign_in::PortalSignIn;

use leptos::prelude::*;
use portico_types::practice::PracticeBranding;

use crate::api::{self, Client};
use crate::components::PracticeMark;
use crate::format;

/// The frame of the portal's pages outside the signed-in shell (sign-in, password reset,
/// registration): one card, in the practice's colour once the practice is known.
#[component]
fn PortalCard(
    #[prop(into)] practice: Signal<Option<PracticeBranding>>,
    /// Adds the "step" look: a wider card for the registration wizard.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let accent = move || practice.with(|p| p.as_ref().and_then(|p| format::accent(&p.accent_color)));
    view! {
        <main id="main" class="public-page portal-public" tabindex="-1" style:--accent=accent>
            <div class="public-card branded" class:wide-card=wide>
                {move || match practice.get() {
                    Some(p) => view! { <PracticeBanner practice=p /> }.into_any(),
                    None => view! { <p class="wordmark" aria-hidden="true">"Portico"</p> }.into_any(),
                }}
                {children()}
            </div>
        </main>
    }
}

/// The practice's mark and name at the top of a portal page.
#[component]
fn PracticeBanner(practice: PracticeBranding) -> impl IntoView {
    view! {
        <div class="practice-banner">
            <PracticeMark name=practice.display_name.clone() logo_url=practice.logo_url.clone() />
            <span class="practice-name">{practice.display_name}</span>
        </div>
    }
}

/// Puts the branding of the practice with this code in `into`, once it arrives. Nothing changes
/// when no practice has the code or the server cannot be reached: the page keeps the wordmark.
fn load_branding(client: Client, code: String, into: RwSignal<Option<PracticeBranding>>) {
    leptos::task::spawn_local(async move {
        if let Ok(branding) = api::portal::branding(client, &code).await {
            into.set(Some(branding));
        }
    });
}

/// The remembered practice's branding (the last portal sign-in on this browser), for pages that
/// cannot know the practice otherwise: `None` until it arrives, and when none is remembered.
fn remembered_branding(client: Client) -> RwSignal<Option<PracticeBranding>> {
    let branding = RwSignal::new(None);
    if let Some(code) = crate::links::remembered_practice() {
        load_branding(client, code, branding);
    }
    branding
}

/// "Questions? Call Riverside Physical Therapy at (217) 555-0100." when the practice has a phone.
#[component]
fn CallThePractice(practice: PracticeBranding) -> impl IntoView {
    practice.phone.map(|phone| {
        view! {
            <p class="public-note">
                {format!("Questions? Call {} at ", practice.display_name)}
                <PhoneLink phone />
                "."
            </p>
        }
    })
}

/// A phone number to tap, kept on one line.
#[component]
fn PhoneLink(phone: String) -> impl IntoView {
    let dial: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    view! {
        <a class="nowrap" href=format!("tel:{dial}")>
            {format::phone(&phone)}
        </a>
    }
}

/// Focuses the page's heading (after a step changes, so a screen reader reads the new step).
fn focus_heading() {
    request_animation_frame(|| {
        crate::components::focus("main h1");
    });
}
