//! `/staff/account`: the signed-in user's own details, and changing their password.
use leptos::prelude::*;
use portico_types::auth::{ChangePasswordRequest, StaffMe};

use crate::api::{self, use_client};
use crate::components::{Detail, ErrorBanner, FormErrors, PageHeader, TextField, focus_first_invalid};
use crate::session::use_session;

#[component]
pub fn Account() -> impl IntoView {
    let session = use_session();
    view! {
        <PageHeader title="My account".to_owned() lead="Who you are in Portico, and your password.".to_owned() />
        // The shell shows its pages only once the user is known.
        {move || {
            session
                .me()
                .map(|me| {
                    let email = me.email.clone();
                    view! {
                        <div class="account-page">
                            <Details me />
                            <ChangePassword email />
                        </div>
                    }
                })
        }}
    }
}

#[component]
fn Details(me: StaffMe) -> impl IntoView {
    let session = use_session();
    let roles = me.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
    view! {
        <section class="card" aria-labelledby="details-heading">
            <h2 id="details-heading">"Your details"</h2>
            <dl class="details">
                <Detail term="Name" value=Some(me.name) />
                <Detail term="Roles" value=Some(roles) />
                <Detail term="Email" value=Some(me.email) wide=true />
                <Detail term="Practice" value=Some(me.practice.display_name) wide=true />
            </dl>
            <p class="hint card-note">
                {move || {
                    if session.is_admin() {
                        view! { "Administrators change these on the " <a href="/staff/staff-users">"Staff users"</a> " page." }
                            .into_any()
                    } else {
                        view! { "To change them, ask an administrator of your practice." }.into_any()
                    }
                }}
            </p>
        </section>
    }
}

#[component]
fn ChangePassword(email: String) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("account");
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let changed = RwSignal::new(false);

    let save =
        Action::new_local(move |input: &ChangePasswordRequest| api::staff::change_password(client, input.clone()));
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
        // The one check the server cannot make: it never sees the confirmation.
        if new.get_untracked() != confirm.get_untracked() {
            errors.reject("confirm_password", "This does not match the new password. Type it again.");
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
            <p class="hint">"You stay signed in here; Portico signs you out on your other devices."</p>
            <div class="live-region" role="status" aria-live="polite">
                {move || {
                    changed
                        .get()
                        .then(|| {
                            view! {
                                <p class="banner banner-success">
                                    "Password changed. You were signed out on your other devices."
                                </p>
                            }
                        })
                }}
            </div>
            <form class="stack" novalidate on:submit=on_submit>
                // Tells password managers whose password this is.
                <input type="email" name="username" autocomplete="username" value=email readonly hidden />
                <ErrorBanner errors />
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
                    hint="12 or more characters; a short phrase is easiest to remember."
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
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Changing…" } else { "Change password" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
