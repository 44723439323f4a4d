//! `/portal/forgot-password`: asks for a reset link by email (AUTH-4). The answer is the same
//! whether or not an account exists, so the page never says which.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portico_types::portal::PasswordResetRequest;
use portico_types::practice::PracticeBranding;

use super::sign_in::{PRACTICE_HINT, unknown_practice};
use super::{PortalCard, focus_heading};
use crate::api;
use crate::components::{Cooldown, ErrorBanner, FormErrors, TextField, focus_first_invalid};
use crate::format;
use crate::links;
use crate::session::use_portal;

#[component]
pub fn ForgotPassword() -> impl IntoView {
    document().set_title("Forgot password · Patient portal");
    let portal = use_portal();
    let client = portal.client();
    let query = use_query_map();
    let known = query
        .with_untracked(|q| q.get("practice"))
        .and_then(|c| links::practice_code(&c))
        .or_else(links::remembered_practice);
    // Ask for the practice only when it is not known.
    let ask_practice = RwSignal::new(known.is_none());
    let typed_code = RwSignal::new(known.clone().unwrap_or_default());
    let branding = RwSignal::new(None::<PracticeBranding>);
    if let Some(c) = known {
        leptos::task::spawn_local(async move {
            match api::portal::branding(client, &c).await {
                Ok(b) => branding.set(Some(b)),
                Err(p) if p.status == 404 => ask_practice.set(true),
                Err(_) => {}
            }
        });
    }
    let email = portal.typed_email;
    let errors = FormErrors::new("forgot");
    let wait = Cooldown::new();
    let sent = RwSignal::new(false);

    let request = Action::new_local(move |r: &PasswordResetRequest| {
        let r = r.clone();
        async move {
            let practice = r.practice.clone();
            (api::portal::request_password_reset(client, r).await, practice)
        }
    });
    Effect::new(move |_| match request.value().get() {
        Some((Ok(()), practice)) => {
            links::remember_practice(&practice);
            sent.set(true);
            focus_heading();
        }
        Some((Err(p), practice)) => {
            if p.status == 429 {
                wait.start_from(&p);
            } else if p.status == 404 {
                ask_practice.set(true);
                errors.reject("practice", &unknown_practice(&practice));
                focus_first_invalid();
            } else {
                errors.set(p);
                focus_first_invalid();
            }
        }
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let Some(practice) = links::practice_code(&typed_code.get_untracked()) else {
            ask_practice.set(true);
            errors.reject("practice", "Enter the code your practice gave you, for example riverside-pt.");
            focus_first_invalid();
            return;
        };
        let typed = email.get_untracked().trim().to_owned();
        if !typed.contains('@') {
            errors.reject("email", "Enter your email address, like name@example.com.");
            focus_first_invalid();
            return;
        }
        email.set(typed.clone());
        request.dispatch(PasswordResetRequest { practice, email: typed });
    };
    let sign_in_href = move || links::sign_in(Some(&typed_code.get()));

    view! {
        <PortalCard practice=branding>
            {move || {
                if sent.get() {
                    view! {
                        <h1 tabindex="-1">"Check your email"</h1>
                        <p class="banner banner-success">
                            "If an account exists for that email, we sent a link. It works for 1 hour."
                        </p>
                        <p>"Open the link in the email to choose a new password. If nothing arrives in a few minutes, check your spam folder."</p>
                        <a class="button button-primary button-large" href=sign_in_href>
                            "Back to sign in"
                        </a>
                    }
                        .into_any()
                } else {
                    view! {
                        <h1 tabindex="-1">"Forgot your password?"</h1>
                        <p class="lead">"Enter your email address. We'll send you a link to choose a new password."</p>
                        <ErrorBanner errors />
                        <form class="stack portal-form" novalidate on:submit=on_submit>
                            <Show when=move || ask_practice.get()>
                                <TextField
                                    label="Your practice's portal code"
                                    field="practice"
                                    value=typed_code
                                    errors
                                    autocomplete="off"
                                    hint=PRACTICE_HINT
                                />
                            </Show>
                            <TextField label="Email" field="email" value=email errors input_type="email" autocomplete="username" inputmode="email" />
                            <div class="form-actions">
                                <button
                                    type="submit"
                                    class="button button-primary button-large"
                                    disabled=move || request.pending().get() || wait.waiting()
                                >
                                    {move || match (request.pending().get(), wait.left()) {
                                        (true, _) => "Sending…".to_owned(),
                                        (false, 0) => "Send me a link".to_owned(),
                                        (false, secs) => format!("Try again in {}", format::long_wait(secs)),
                                    }}
                                </button>
                            </div>
                        </form>
                        <div class="portal-links">
                            <a href=sign_in_href>"Back to sign in"</a>
                        </div>
                    }
                        .into_any()
                }
            }}
        </PortalCard>
    }
}
