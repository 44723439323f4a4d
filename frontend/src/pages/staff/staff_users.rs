//! `/staff/staff-users` (admins): who can sign in, with their roles and status. Read-only for now.
use leptos::prelude::*;
use portico_types::staff::StaffUser;

use crate::api::{self, use_client};
use crate::components::{LoadFailed, Loading, PageHeader};
use crate::format;

#[component]
pub fn StaffUsers() -> impl IntoView {
    let client = use_client();
    let users = LocalResource::new(move || api::staff::users(client));
    view! {
        <PageHeader
            title="Staff users".to_owned()
            lead="Everyone who can sign in to your practice's staff consoles. Adding and editing users comes later.".to_owned()
        />
        {move || match users.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(problem)) => view! { <LoadFailed problem retry=move || users.refetch() /> }.into_any(),
            Some(Ok(page)) => {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Roles"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col" class="wide-only">
                                        "Last sign-in"
                                    </th>
                                </tr>
                            </thead>
                            <tbody>{page.items.into_iter().map(|u| view! { <UserRow u /> }).collect_view()}</tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn UserRow(u: StaffUser) -> impl IntoView {
    let roles = u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
    let status = match (u.active, u.locked) {
        (false, _) => "Inactive",
        (true, true) => "Locked",
        (true, false) => "Active",
    };
    view! {
        <tr>
            <td>
                <span class="cell-title">{u.name}</span>
                <span class="cell-sub">{u.email}</span>
            </td>
            <td>{roles}</td>
            <td>
                <span class="tag" class:tag-warn=status != "Active">
                    {status}
                </span>
            </td>
            <td class="wide-only">{u.last_login_at.map(format::instant).unwrap_or_else(|| "Never".to_owned())}</td>
        </tr>
    }
}
