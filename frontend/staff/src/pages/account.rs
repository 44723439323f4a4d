//! `/staff/account`: the signed-in user's own details, and changing their password.
use leptos::prelude::*;
use portico_types::auth::{ChangePasswordRequest, StaffMe};

use crate::api::{self, use_client};
use crate::components::{ChangePasswordForm, Detail, PageHeader};
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
    let save = Action::new_local(move |r: &ChangePasswordRequest| api::staff::change_password(client, r.clone()));
    view! {
        <ChangePasswordForm
            id="account"
            email
            save
            note="You stay signed in here; Portico signs you out on your other devices."
            done="Password changed. You were signed out on your other devices."
            rules="12 or more characters; a short phrase is easiest to remember."
        />
    }
}
