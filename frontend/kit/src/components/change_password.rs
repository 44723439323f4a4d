//! The change-password form of My account (staff) and My Account (portal): current password,
//! new password twice. The caller supplies the save action, so each kind of account posts to its
//! own endpoint; the server checks the current password and the policy and names the fields.
use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::auth::ChangePasswordRequest;

use super::{ErrorBanner, FormErrors, TextField, focus_first_invalid};

#[component]
pub fn ChangePasswordForm(
    /// Prefix of the form's element ids.
    id: &'static str,
    /// The account's email, for password managers.
    email: String,
    save: Action<ChangePasswordRequest, Result<(), ProblemDetails>>,
    /// Under the heading: what happens to other sessions.
    note: &'static str,
    /// Shown once the password is changed.
    done: &'static str,
    /// The new password's rules, in plain words.
    rules: &'static str,
    /// Large buttons (the portal, for patients on phones).
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let errors = FormErrors::new(id);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let changed = RwSignal::new(false);
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
            errors.reject("confirm_password", "This does not match the new password. Type it again.");
            focus_first_invalid();
            return;
        }
        save.dispatch(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    let (form_class, button) = if large {
        ("stack portal-form", "button button-primary button-large")
    } else {
        ("stack", "button button-primary")
    };
    view! {
        <section class="card" aria-labelledby=format!("{id}-password-heading")>
            <h2 id=format!("{id}-password-heading")>"Change password"</h2>
            <p class="hint">{note}</p>
            <ErrorBanner errors />
            <form class=form_class novalidate on:submit=on_submit>
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
                    hint=rules
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
                    <button type="submit" class=button disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Changing your password…" } else { "Change password" }}
                    </button>
                </div>
            </form>
            // Under the button, where the eye is after pressing it (on a phone the top of the
            // form is off the screen by then).
            <div class="live-region" role="status" aria-live="polite">
                {move || changed.get().then(|| view! { <p class="banner banner-success">{done}</p> })}
            </div>
        </section>
    }
}
