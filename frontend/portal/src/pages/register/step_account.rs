//! Step 1: choose a password — or, for an email that already has an account, sign in to add
//! this patient to it.
use super::*;
use crate::links;

/// Step 1: choose a password (and the email, for an invitation sent by text only).
#[component]
pub(super) fn CreateAccount(reg: Reg) -> impl IntoView {
    let fixed_email = reg.with_status(|s| s.email.clone()).flatten();
    let email = RwSignal::new(fixed_email.clone().unwrap_or_default());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new("register");
    let ask_email = fixed_email.is_none();

    let save = Action::new_local(move |r: &CreateAccountRequest| {
        let r = r.clone();
        reg.advance(move |t| api::registration::create_account(t, r.clone()))
    });
    errors.follow(save, |()| {});
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let typed_email = email.get_untracked().trim().to_owned();
        if ask_email && !typed_email.contains('@') {
            errors.reject("email", "Enter your email address, like name@example.com.");
        } else if let Err((field, message)) = check_passwords(&password.get_untracked(), &confirm.get_untracked()) {
            errors.reject(field, &message);
        } else {
            save.dispatch(CreateAccountRequest {
                password: password.get_untracked(),
                email: ask_email.then_some(typed_email),
            });
            return;
        }
        focus_first_invalid();
    };
    view! {
        <h1 tabindex="-1">"Create your account"</h1>
        <Intro reg />
        <ErrorBanner errors />
        <form class="stack portal-form" novalidate on:submit=on_submit>
            {if ask_email {
                view! {
                    <TextField
                        label="Your email address"
                        field="email"
                        value=email
                        errors
                        input_type="email"
                        autocomplete="username"
                        inputmode="email"
                        hint="You'll use it to sign in. We'll send a code to check it."
                    />
                }
                    .into_any()
            } else {
                view! {
                    <TextField
                        label="Your email address"
                        field="email"
                        value=email
                        errors
                        input_type="email"
                        autocomplete="username"
                        readonly=true
                        hint="From your invitation, shown in part until you confirm it with a code. You'll use it to sign in."
                    />
                }
                    .into_any()
            }}
            <TextField
                label="Choose a password"
                field="password"
                value=password
                errors
                input_type="password"
                autocomplete="new-password"
                hint=PASSWORD_RULES
            />
            <TextField
                label="Type the password again"
                field="confirm_password"
                value=confirm
                errors
                input_type="password"
                autocomplete="new-password"
            />
            <div class="form-actions">
                <button type="submit" class="button button-primary button-large" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Creating your account…" } else { "Continue" }}
                </button>
            </div>
        </form>
    }
}

/// The email already has a portal account: its password adds this patient to it.
#[component]
pub(super) fn SignInToAdd(reg: Reg) -> impl IntoView {
    let portal = use_portal();
    let navigate = use_navigate();
    let flash = expect_context::<Flash>();
    let email = RwSignal::new(reg.with_status(|s| s.email.clone()).flatten().unwrap_or_default());
    let patient = reg.with_status(|s| s.patient_first_name.clone()).unwrap_or_default();
    let practice = reg.with_status(|s| s.practice.slug.clone()).unwrap_or_default();
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new("register-sign-in");
    let wait = Cooldown::new();

    let sign_in = Action::new_local(move |password: &String| {
        let password = password.clone();
        async move {
            let token = reg.call(move |t| api::registration::sign_in(t, password.clone())).await?;
            portal.start(token).await
        }
    });
    let added = patient.clone();
    let button_name = patient.clone();
    Effect::new(move |_| match sign_in.value().get() {
        Some(Ok(())) => {
            links::forget_link_token(links::REGISTER_LINK);
            flash.show_at("/portal", format!("{added} is now in your portal."));
            navigate("/portal", Default::default());
        }
        Some(Err(p)) if p.status == 429 => wait.start_from(&p),
        Some(Err(p)) => {
            password.set(String::new());
            errors.set(p);
            focus_first_invalid();
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        if password.get_untracked().is_empty() {
            errors.reject("password", "Enter your password.");
            focus_first_invalid();
            return;
        }
        sign_in.dispatch(password.get_untracked());
    };
    view! {
        <h1 tabindex="-1">{format!("Add {patient} to your portal")}</h1>
        <p class="lead">
            {format!(
                "You already have a portal account with {}. Enter your password to add {patient} to it.",
                email.get_untracked(),
            )}
        </p>
        <ErrorBanner errors />
        <form class="stack portal-form" novalidate on:submit=on_submit>
            <TextField label="Email" field="email" value=email errors input_type="email" autocomplete="username" readonly=true />
            <TextField label="Password" field="password" value=password errors input_type="password" autocomplete="current-password" />
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary button-large"
                    disabled=move || sign_in.pending().get() || wait.waiting()
                >
                    {move || match (sign_in.pending().get(), wait.left()) {
                        (true, _) => "Signing in…".to_owned(),
                        (false, 0) => format!("Add {button_name} and sign in"),
                        (false, secs) => format!("Try again in {}", format::long_wait(secs)),
                    }}
                </button>
            </div>
        </form>
        <div class="portal-links">
            <a href=links::forgot_password(Some(&practice))>"Forgot password?"</a>
        </div>
    }
}
