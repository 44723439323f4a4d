//! `/portal/account` — My Account: the portal account itself (its email, practice and last
//! sign-in) and changing its password. It belongs to the account, not to a patient, so it is the
//! same whichever patient is chosen.
use leptos::prelude::*;
use portico_types::auth::ChangePasswordRequest;
use portico_types::portal::{PortalArea, PortalMe};

use super::reset_password::PASSWORD_RULES;
use crate::api;
use crate::components::{ChangePasswordForm, Detail, PageHeader};
use crate::format;
use crate::links;
use crate::session::use_portal;

#[component]
pub fn MyAccount() -> impl IntoView {
    let portal = use_portal();
    let back = links::home(portal.patient_or_first(None));
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
    let save = Action::new_local(move |r: &ChangePasswordRequest| api::portal::change_password(client, r.clone()));
    view! {
        <ChangePasswordForm
            id="portal-account"
            email
            save
            note="You stay signed in here. Anywhere else you are signed in, you will be signed out."
            done="Password changed. You were signed out everywhere else."
            rules=PASSWORD_RULES
            large=true
        />
    }
}
