//! `/portal/reset-password#t={token}`: choose a new password from an emailed link (AUTH-4). The
//! token stays in the fragment, which never reaches the server's logs.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portico_types::portal::PasswordResetConfirm;

use super::{PortalCard, focus_heading, remembered_branding};
use crate::api;
use crate::components::{ErrorBanner, Flash, FormErrors, TextField, focus_first_invalid};
use crate::links;
use crate::session::use_portal;

pub const PASSWORD_RULES: &str = "Use at least 12 characters. A few words in a row, like a short sentence, are easy \
                                  to remember and hard to guess. Don't use a common password or the first part of \
                                  your email address.";

#[component]
pub fn ResetPassword() -> impl IntoView {
    document().set_title("Choose a new password · Patient portal");
    let practice = remembered_branding(use_portal().client());
    let token = links::use_link_token(links::RESET_LINK);
    let forgot = links::forgot_password(links::remembered_practice().as_deref());
    view! {
        <PortalCard practice>
            {move || match token.get() {
                Some(token) => view! { <NewPassword token forgot=forgot.clone() /> }.into_any(),
                None => view! {
                    <h1 tabindex="-1">"This link is not complete"</h1>
                    <p>
                        "Open the link from your password email again. If your email app split it over two lines, \
                         copy the whole link into your browser."
                    </p>
                    <a class="button button-primary button-large" href=forgot.clone()>
                        "Send me a new link"
                    </a>
                }
                    .into_any(),
            }}
        </PortalCard>
    }
}

#[component]
fn NewPassword(token: String, forgot: String) -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let navigate = use_navigate();
    let flash = expect_context::<Flash>();
    let errors = FormErrors::new("reset");
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());

    let save =
        Action::new_local(move |r: &PasswordResetConfirm| api::portal::confirm_password_reset(client, r.clone()));
    errors.follow(save, move |()| {
        // Every session ended with the reset, this tab's too.
        portal.forget();
        links::forget_link_token(links::RESET_LINK);
        let to = links::sign_in(links::remembered_practice().as_deref());
        flash.show_at("/portal/sign-in", "Your password has been changed. Sign in with your new password.");
        navigate(&to, Default::default());
    });
    let token = StoredValue::new(token);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let typed = password.get_untracked();
        if typed.chars().count() < 12 {
            errors.reject("password", "Use at least 12 characters.");
        } else if typed != confirm.get_untracked() {
            errors.reject("confirm_password", "The two passwords are not the same. Type it again.");
        } else {
            save.dispatch(PasswordResetConfirm { token: token.get_value(), password: typed });
            return;
        }
        focus_first_invalid();
    };
    // An expired or used link: no password will help, only a new link. The form goes, and the
    // page says so once, in its own words (the server's suggests the sign-in page).
    let link_refused = Memo::new(move |_| errors.message("token").is_some());
    Effect::new(move |_| {
        if link_refused.get() {
            focus_heading();
        }
    });

    move || {
        if link_refused.get() {
            view! {
                <h1 tabindex="-1">"This link no longer works"</h1>
                <div class="banner banner-error" role="alert">
                    <p>
                        "It has expired or was already used. Links to reset a password work once, for 1 hour."
                    </p>
                    <a class="button button-primary" href=forgot.clone()>
                        "Send me a new link"
                    </a>
                </div>
            }
            .into_any()
        } else {
            view! { <NewPasswordForm errors password confirm pending=save.pending() on_submit /> }.into_any()
        }
    }
}

#[component]
fn NewPasswordForm(
    errors: FormErrors,
    password: RwSignal<String>,
    confirm: RwSignal<String>,
    pending: Memo<bool>,
    on_submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Choose a new password"</h1>
        <p class="lead">"You'll use it to sign in to your patient portal."</p>
        <ErrorBanner errors />
        <form class="stack portal-form" novalidate on:submit=on_submit>
            <TextField
                label="New password"
                field="password"
                value=password
                errors
                input_type="password"
                autocomplete="new-password"
                hint=PASSWORD_RULES
            />
            <TextField
                label="Type the new password again"
                field="confirm_password"
                value=confirm
                errors
                input_type="password"
                autocomplete="new-password"
            />
            <div class="form-actions">
                <button type="submit" class="button button-primary button-large" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save new password" }}
                </button>
            </div>
        </form>
    }
}
