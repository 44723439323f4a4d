//! `/portal/account` — My Account: the portal account itself (its email, practice and last
//! sign-in) and changing its password. It belongs to the account, not to a patient, so it is the
//! same whichever patient is chosen.
use leptos::prelude::*;
use portico_types::auth::ChangePasswordRequest;
use portico_types::portal::{PortalArea, PortalMe};

use super::reset_password::PASSWORD_RULES;
use crate::api;
use crate::components::{Detail, ErrorBanner, FormErrors, PageHeader, TextField, focus_first_invalid};
use crate::format;
use crate::portal_session::use_portal;

#[component]
pub fn MyAccount() -> impl IntoView {
    let portal = use_portal();
    let back = match portal.patient_or_first(None) {
        Some(id) => format!("/portal?patient={id}"),
        None => "/portal".to_owned(),
    };
    view! {
        <PageHeader title=PortalArea::MyAccount.title().to_owned() back=(back, "Home") />
        // The shell shows its pages only once the account is known.
        {move || {
            portal
                .me()
                .map(|me| {
                    let email = me.email.clone();
                    view! {
                        <AccountDetails me />
                        <ChangePassword email />
                    }
                })
        }}
    }
}

#[component]
fn AccountDetails(me: PortalMe) -> impl IntoView {
    // Registering starts a session without a sign-in, so a new account has none yet.
    let last_sign_in = Some(me.last_sign_in_at.map_or_else(|| "None yet".to_owned(), format::instant));
    view! {
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">"Your account"</h2>
            <dl class="details portal-details">
                <Detail term="Email (you sign in with it)" value=Some(me.email) wide=true />
                <Detail term="Practice" value=Some(me.practice.display_name) wide=true />
                <Detail term="Last sign-in" value=last_sign_in wide=true />
            </dl>
        </section>
    }
}

#[component]
fn ChangePassword(email: String) -> impl IntoView {
    let client = use_portal().client();
    let errors = FormErrors::new("portal-account");
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let changed = RwSignal::new(false);

    let save = Action::new_local(move |r: &ChangePasswordRequest| api::portal::change_password(client, r.clone()));
    errors.follow(save, move |()| {
        for field in [current, new, confirm] {
            field.set(String::new());
        }
        changed.set(true);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        changed.set(false);
        // The one check the server cannot make: it never sees the second box.
        if new.get_untracked() != confirm.get_untracked() {
            errors.reject("confirm_password", "The two new passwords are not the same. Type it again.");
            focus_first_invalid();
            return;
        }
        save.dispatch(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            <p class="hint">"You stay signed in here. Anywhere else you are signed in, you will be signed out."</p>
            <ErrorBanner errors />
            <form class="stack portal-form" novalidate on:submit=on_submit>
                // Tells password managers whose password this is.
                <input type="email" name="username" autocomplete="username" value=email readonly hidden />
                <TextField
                    label="Current password"
                    field="current_password"
                    value=current
                    errors
                    input_type="password"
                    autocomplete="current-password"
                />
                <TextField
                    label="New password"
                    field="new_password"
                    value=new
                    errors
                    input_type="password"
                    autocomplete="new-password"
                    hint=PASSWORD_RULES
                />
                <TextField
                    label="Confirm new password"
                    field="confirm_password"
                    value=confirm
                    errors
                    input_type="password"
                    autocomplete="new-password"
                />
                <div class="form-actions">
                    <button type="submit" class="button button-primary button-large" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Changing your password…" } else { "Change password" }}
                    </button>
                </div>
            </form>
            // Under the button, where the eye is after pressing it (on a phone the top of the
            // form is off the screen by then).
            <div class="live-region" role="status" aria-live="polite">
                {move || {
                    changed
                        .get()
                        .then(|| {
                            view! {
                                <p class="banner banner-success">"Password changed. You were signed out everywhere else."</p>
                            }
                        })
                }}
            </div>
        </section>
    }
}
