//! `/register#t={token}`: registration from an invitation link (REG-1…5), one step per screen.
//!
//! The link's token stays in the address (a reload resumes where the server says the invitee
//! is, REG-2). Opening it buys a registration token, kept in memory only; it opens the
//! registration endpoints and nothing else (REG-5). The server decides the step: every answer
//! carries the status, and the page shows the screen for `status.step`.
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use portico_types::invitations::GrantRole;
use portico_types::practice::PracticeBranding;
use portico_types::registration::{CreateAccountRequest, RegistrationStatus, RegistrationStep};
use portico_types::{ErrorCode, ProblemDetails};

use super::reset_password::PASSWORD_RULES;
use super::{CallThePractice, PortalCard, focus_heading, load_branding, remembered_branding};
use crate::api::{self, ApiResult, Client};
use crate::components::{
    CheckboxField, Cooldown, ErrorBanner, Flash, FormErrors, Loading, TextField, focus_first_invalid,
};
use crate::format;
use crate::links;
use crate::portal_session::use_portal;

#[component]
pub fn Register() -> impl IntoView {
    document().set_title("Register · Patient portal");
    let hash = links::use_fragment();
    let token = Memo::new(move |_| links::fragment_token(&hash.get()));
    move || match token.get() {
        Some(link) => view! { <Wizard link /> }.into_any(),
        None => view! { <NoInvitation /> }.into_any(),
    }
}

/// INV-7: no registration without an invitation.
#[component]
fn NoInvitation() -> impl IntoView {
    let practice = remembered_branding(use_portal().client());
    view! {
        <PortalCard practice>
            <h1 tabindex="-1">"You need an invitation to register"</h1>
            <p class="lead">
                "You need an invitation link from your practice to register. Ask them to send one by email or text."
            </p>
            <p>
                "When it arrives, open the link in the message. Registration starts by itself and takes a few minutes."
            </p>
            <p class="public-note">
                <strong>"Already registered? "</strong>
                <a href="/portal/sign-in">"Sign in to your portal"</a>
            </p>
            {move || practice.get().map(|practice| view! { <CallThePractice practice /> })}
        </PortalCard>
    }
}

/// The registration in progress. `Copy`.
#[derive(Clone, Copy)]
struct Reg {
    client: Client,
    /// The invitation link's token (`#t=…`).
    link: StoredValue<String>,
    /// The registration token: a bearer for the registration endpoints only.
    token: StoredValue<Option<String>>,
    status: RwSignal<Option<RegistrationStatus>>,
    /// Why the link itself was refused: invalid, expired, revoked or already used.
    refused: RwSignal<Option<ProblemDetails>>,
    /// A word about the last change of step the person did not ask for.
    note: RwSignal<Option<String>>,
}

impl Reg {
    fn new(client: Client, link: String) -> Self {
        Self {
            client,
            link: StoredValue::new(link),
            token: StoredValue::new(None),
            status: RwSignal::new(None),
            refused: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }

    /// Opens the link: a fresh registration token and where the invitee is.
    async fn open(self) -> ApiResult<()> {
        let started = api::registration::start(self.client, self.link.get_value()).await?;
        self.token.set_value(Some(started.registration_token));
        self.status.set(Some(started.status));
        Ok(())
    }

    /// Runs one registration call with the registration token. When the token has run out, the
    /// link buys a new one and the call runs again; when the server says the step is elsewhere,
    /// the page moves to that step; when the invitation itself is refused, the page says so.
    async fn call<T, F, Fut>(self, f: F) -> ApiResult<T>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        if self.token.get_value().is_none() {
            self.open().await.inspect_err(|p| self.refuse(p))?;
        }
        let token = self.token.get_value().unwrap_or_default();
        match f(token.clone()).await {
            Err(p) if p.status == 401 && p.code == ErrorCode::Unauthenticated => {
                self.open().await.inspect_err(|p| self.refuse(p))?;
                f(self.token.get_value().unwrap_or_default()).await.inspect_err(|p| self.refuse(p))
            }
            Err(p) if p.code == ErrorCode::RegistrationStepOutOfOrder => {
                if let Ok(status) = api::registration::status(token).await {
                    self.note.set(Some(
                        "That step is already done or can't be done yet. Here is the step you need next.".to_owned(),
                    ));
                    self.status.set(Some(status));
                }
                Err(p)
            }
            other => other.inspect_err(|p| self.refuse(p)),
        }
    }

    /// Runs a call that answers with the new status, and shows that status.
    async fn advance<F, Fut>(self, f: F) -> ApiResult<()>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = ApiResult<RegistrationStatus>>,
    {
        let status = self.call(f).await?;
        self.note.set(None);
        self.status.set(Some(status));
        Ok(())
    }

    /// Shows the invitation's own problem (the link no longer works) instead of the step.
    fn refuse(&self, p: &ProblemDetails) {
        if is_link_problem(p) {
            self.refused.set(Some(p.clone()));
        }
    }

    fn with_status<R>(&self, f: impl FnOnce(&RegistrationStatus) -> R) -> Option<R> {
        self.status.with(|s| s.as_ref().map(f))
    }
}

fn is_link_problem(p: &ProblemDetails) -> bool {
    matches!(
        p.code,
        ErrorCode::InvitationInvalid
            | ErrorCode::InvitationExpired
            | ErrorCode::InvitationRevoked
            | ErrorCode::InvitationAccepted
    )
}

/// The digits of a one-time code as typed ("123 456", "123-456"), when there are exactly six.
fn clean_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Checks the two password boxes before asking the server (which checks the rest, REG-4).
fn check_passwords(password: &str, confirm: &str) -> Result<(), (&'static str, &'static str)> {
    let len = password.chars().count();
    if len < 12 {
        Err(("password", "Use at least 12 characters."))
    } else if len > 128 {
        Err(("password", "Use at most 128 characters."))
    } else if password != confirm {
        Err(("confirm_password", "The two passwords are not the same. Type it again."))
    } else {
        Ok(())
    }
}

/// "you", "your child's guardian" …: who the invitee is to the patient, in plain words.
fn registering_for(role: GrantRole, patient: &str) -> String {
    match role {
        GrantRole::Patient => format!("Yourself ({patient})"),
        GrantRole::Guardian => format!("{patient}, as their guardian"),
        GrantRole::Guarantor => format!("{patient}, as the person responsible for their bills (guarantor)"),
    }
}

#[component]
fn Wizard(link: String) -> impl IntoView {
    let portal = use_portal();
    let reg = Reg::new(portal.client(), link);
    let open = move || {
        reg.refused.set(None);
        spawn_local(async move {
            if let Err(p) = reg.open().await {
                reg.refused.set(Some(p));
            }
        });
    };
    open();

    // Only a change of step (or of the link's fate) redraws the screen; the rest of the status
    // (resend timers, where a code went) updates in place.
    let step = Memo::new(move |_| reg.with_status(|s| s.step));
    let refused = Memo::new(move |_| reg.refused.get());
    Effect::new(move |first: Option<()>| {
        step.track();
        if first.is_some() {
            focus_heading();
        }
    });
    // A refused link may come before any status: then the practice is the one the problem names
    // (an invitation already used says where to sign in), else the one this browser remembers.
    let named = RwSignal::new(None::<PracticeBranding>);
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if asked || reg.status.with_untracked(Option::is_some) {
            return asked;
        }
        let Some(p) = refused.get() else { return false };
        let code = p.sign_in_path.as_deref().and_then(links::practice_code).or_else(links::remembered_practice);
        if let Some(code) = code {
            load_branding(reg.client, code, named);
        }
        true
    });
    let practice = Signal::derive(move || reg.with_status(|s| s.practice.clone()).or_else(|| named.get()));

    view! {
        <PortalCard practice wide=true>
            {move || match (refused.get(), step.get()) {
                (Some(p), _) => view! { <Refused p retry=open /> }.into_any(),
                (None, None) => view! { <Loading label="Opening your invitation…" /> }.into_any(),
                (None, Some(step)) => view! {
                    // Adding a patient to an existing account is one screen, not a step of four.
                    {(step != RegistrationStep::SignIn).then(|| view! { <Progress step /> })}
                    <div class="live-region" role="status" aria-live="polite">
                        {move || reg.note.get().map(|n| view! { <p class="banner banner-info">{n}</p> })}
                    </div>
                    {match step {
                        RegistrationStep::CreateAccount => view! { <CreateAccount reg /> }.into_any(),
                        RegistrationStep::SignIn => view! { <SignInToAdd reg /> }.into_any(),
                        RegistrationStep::VerifyEmail => view! { <VerifyEmail reg /> }.into_any(),
                        RegistrationStep::VerifyPhone => view! { <VerifyPhone reg /> }.into_any(),
                        RegistrationStep::Complete => view! { <Finish reg /> }.into_any(),
                    }}
                }
                    .into_any(),
            }}
            {move || practice.get().map(|practice| view! { <CallThePractice practice /> })}
        </PortalCard>
    }
}

#[component]
fn Progress(step: RegistrationStep) -> impl IntoView {
    let n = step.number();
    view! {
        <div class="wizard-progress">
            <p class="wizard-step">{format!("Step {n} of 4")}</p>
            <ol class="progress-bar" aria-hidden="true">
                {(1..=4u8).map(|i| view! { <li class:done={i < n} class:current={i == n}></li> }).collect_view()}
            </ol>
        </div>
    }
}

/// The link does not work (or no longer): what happened, and what to do.
#[component]
fn Refused(p: ProblemDetails, retry: impl Fn() + Copy + 'static) -> impl IntoView {
    // The server's `detail` says what to do; the title names what happened.
    let title = match p.code {
        ErrorCode::InvitationInvalid => "This invitation link doesn't work",
        ErrorCode::InvitationExpired => "This invitation has expired",
        ErrorCode::InvitationRevoked => "This invitation was withdrawn",
        ErrorCode::InvitationAccepted => "You have already registered",
        _ => "We couldn't open your invitation",
    };
    let transient = p.status == 0 || p.status >= 500;
    let accepted = p.code == ErrorCode::InvitationAccepted;
    let sign_in = links::local_path(p.sign_in_path.as_deref());
    view! {
        <h1 tabindex="-1">{title}</h1>
        <p class="lead">{p.detail}</p>
        {if accepted {
            view! {
                <a class="button button-primary button-large" href=sign_in>
                    "Sign in"
                </a>
            }
                .into_any()
        } else {
            view! {
                <p class="public-note">
                    <strong>"Already registered? "</strong>
                    <a href=sign_in>"Sign in to your portal"</a>
                </p>
            }
                .into_any()
        }}
        {transient
            .then(|| {
                view! {
                    <button type="button" class="button button-primary button-large" on:click=move |_| retry()>
                        "Try again"
                    </button>
                }
            })}
    }
}

/// "Maria, you're registering to see Maya's portal as their guardian."
#[component]
fn Intro(reg: Reg) -> impl IntoView {
    let text = reg.with_status(|s| match s.role {
        GrantRole::Patient => format!("Welcome, {}. Let's set up your patient portal.", s.invitee_first_name),
        GrantRole::Guardian => format!(
            "Welcome, {}. You're registering to see {}'s portal as their guardian.",
            s.invitee_first_name, s.patient_first_name
        ),
        GrantRole::Guarantor => format!(
            "Welcome, {}. You're registering to see {}'s bills and payments as their guarantor.",
            s.invitee_first_name, s.patient_first_name
        ),
    });
    text.map(|t| view! { <p class="lead">{t}</p> })
}

/// Step 1: choose a password (and the email, for an invitation sent by text only).
#[component]
fn CreateAccount(reg: Reg) -> impl IntoView {
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
            errors.reject(field, message);
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
                        hint="From your invitation. You'll use it to sign in."
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
fn SignInToAdd(reg: Reg) -> impl IntoView {
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
            <a href=format!("/portal/forgot-password?practice={practice}")>"Forgot password?"</a>
        </div>
    }
}

/// The six-digit code field and its "Send a new code" button, shared by both verify steps.
#[component]
fn CodeForm(
    errors: FormErrors,
    /// Sends the typed code.
    verify: Callback<String>,
    verifying: Memo<bool>,
    /// Sends a new code.
    resend: Callback<()>,
    resending: Memo<bool>,
    wait: Cooldown,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match clean_code(&code.get_untracked()) {
            Some(c) => verify.run(c),
            None => {
                errors.reject("code", "Enter the 6 numbers from the message.");
                focus_first_invalid();
            }
        }
    };
    view! {
        <form class="stack portal-form" novalidate on:submit=on_submit>
            <TextField
                label="6-digit code"
                field="code"
                value=code
                errors
                inputmode="numeric"
                autocomplete="one-time-code"
                hint="The code works for 10 minutes."
            />
            <div class="form-actions">
                <button type="submit" class="button button-primary button-large" disabled=move || verifying.get()>
                    {move || if verifying.get() { "Checking…" } else { "Continue" }}
                </button>
            </div>
        </form>
        <div class="resend">
            <p class="hint">"Didn't get it? Wait a minute and check your spam folder, or ask for a new code."</p>
            <button
                type="button"
                class="button button-secondary"
                disabled=move || resending.get() || wait.waiting()
                on:click=move |_| {
                    errors.clear();
                    resend.run(());
                }
            >
                {move || match (resending.get(), wait.left()) {
                    (true, _) => "Sending…".to_owned(),
                    (false, 0) => "Send a new code".to_owned(),
                    (false, secs) => format!("Send a new code in {}", format::long_wait(secs)),
                }}
            </button>
        </div>
    }
}

/// Keeps a step's resend countdown in line with the server's `resend_in_seconds` (REG-3).
fn follow_resend_timer(reg: Reg, wait: Cooldown) {
    Effect::new(move |_| {
        if let Some(secs) = reg.with_status(|s| s.resend_in_seconds) {
            wait.start(secs);
        }
    });
}

/// What a failed send or check shows: a countdown for 429, else the problem by its field.
fn show_problem(p: ProblemDetails, errors: FormErrors, wait: Cooldown) {
    if p.status == 429 {
        wait.start_from(&p);
    } else if p.code != ErrorCode::RegistrationStepOutOfOrder && !is_link_problem(&p) {
        errors.set(p);
        focus_first_invalid();
    }
}

/// Step 2: the code emailed to the account's address.
#[component]
fn VerifyEmail(reg: Reg) -> impl IntoView {
    let errors = FormErrors::new("email-code");
    let wait = Cooldown::new();
    follow_resend_timer(reg, wait);
    let sent = RwSignal::new(false);

    let verify = Action::new_local(move |code: &String| {
        let code = code.clone();
        reg.advance(move |t| api::registration::verify_email(t, code.clone()))
    });
    let resend = Action::new_local(move |_: &()| reg.advance(api::registration::resend_email));
    Effect::new(move |_| {
        if let Some(Err(p)) = verify.value().get() {
            show_problem(p, errors, wait);
        }
    });
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(())) => sent.set(true),
        Some(Err(p)) => show_problem(p, errors, wait),
        None => {}
    });
    let sent_to = move || reg.with_status(|s| s.code_sent_to.clone().or_else(|| s.email.clone())).flatten();
    view! {
        <h1 tabindex="-1">"Check your email"</h1>
        <p class="lead">
            {move || match sent_to() {
                Some(to) => format!("We emailed a 6-digit code to {to}. Enter it below."),
                None => "We emailed you a 6-digit code. Enter it below.".to_owned(),
            }}
        </p>
        <div class="live-region" role="status" aria-live="polite">
            {move || sent.get().then(|| view! { <p class="banner banner-success">"We sent a new code. Use the newest one."</p> })}
        </div>
        <ErrorBanner errors />
        <CodeForm
            errors
            verify=Callback::new(move |c| {
                verify.dispatch(c);
            })
            verifying=verify.pending()
            resend=Callback::new(move |()| {
                resend.dispatch(());
            })
            resending=resend.pending()
            wait
        />
    }
}

/// Step 3: a code by text, to the phone on file or to another number.
#[component]
fn VerifyPhone(reg: Reg) -> impl IntoView {
    let errors = FormErrors::new("phone-code");
    let wait = Cooldown::new();
    follow_resend_timer(reg, wait);
    let phone_on_file = reg.with_status(|s| s.phone_on_file.clone()).flatten();
    let has_phone_on_file = phone_on_file.is_some();
    // Typing another number than the one on file (or there is none).
    let other_number = RwSignal::new(!has_phone_on_file);
    let phone = RwSignal::new(String::new());
    // The number the last code went to: `None` for the one on file.
    let last_number = StoredValue::new(None::<String>);
    // Choosing where the code goes, until one was sent.
    let choosing = RwSignal::new(reg.with_status(|s| s.code_sent_to.is_none()).unwrap_or(true));
    let sent = RwSignal::new(false);

    let send = Action::new_local(move |number: &Option<String>| {
        let number = number.clone();
        async move {
            last_number.set_value(number.clone());
            reg.advance(move |t| api::registration::send_phone_code(t, number.clone())).await
        }
    });
    let verify = Action::new_local(move |code: &String| {
        let code = code.clone();
        reg.advance(move |t| api::registration::verify_phone(t, code.clone()))
    });
    Effect::new(move |_| {
        if let Some(Err(p)) = verify.value().get() {
            show_problem(p, errors, wait);
        }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(())) => {
            let was_choosing = choosing.get_untracked();
            choosing.set(false);
            sent.set(!was_choosing);
            if was_choosing {
                focus_heading();
            }
        }
        Some(Err(p)) => show_problem(p, errors, wait),
        None => {}
    });
    let send_to_typed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let typed = phone.get_untracked().trim().to_owned();
        if typed.chars().filter(char::is_ascii_digit).count() < 7 {
            errors.reject("phone", "Enter your mobile phone number, with area code.");
            focus_first_invalid();
            return;
        }
        send.dispatch(Some(typed));
    };
    let send_label = move || match (send.pending().get(), wait.left()) {
        (true, _) => "Sending…".to_owned(),
        (false, 0) => "Text me a code".to_owned(),
        (false, secs) => format!("Text me a code in {}", format::long_wait(secs)),
    };
    let on_file = StoredValue::new(phone_on_file);

    view! {
        <h1 tabindex="-1">"Confirm your mobile phone"</h1>
        {move || {
            if choosing.get() {
                view! {
                    <p class="lead">"We'll text you a 6-digit code to make sure this phone is yours."</p>
                    <ErrorBanner errors />
                    {move || {
                        if other_number.get() {
                            view! {
                                <form class="stack portal-form" novalidate on:submit=send_to_typed>
                                    <TextField
                                        label="Mobile phone number"
                                        field="phone"
                                        value=phone
                                        errors
                                        input_type="tel"
                                        autocomplete="tel"
                                        inputmode="tel"
                                        hint="A phone that can receive text messages. Message rates may apply."
                                    />
                                    <div class="form-actions">
                                        <button
                                            type="submit"
                                            class="button button-primary button-large"
                                            disabled=move || send.pending().get() || wait.waiting()
                                        >
                                            {send_label}
                                        </button>
                                    </div>
                                </form>
                                {has_phone_on_file
                                    .then(|| {
                                        view! {
                                            <div class="portal-links">
                                                <button type="button" class="button button-link" on:click=move |_| {
                                                    errors.clear();
                                                    other_number.set(false);
                                                }>
                                                    "Use the number on file instead"
                                                </button>
                                            </div>
                                        }
                                    })}
                            }
                                .into_any()
                        } else {
                            view! {
                                <p>
                                    "The phone number we have for you ends like this: "
                                    <strong class="nowrap">{on_file.get_value().unwrap_or_default()}</strong>
                                </p>
                                <div class="form-actions">
                                    <button
                                        type="button"
                                        class="button button-primary button-large"
                                        disabled=move || send.pending().get() || wait.waiting()
                                        on:click=move |_| {
                                            errors.clear();
                                            send.dispatch(None);
                                        }
                                    >
                                        {send_label}
                                    </button>
                                    <button type="button" class="button button-secondary button-large" on:click=move |_| {
                                        errors.clear();
                                        other_number.set(true);
                                    }>
                                        "Use a different number"
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                    }}
                }
                    .into_any()
            } else {
                let sent_to = move || reg.with_status(|s| s.code_sent_to.clone()).flatten().unwrap_or_default();
                view! {
                    <p class="lead">
                        "We texted a 6-digit code to " <span class="nowrap">{sent_to}</span> ". Enter it below."
                    </p>
                    <div class="live-region" role="status" aria-live="polite">
                        {move || sent.get().then(|| view! { <p class="banner banner-success">"We sent a new code. Use the newest one."</p> })}
                    </div>
                    <ErrorBanner errors />
                    <CodeForm
                        errors
                        verify=Callback::new(move |c| {
                            verify.dispatch(c);
                        })
                        verifying=verify.pending()
                        resend=Callback::new(move |()| {
                            send.dispatch(last_number.get_value());
                        })
                        resending=send.pending()
                        wait
                    />
                    <div class="portal-links">
                        <button type="button" class="button button-link" on:click=move |_| {
                            errors.clear();
                            sent.set(false);
                            choosing.set(true);
                            other_number.set(true);
                        }>
                            "Use a different number"
                        </button>
                    </div>
                }
                    .into_any()
            }
        }}
    }
}

/// The phone on the review screen: the one confirmed at step 3 (masked, `•••-•••-0101`), or where
/// the last code went for a server that does not name it yet.
fn confirmed_phone(verified: Option<&str>, code_sent_to: Option<&str>) -> String {
    match verified.or(code_sent_to) {
        Some(masked) => format!("{masked} (confirmed)"),
        None => "Confirmed by text message".to_owned(),
    }
}

/// Step 4: review, accept the terms, and start the portal.
#[component]
fn Finish(reg: Reg) -> impl IntoView {
    let portal = use_portal();
    let navigate = use_navigate();
    let flash = expect_context::<Flash>();
    let accepted = RwSignal::new(false);
    let errors = FormErrors::new("finish");
    let (email, phone, who, practice) = reg
        .with_status(|s| {
            (
                s.email.clone(),
                confirmed_phone(s.phone_verified.as_deref(), s.code_sent_to.as_deref()),
                registering_for(s.role, &s.patient_first_name),
                s.practice.display_name.clone(),
            )
        })
        .unwrap_or_default();

    let finish = Action::new_local(move |_: &()| async move {
        let token = reg.call(api::registration::complete).await?;
        portal.start(token).await
    });
    errors.follow(finish, move |()| {
        flash.show_at("/portal", "Welcome! Your portal account is ready.");
        navigate("/portal", Default::default());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        if !accepted.get_untracked() {
            errors.reject("accept_terms", "Tick the box to accept the terms before you finish.");
            focus_first_invalid();
            return;
        }
        finish.dispatch(());
    };
    view! {
        <h1 tabindex="-1">"Review and finish"</h1>
        <p class="lead">"Almost done. Check your details, then accept the terms."</p>
        <dl class="details review">
            <div class="detail detail-wide">
                <dt>"Email (you sign in with it)"</dt>
                <dd>{email.unwrap_or_default()}</dd>
            </div>
            <div class="detail detail-wide">
                <dt>"Phone"</dt>
                <dd>{phone}</dd>
            </div>
            <div class="detail detail-wide">
                <dt>"You are registering for"</dt>
                <dd>{who}</dd>
            </div>
        </dl>
        <section class="terms" aria-labelledby="terms-heading" tabindex="0">
            <h2 id="terms-heading">"Terms of use and privacy notice"</h2>
            <p>{format!("The portal lets you see information {practice} keeps about your care, and contact them.")}</p>
            <p>
                "Keep your password to yourself. Anyone who signs in with it can see this information. Sign out when \
                 you use a shared computer; the portal also signs you out after 30 minutes without activity."
            </p>
            <p>
                "We use your email and phone number only to send you portal messages, codes and reminders — never for \
                 advertising. Every time someone looks at or changes your information, it is recorded."
            </p>
            <p>"The portal is not for emergencies. In an emergency, call 911."</p>
        </section>
        <ErrorBanner errors />
        <form class="stack portal-form" novalidate on:submit=on_submit>
            <CheckboxField label="I accept the terms of use and privacy notice" field="accept_terms" checked=accepted errors />
            <div class="form-actions">
                <button type="submit" class="button button-primary button-large" disabled=move || finish.pending().get()>
                    {move || if finish.pending().get() { "Finishing…" } else { "Finish registration" }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_accept_spaces_and_dashes() {
        assert_eq!(clean_code("123456").as_deref(), Some("123456"));
        assert_eq!(clean_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(clean_code("123-456").as_deref(), Some("123456"));
        assert_eq!(clean_code("12345"), None);
        assert_eq!(clean_code("1234567"), None);
        assert_eq!(clean_code("12345a"), None);
    }

    #[test]
    fn passwords_are_checked_before_sending() {
        assert_eq!(check_passwords("short", "short"), Err(("password", "Use at least 12 characters.")));
        assert!(check_passwords("a long enough phrase", "a long enough phrase").is_ok());
        assert_eq!(
            check_passwords("a long enough phrase", "a long enough phrasE").map_err(|e| e.0),
            Err("confirm_password")
        );
        assert_eq!(check_passwords(&"x".repeat(129), &"x".repeat(129)).map_err(|e| e.0), Err("password"));
    }

    #[test]
    fn the_review_names_the_confirmed_phone() {
        assert_eq!(confirmed_phone(Some("•••-•••-0101"), Some("•••-•••-0199")), "•••-•••-0101 (confirmed)");
        assert_eq!(confirmed_phone(None, Some("•••-•••-0199")), "•••-•••-0199 (confirmed)");
        assert_eq!(confirmed_phone(None, None), "Confirmed by text message");
    }

    #[test]
    fn who_is_registered_reads_plainly() {
        assert_eq!(registering_for(GrantRole::Patient, "Maria"), "Yourself (Maria)");
        assert_eq!(registering_for(GrantRole::Guardian, "Maya"), "Maya, as their guardian");
    }
}
