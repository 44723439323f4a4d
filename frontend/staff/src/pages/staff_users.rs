//! `/staff/staff-users` (admins): who can sign in, with their roles and status. Admins add users,
//! change their name, roles and status, and set a new password for someone who forgot theirs or
//! is locked out — each in a dialog over the list.
use leptos::prelude::*;
use leptos::task::spawn_local;
use portico_types::staff::{CreateStaffUser, StaffRole, StaffUser, UpdateStaffUser};

use crate::api::{self, use_client};
use crate::components::{
    CheckboxField, Checklist, Dialog, ErrorBanner, Flash, FormErrors, Loaded, PageHeader, TextField, focus,
};
use crate::format;
use crate::session::use_session;

const PASSWORD_HINT: &str =
    "12 or more characters; a short phrase is easiest to remember. Share it with them privately.";

#[component]
pub fn StaffUsers() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let flash = expect_context::<Flash>();
    let users = LocalResource::new(move || api::staff::users(client));

    let add_open = RwSignal::new(false);
    let edit_open = RwSignal::new(false);
    let password_open = RwSignal::new(false);
    // The user the edit or password dialog is about.
    let chosen = RwSignal::new(None::<StaffUser>);
    let choose = move |user: StaffUser, dialog: RwSignal<bool>| {
        chosen.set(Some(user));
        dialog.set(true);
    };
    let saved = Callback::new(move |message: String| {
        for dialog in [add_open, edit_open, password_open] {
            dialog.set(false);
        }
        users.refetch();
        flash.show_here(message);
        // The reloaded list replaces the row whose button opened the dialog; start from the top
        // once the dialog has closed (a modal dialog keeps focus from the page behind it).
        request_animation_frame(|| {
            focus("main h1");
        });
    });
    let name_of = move || chosen.get().map(|u| u.name).unwrap_or_default();

    view! {
        <PageHeader
            title="Staff users".to_owned()
            lead="Everyone who can sign in to your practice's staff consoles, and what they may do.".to_owned()
        >
            // Others reach this page only by typing its address; the list then says they may not.
            <Show when=move || session.is_admin()>
                <button type="button" class="button button-primary" on:click=move |_| add_open.set(true)>
                    "Add staff user"
                </button>
            </Show>
        </PageHeader>
        <Loaded read=users let:page>
            <div class="table-wrap staff-users">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Roles"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {page
                            .items
                            .into_iter()
                            .map(|u| {
                                let (edit, reset) = (u.clone(), u.clone());
                                view! {
                                    <UserRow
                                        is_me=session.user_id() == Some(u.id)
                                        u
                                        on_edit=move || choose(edit.clone(), edit_open)
                                        on_password=move || choose(reset.clone(), password_open)
                                    />
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </Loaded>
        <Dialog open=add_open id="add-staff-dialog" title="Add staff user".to_owned()>
            <AddUser saved on_cancel=move || add_open.set(false) />
        </Dialog>
        <Dialog open=edit_open id="edit-staff-dialog" title=Signal::derive(move || format!("Edit {}", name_of()))>
            {chosen.get_untracked().map(|user| view! { <EditUser user saved on_cancel=move || edit_open.set(false) /> })}
        </Dialog>
        <Dialog
            open=password_open
            id="staff-password-dialog"
            title=Signal::derive(move || format!("Set a new password for {}", name_of()))
        >
            {chosen
                .get_untracked()
                .map(|user| view! { <SetPassword user saved on_cancel=move || password_open.set(false) /> })}
        </Dialog>
    }
}

#[component]
fn UserRow(
    u: StaffUser,
    /// The signed-in admin's own row: they change their password on My account instead, where
    /// it takes their current one and does not sign them out here.
    is_me: bool,
    on_edit: impl Fn() + 'static,
    on_password: impl Fn() + 'static,
) -> impl IntoView {
    let roles = u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
    let name = u.name.clone();
    view! {
        <tr class:row-inactive=!u.active>
            <td>
                <span class="cell-title">{u.name} {is_me.then(|| view! { <span class="tag">"You"</span> })}</span>
                <span class="cell-sub">{u.email}</span>
            </td>
            <td>{roles}</td>
            <td>
                <Status active=u.active locked=u.locked />
                <span class="cell-sub">
                    {match u.last_login_at {
                        Some(at) => format!("Last signed in {}", format::instant(at)),
                        None => "Never signed in".to_owned(),
                    }}
                </span>
            </td>
            <td class="actions-cell">
                <div class="row-actions">
                    <button type="button" class="button button-small button-secondary" on:click=move |_| on_edit()>
                        "Edit" <span class="visually-hidden">{format!(" {name}")}</span>
                    </button>
                    {if is_me {
                        view! {
                            <a class="button button-small button-secondary" href="/staff/account">
                                "Change your password"
                            </a>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button type="button" class="button button-small button-secondary" on:click=move |_| on_password()>
                                "Set new password" <span class="visually-hidden">{format!(" for {name}")}</span>
                            </button>
                        }
                            .into_any()
                    }}
                </div>
            </td>
        </tr>
    }
}

/// "Active", or "Deactivated" and/or "Locked" with what to do about a lock.
#[component]
fn Status(active: bool, locked: bool) -> impl IntoView {
    view! {
        {(active && !locked).then(|| view! { <span class="tag tag-ok">"Active"</span> })}
        {(!active).then(|| view! { <span class="tag">"Deactivated"</span> })}
        {locked
            .then(|| {
                view! {
                    <span class="tag tag-warn">"Locked"</span>
                    <span class="cell-sub">"Too many failed sign-ins. A new password unlocks it."</span>
                }
            })}
    }
}

/// The roles as a checklist, in the order the API lists them.
#[component]
fn RolesField(roles: RwSignal<Vec<StaffRole>>, errors: FormErrors) -> impl IntoView {
    let items = StaffRole::ALL.map(|r| (r, r.label().to_owned(), String::new())).to_vec();
    view! { <Checklist legend="Roles" field="roles" items selected=roles errors /> }
}

#[component]
fn AddUser(saved: Callback<String>, on_cancel: impl Fn() + 'static) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("new-staff");
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::new());
    let password = RwSignal::new(String::new());

    let save = Action::new_local(move |input: &CreateStaffUser| api::staff::create_user(client, input.clone()));
    errors.follow(save, move |user| saved.run(format!("{} can now sign in.", user.name)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        save.dispatch(CreateStaffUser {
            email: email.get_untracked().trim().to_owned(),
            name: name.get_untracked().trim().to_owned(),
            roles: roles.get_untracked(),
            password: password.get_untracked(),
        });
    };
    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <TextField label="Name" field="name" value=name errors autocomplete="off" />
            <TextField label="Email" field="email" value=email errors input_type="email" autocomplete="off" hint="They sign in with it." />
            <RolesField roles errors />
            <TextField
                label="Initial password"
                field="password"
                value=password
                errors
                input_type="password"
                autocomplete="new-password"
                hint=PASSWORD_HINT
            />
            <SaveOrCancel pending=save.pending() label="Add user" on_cancel />
        </form>
    }
}

#[component]
fn EditUser(user: StaffUser, saved: Callback<String>, on_cancel: impl Fn() + 'static + Copy) -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let errors = FormErrors::new("edit-staff");
    let name = RwSignal::new(user.name.clone());
    let roles = RwSignal::new(user.roles.clone());
    let active = RwSignal::new(user.active);

    let save =
        Action::new_local(move |input: &UpdateStaffUser| api::staff::update_user(client, user.id, input.clone()));
    errors.follow(save, move |updated| {
        // An admin may rename themselves; the sidebar shows the name too.
        if session.user_id() == Some(updated.id) {
            spawn_local(session.reload_me());
        }
        saved.run(format!("Changes to {} saved.", updated.name));
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        // Only what changed: the audit log records which fields an admin touched.
        let typed = name.get_untracked().trim().to_owned();
        let chosen = roles.get_untracked();
        let changes = UpdateStaffUser {
            name: (typed != user.name).then_some(typed),
            roles: (!same_roles(&chosen, &user.roles)).then_some(chosen),
            active: (active.get_untracked() != user.active).then_some(active.get_untracked()),
            password: None,
        };
        if changes.name.is_none() && changes.roles.is_none() && changes.active.is_none() {
            // Nothing to save: close as Cancel would.
            on_cancel();
        } else {
            save.dispatch(changes);
        }
    };
    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <p class="muted">{format!("Signs in with {}.", user.email)}</p>
            <ErrorBanner errors />
            <TextField label="Name" field="name" value=name errors autocomplete="off" />
            <RolesField roles errors />
            <CheckboxField
                label="Account active"
                field="active"
                checked=active
                errors
                hint="Turn off when someone leaves: they are signed out at once and can no longer sign in. Their history stays."
            />
            <SaveOrCancel pending=save.pending() label="Save changes" on_cancel />
        </form>
    }
}

fn same_roles(a: &[StaffRole], b: &[StaffRole]) -> bool {
    a.len() == b.len() && a.iter().all(|r| b.contains(r))
}

#[component]
fn SetPassword(user: StaffUser, saved: Callback<String>, on_cancel: impl Fn() + 'static) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("staff-password");
    let password = RwSignal::new(String::new());
    let save = Action::new_local(move |password: &String| {
        let changes = UpdateStaffUser { password: Some(password.clone()), ..Default::default() };
        api::staff::update_user(client, user.id, changes)
    });
    errors.follow(save, move |updated| {
        saved.run(format!("{} has a new password and was signed out everywhere.", updated.name))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        save.dispatch(password.get_untracked());
    };
    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <p>
                {format!(
                    "{} will be signed out on every device and must sign in with the new password. \
                     If the account is locked after too many failed sign-ins, this unlocks it.",
                    user.name,
                )}
            </p>
            <ErrorBanner errors />
            <TextField
                label="New password"
                field="password"
                value=password
                errors
                input_type="password"
                autocomplete="new-password"
                hint=PASSWORD_HINT
            />
            <SaveOrCancel pending=save.pending() label="Set password" on_cancel />
        </form>
    }
}

/// A dialog form's buttons; the submit one says "Saving…" while the request runs.
#[component]
fn SaveOrCancel(pending: Memo<bool>, label: &'static str, on_cancel: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="button button-primary" disabled=move || pending.get()>
                {move || if pending.get() { "Saving…" } else { label }}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                "Cancel"
            </button>
        </div>
    }
}
