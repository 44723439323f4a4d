//! `/staff/sign-in`: email first, then password (AUTH-1), on one page.
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::{ErrorBanner, FormErrors, TextField, focus_first_invalid};
use crate::session::{Credentials, use_session};
use portico_kit::session::Status;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Email,
    Password,
}

#[component]
pub fn SignIn() -> impl IntoView {
    document().set_title("Staff sign in · Portico");
    let session = use_session();
    session.restore_once();
    let query = use_query_map();
    let navigate = use_navigate();

    // Only ever continue to a staff page of this app (no open redirect).
    let next = move || {
        query
            .with_untracked(|q| q.get("next"))
            .filter(|n| n.starts_with("/staff") && !n.starts_with("/staff/sign-in"))
            .unwrap_or_else(|| "/staff".to_owned())
    };
    Effect::new(move |_| {
        if session.status() == Status::SignedIn {
            navigate(&next(), NavigateOptions { replace: true, ..Default::default() });
        }
    });

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Only someone on the staff of two practices needs it; a practice's own link can carry it.
    let linked_practice = query.with_untracked(|q| q.get("practice")).unwrap_or_default();
    let practice_open = !linked_practice.trim().is_empty();
    let practice = RwSignal::new(linked_practice);
    let step = RwSignal::new(Step::Email);
    let errors = FormErrors::new("sign-in");
    let email_input = NodeRef::<html::Input>::new();
    let password_input = NodeRef::<html::Input>::new();

    let sign_in = Action::new_local(move |credentials: &Credentials| session.sign_in(credentials.clone()));
    Effect::new(move |_| {
        if let Some(Err(problem)) = sign_in.value().get() {
            errors.set(problem);
            password.set(String::new());
            focus_input(password_input);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match step.get_untracked() {
            Step::Email => {
                let typed = email.get_untracked().trim().to_owned();
                if !typed.contains('@') {
                    errors.reject("email", "Enter your work email address, like name@practice.com.");
                    focus_first_invalid();
                    return;
                }
                email.set(typed);
                step.set(Step::Password);
                focus_input(password_input);
            }
            Step::Password => {
                if password.get_untracked().is_empty() {
                    errors.reject("password", "Enter your password.");
                    focus_first_invalid();
                    return;
                }
                let practice = Some(practice.get_untracked().trim().to_owned()).filter(|p| !p.is_empty());
                sign_in.dispatch(Credentials {
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                    practice,
                });
            }
        }
    };
    let change_email = move |_| {
        errors.clear();
        password.set(String::new());
        step.set(Step::Email);
        focus_input(email_input);
    };

    view! {
        <main id="main" class="public-page" tabindex="-1">
            <div class="public-card">
                <p class="wordmark" aria-hidden="true">
                    "Portico"
                </p>
                <h1>"Staff sign in"</h1>
                <div class="live-region" role="status" aria-live="polite">
                    {move || session.ended().map(|why| view! { <p class="banner banner-info">{why.message()}</p> })}
                </div>
                <ErrorBanner errors />
                <form class="stack" novalidate on:submit=on_submit>
                    <TextField
                        label="Email"
                        field="email"
                        value=email
                        errors
                        input_type="email"
                        autocomplete="username"
                        readonly=Signal::derive(move || step.get() == Step::Password)
                        node_ref=email_input
                    />
                    <Show when=move || step.get() == Step::Password>
                        <TextField
                            label="Password"
                            field="password"
                            value=password
                            errors
                            input_type="password"
                            autocomplete="current-password"
                            node_ref=password_input
                        />
                        <details class="disclosure" open=practice_open>
                            <summary>"I work at more than one practice"</summary>
                            <TextField
                                label="Practice code"
                                field="practice"
                                value=practice
                                errors
                                autocomplete="organization"
                                hint="The code in your practice's portal address, like riverside-pt."
                                optional=true
                            />
                        </details>
                    </Show>
                    <div class="form-actions">
                        {move || match step.get() {
                            Step::Email => view! { <button type="submit" class="button button-primary">"Continue"</button> }.into_any(),
                            Step::Password => {
                                view! {
                                    <button type="submit" class="button button-primary" disabled=move || sign_in.pending().get()>
                                        {move || if sign_in.pending().get() { "Signing in…" } else { "Sign in" }}
                                    </button>
                                    <button type="button" class="button button-link" on:click=change_email>
                                        "Use a different email"
                                    </button>
                                }
                                    .into_any()
                            }
                        }}
                    </div>
                </form>
                <p class="public-note">"Patients: use the invitation link your practice sent you."</p>
            </div>
        </main>
    }
}

/// Focuses an input once it has rendered (the password field appears with the second step).
fn focus_input(input: NodeRef<html::Input>) {
    request_animation_frame(move || {
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    });
}
