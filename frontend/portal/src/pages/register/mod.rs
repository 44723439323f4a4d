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
use portico_types::auth::{PASSWORD_MAX_LEN, PASSWORD_MIN_LEN};
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
use crate::session::use_portal;

mod code_form;
mod intro;
mod review;
mod step_account;
mod step_email;
mod step_phone;
mod wizard;

use code_form::{CodeForm, follow_resend_timer, show_problem};
use intro::Intro;
use review::Finish;
use step_account::{CreateAccount, SignInToAdd};
use step_email::VerifyEmail;
use step_phone::VerifyPhone;
use wizard::Wizard;

#[component]
pub fn Register() -> impl IntoView {
    document().set_title("Register · Patient portal");
    let token = links::use_link_token(links::REGISTER_LINK);
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
fn check_passwords(password: &str, confirm: &str) -> Result<(), (&'static str, String)> {
    let len = password.chars().count();
    if len < PASSWORD_MIN_LEN {
        Err(("password", format!("Use at least {PASSWORD_MIN_LEN} characters.")))
    } else if len > PASSWORD_MAX_LEN {
        Err(("password", format!("Use at most {PASSWORD_MAX_LEN} characters.")))
    } else if password != confirm {
        Err(("confirm_password", "The two passwords are not the same. Type it again.".to_owned()))
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

/// The phone on the review screen: the one confirmed at step 3 (masked, `•••-•••-0101`), or where
/// the last code went for a server that does not name it yet.
fn confirmed_phone(verified: Option<&str>, code_sent_to: Option<&str>) -> String {
    match verified.or(code_sent_to) {
        Some(masked) => format!("{masked} (confirmed)"),
        None => "Confirmed by text message".to_owned(),
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
        assert_eq!(check_passwords("short", "short"), Err(("password", "Use at least 12 characters.".to_owned())));
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
