//! The line above step 1: who is registering, for whom.
use super::*;

/// "Maria, you're registering to see Maya's portal as their guardian."
#[component]
pub(super) fn Intro(reg: Reg) -> impl IntoView {
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
