//! The patient portal (SPEC §3, §6): sign-in, password reset, Home, My Information, and
//! registration from an invitation link. Written for a phone first and for people who do not use
//! computers much: one thing per screen, large buttons, plain words.
mod forgot_password;
mod home;
mod my_information;
mod register;
mod reset_password;
mod shell;
mod sign_in;

pub use forgot_password::ForgotPassword;
pub use home::PortalHome;
pub use my_information::MyInformation;
pub use register::Register;
pub use reset_password::ResetPassword;
pub use shell::PortalShell;
pub use sign_in::PortalSignIn;

use leptos::prelude::*;
use portico_types::practice::PracticeBranding;

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
    let style = move || practice.with(|p| p.as_ref().and_then(|p| format::accent_style(&p.accent_color)));
    view! {
        <main id="main" class="public-page portal-public" tabindex="-1" style=style>
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

/// "Questions? Call Riverside Physical Therapy at (217) 555-0100." when the practice has a phone.
fn call_the_practice(practice: &PracticeBranding) -> Option<String> {
    practice
        .phone
        .as_deref()
        .map(|phone| format!("Questions? Call {} at {}.", practice.display_name, format::phone(phone)))
}

/// Focuses the page's heading (after a step changes, so a screen reader reads the new step).
fn focus_heading() {
    request_animation_frame(|| {
        crate::components::focus("main h1");
    });
}
