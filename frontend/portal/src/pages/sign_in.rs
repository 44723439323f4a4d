//! `/portal/sign-in?practice={code}`: which practice (only when not known), then email, then
//! password — one question per screen (AUTH-1). The practice code comes from the address or from
//! the last sign-in on this browser.
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use portico_types::portal::{IdentifyRequest, PortalLoginRequest};
use portico_types::practice::PracticeBranding;
use portico_types::{ErrorCode, ProblemDetails};

use super::{PortalCard, focus_heading};
use crate::api;
use crate::components::{
    CheckboxField, Cooldown, ErrorBanner, FlashMessage, FormErrors, TextField, focus_first_invalid,
};
use crate::format;
use crate::links;
use crate::session::use_portal;
use portico_kit::session::Status;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Practice,
    Email,
    Password,
}

pub const PRACTICE_HINT: &str = "A short name such as “riverside-pt”. It is in the sign-in link your practice sent \
                                 you. If you can't find it, call your practice and ask for their portal code.";

/// What to say when no practice has the code.
pub fn unknown_practice(code: &str) -> String {
    format!("We can't find a practice with the code “{code}”. Check it and try again, or ask your practice.")
}

#[component]
pub fn PortalSignIn() -> impl IntoView {
    document().set_title("Sign in · Patient portal");
    let portal = use_portal();
    portal.restore_once();
    let client = portal.client();
    let query = use_query_map();
    let navigate = use_navigate();

    let next = move || links::portal_next(query.with_untracked(|q| q.get("next")));
    Effect::new(move |_| {
        if portal.status() == Status::SignedIn {
            navigate(&next(), NavigateOptions { replace: true, ..Default::default() });
        }
    });

    let from_link = query.with_untracked(|q| q.get("practice")).and_then(|c| links::practice_code(&c));
    let known = from_link.or_else(links::remembered_practice);
    let code = RwSignal::new(known.clone().unwrap_or_default());
    let typed_code = RwSignal::new(known.clone().unwrap_or_default());
    let branding = RwSignal::new(None::<PracticeBranding>);
    let step = RwSignal::new(if known.is_some() { Step::Email } else { Step::Practice });
    let email = portal.typed_email;
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let errors = FormErrors::new("portal-sign-in");
    let wait = Cooldown::new();
    let password_input = NodeRef::<html::Input>::new();

    let go_to = move |s: Step| {
        step.set(s);
        focus_heading();
    };
    // A wrong practice code: back to the first question, saying so next to it.
    let practice_unknown = move |c: &str| {
        typed_code.set(c.to_owned());
        step.set(Step::Practice);
        errors.reject("practice", &unknown_practice(c));
        focus_first_invalid();
    };

    // The practice's look as soon as its code is known.
    if let Some(c) = known {
        spawn_local(async move {
            match api::portal::branding(client, &c).await {
                Ok(b) => branding.set(Some(b)),
                Err(p) if p.status == 404 => practice_unknown(&c),
                // Offline or not answering: the email step will tell.
                Err(_) => {}
            }
        });
    }

    let find_practice = Action::new_local(move |c: &String| {
        let c = c.clone();
        async move { (api::portal::branding(client, &c).await, c) }
    });
    Effect::new(move |_| match find_practice.value().get() {
        Some((Ok(b), c)) => {
            code.set(c.clone());
            links::remember_practice(&c);
            branding.set(Some(b));
            go_to(Step::Email);
        }
        Some((Err(p), c)) if p.status == 404 => practice_unknown(&c),
        Some((Err(p), _)) => errors.set(p),
        None => {}
    });

    let identify = Action::new_local(move |request: &IdentifyRequest| api::portal::identify(client, request.clone()));
    Effect::new(move |_| match identify.value().get() {
        Some(Ok(answer)) => {
            links::remember_practice(&answer.practice.slug);
            branding.set(Some(answer.practice));
            go_to(Step::Password);
            focus_input(password_input);
        }
        Some(Err(p)) => refused(p, errors, wait, move || practice_unknown(&code.get_untracked())),
        None => {}
    });

    let sign_in = Action::new_local(move |request: &PortalLoginRequest| portal.sign_in(request.clone()));
    Effect::new(move |_| {
        if let Some(Err(p)) = sign_in.value().get() {
            password.set(String::new());
            refused(p, errors, wait, move || practice_unknown(&code.get_untracked()));
            focus_input(password_input);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        portal.clear_ended();
        match step.get_untracked() {
            Step::Practice => match links::practice_code(&typed_code.get_untracked()) {
                Some(c) => {
                    find_practice.dispatch(c);
                }
                None => {
                    errors.reject("practice", "Enter the code your practice gave you, for example riverside-pt.");
                    focus_first_invalid();
                }
            },
            Step::Email => {
                let typed = email.get_untracked().trim().to_owned();
                if !typed.contains('@') {
                    errors.reject("email", "Enter your email address, like name@example.com.");
                    focus_first_invalid();
                    return;
                }
                email.set(typed.clone());
                identify.dispatch(IdentifyRequest { practice: code.get_untracked(), email: typed });
            }
            Step::Password => {
                if password.get_untracked().is_empty() {
                    errors.reject("password", "Enter your password.");
                    focus_first_invalid();
                    return;
                }
                sign_in.dispatch(PortalLoginRequest {
                    practice: code.get_untracked(),
                    email: email.get_untracked(),
                    password: password.get_untracked(),
                    remember_me: remember.get_untracked(),
                });
            }
        }
    };
    let pending = move || find_practice.pending().get() || identify.pending().get() || sign_in.pending().get();
    let lead = move || match step.get() {
        Step::Practice => "First, tell us which practice you go to.",
        Step::Email => "Enter the email address you use for the portal.",
        Step::Password => "Now enter your password.",
    };
    let button = move || {
        if pending() {
            return "Please wait…".to_owned();
        }
        match (wait.left(), step.get()) {
            (0, Step::Password) => "Sign in".to_owned(),
            (0, _) => "Continue".to_owned(),
            (secs, _) => format!("Try again in {}", format::long_wait(secs)),
        }
    };
    let forgot_href = move || links::forgot_password(Some(&code.get()));

    view! {
        <PortalCard practice=branding>
            <h1 tabindex="-1">"Patient portal sign in"</h1>
            <p class="lead">{lead}</p>
            <FlashMessage />
            <div class="live-region" role="status" aria-live="polite">
                {move || portal.ended().map(|why| view! { <p class="banner banner-info">{why.portal_message()}</p> })}
            </div>
            <ErrorBanner errors />
            <div class="live-region" aria-live="polite">
                {move || {
                    wait.waiting()
                        .then(|| {
                            view! {
                                <p class="banner banner-error">
                                    {format!("Too many tries. Please wait {} and try again.", format::long_wait(wait.left()))}
                                </p>
                            }
                        })
                }}
            </div>
            <form class="stack portal-form" novalidate on:submit=on_submit>
                {move || match step.get() {
                    Step::Practice => view! {
                        <TextField
                            label="Your practice's portal code"
                            field="practice"
                            value=typed_code
                            errors
                            autocomplete="off"
                            hint=PRACTICE_HINT
                        />
                    }
                        .into_any(),
                    Step::Email => view! {
                        <TextField
                            label="Email"
                            field="email"
                            value=email
                            errors
                            input_type="email"
                            autocomplete="username"
                            inputmode="email"
                        />
                    }
                        .into_any(),
                    Step::Password => view! {
                        <TextField label="Email" field="email" value=email errors input_type="email" autocomplete="username" readonly=true />
                        <TextField
                            label="Password"
                            field="password"
                            value=password
                            errors
                            input_type="password"
                            autocomplete="current-password"
                            node_ref=password_input
                        />
                        <CheckboxField
                            label="Keep me signed in"
                            field="remember_me"
                            checked=remember
                            errors
                            hint="Only on your own phone or computer. You stay signed in for up to 30 days."
                        />
                    }
                        .into_any(),
                }}
                <div class="form-actions">
                    <button type="submit" class="button button-primary button-large" disabled=move || pending() || wait.waiting()>
                        {button}
                    </button>
                </div>
            </form>
            <div class="portal-links">
                <Show when=move || step.get() == Step::Email>
                    <button type="button" class="button button-link" on:click=move |_| {
                        errors.clear();
                        go_to(Step::Practice);
                    }>
                        "Not your practice? Change it"
                    </button>
                </Show>
                <Show when=move || step.get() == Step::Password>
                    <button type="button" class="button button-link" on:click=move |_| {
                        errors.clear();
                        password.set(String::new());
                        go_to(Step::Email);
                    }>
                        "Use a different email"
                    </button>
                </Show>
                <Show when=move || step.get() != Step::Practice>
                    <a href=forgot_href>"Forgot password?"</a>
                </Show>
            </div>
            <p class="public-note">
                <strong>"Not registered yet? "</strong>
                "Use the link in your invitation email or text message from your practice."
            </p>
        </PortalCard>
    }
}

/// Shows why the server said no: a countdown for 429, the practice question again for an unknown
/// practice, otherwise the problem next to its field or in the banner (a failed sign-in's one
/// generic message).
fn refused(p: ProblemDetails, errors: FormErrors, wait: Cooldown, unknown_practice: impl Fn()) {
    if p.status == 429 || p.code == ErrorCode::RateLimited {
        wait.start_from(&p);
    } else if p.status == 404 || p.field_message("practice").is_some() {
        unknown_practice();
    } else {
        let by_field = !p.errors.is_empty();
        errors.set(p);
        if by_field {
            focus_first_invalid();
        }
    }
}

/// Focuses an input once it has rendered.
fn focus_input(input: NodeRef<html::Input>) {
    request_animation_frame(move || {
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    });
}
