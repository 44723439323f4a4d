//! `/staff/patient-responsibility` and `/staff/patient-responsibility/:id` (SPEC §7). The list
//! finds patients and shows those with a balance; the detail view holds the row of patient
//! actions — "Send a registration link" (INV-1), by email and/or text message as on file, with the
//! cooldown shown (INV-3) — and the patient's Billing card: ledger, posting, saved cards.
use leptos::prelude::*;
use portico_types::invitations::{GrantRole, InvitationOrigin};
use portico_types::patients::Patient;

use super::billing::{Balances, PatientBilling};
use super::patients::PatientFinder;
use super::{route_patient, use_patient_id};
use crate::api::{self, use_client};
use crate::components::{Detail, Flash, Loaded, PageHeader, focus};
use crate::format;
use crate::links;
use crate::widgets::invite_flow::{
    InviteDialogs, InviteFlow, Invitee, Outgoing, PortalStatus, SendButton, cooldown_end,
};

#[component]
pub fn PatientResponsibility() -> impl IntoView {
    view! {
        <PageHeader
            title="Patient Responsibility".to_owned()
            lead="Patients with a balance, and any patient found by search: open one to see their ledger, post to it and send them a registration link for the patient portal.".to_owned()
        />
        <PatientFinder page="/staff/patient-responsibility" link_base="/staff/patient-responsibility" search_only=true keep="sort" />
        <Balances page="/staff/patient-responsibility" />
    }
}

#[component]
pub fn ResponsibilityDetail() -> impl IntoView {
    let client = use_client();
    let id = use_patient_id();
    let patient = route_patient(client, id);
    let header = || {
        view! {
            <PageHeader
                title="Patient".to_owned()
                back=("/staff/patient-responsibility".to_owned(), "Patient Responsibility")
            />
        }
    };
    view! {
        <Loaded read=patient header let:p>
            <Detailed p />
        </Loaded>
    }
}

/// Where a registration link would go, in words: "by email and text message", "by email",
/// "by text message", or `None` with nothing on file.
pub fn link_channels(email: bool, phone: bool) -> Option<&'static str> {
    match (email, phone) {
        (true, true) => Some("by email and text message"),
        (true, false) => Some("by email"),
        (false, true) => Some("by text message"),
        (false, false) => None,
    }
}

#[component]
fn Detailed(p: Patient) -> impl IntoView {
    let client = use_client();
    let flash = expect_context::<Flash>();
    let pid = p.id;
    let name = format::full_name(&p.first_name, &p.last_name, p.preferred_name.as_deref());
    let invitations = LocalResource::new(move || api::invitations::list(client, pid));
    let flow = InviteFlow::new(move |message| {
        invitations.refetch();
        flash.show_here(message);
        request_animation_frame(|| {
            focus("#portal-row-heading");
        });
    });
    let invitee = Invitee {
        patient_id: pid,
        role: GrantRole::Patient,
        contact_id: None,
        name: format::full_name(&p.first_name, &p.last_name, None),
        email: p.email.clone(),
        phone: p.phone.clone(),
    };
    let who = invitee.who();
    let invitee = StoredValue::new(invitee);
    let where_to = match link_channels(p.email.is_some(), p.phone.is_some()) {
        Some(how) => format!("It goes {how}, to what is on file."),
        None => "There is no email address or phone number on file yet: add one on the facesheet first.".to_owned(),
    };
    let status = move || {
        invitations.get().map(|r| r.map(|page| (PortalStatus::of(&page.items, who), cooldown_end(&page.items, who))))
    };

    view! {
        <PageHeader
            title=name
            lead=format!("Born {}", format::date(p.date_of_birth))
            back=("/staff/patient-responsibility".to_owned(), "Patient Responsibility")
        >
            <a class="button button-secondary" href=links::patient(pid)>
                "Open facesheet"
            </a>
        </PageHeader>
        <div class="facesheet">
            <section class="card patient-card" aria-labelledby="patient-heading">
                <h2 id="patient-heading">"Patient"</h2>
                <dl class="details">
                    <Detail term="Date of birth" value=Some(format::date(p.date_of_birth)) />
                    <Detail term="Phone" value=p.phone.as_deref().map(format::phone) />
                    <Detail term="Email" value=p.email.clone() wide=true />
                </dl>
            </section>
            <section class="card patient-actions" aria-labelledby="actions-heading">
                <h2 id="actions-heading">"Patient actions"</h2>
                <div class="action-row">
                    <div class="action-about">
                        <h3 id="portal-row-heading" tabindex="-1">
                            "Patient Portal"
                        </h3>
                        <p>"Send a registration link to the patient to onboard them to the patient portal"</p>
                        <p class="hint">{where_to}</p>
                        <p class="portal-status">
                            "Portal status: "
                            {move || match status() {
                                None => view! { <span class="muted">"Checking…"</span> }.into_any(),
                                Some(Err(p)) => view! { <span class="error-text">{p.detail}</span> }.into_any(),
                                Some(Ok((s, _))) => view! { <span class=s.tag()>{s.label()}</span> }.into_any(),
                            }}
                        </p>
                    </div>
                    <div class="action-do">
                        {move || match status() {
                            Some(Ok((PortalStatus::Registered, _))) => {
                                view! { <p class="hint">"Already registered: nothing to send."</p> }.into_any()
                            }
                            Some(Ok((_, not_before))) => {
                                let send = Outgoing::invite(
                                    &invitee.get_value(),
                                    InvitationOrigin::PatientResponsibility,
                                    not_before,
                                );
                                view! { <SendButton flow send label="Send a registration link" class="button button-primary" /> }
                                    .into_any()
                            }
                            _ => ().into_any(),
                        }}
                    </div>
                </div>
            </section>
            <PatientBilling patient_id=pid />
        </div>
        <InviteDialogs flow />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_goes_where_contact_details_are_on_file() {
        assert_eq!(link_channels(true, true), Some("by email and text message"));
        assert_eq!(link_channels(true, false), Some("by email"));
        assert_eq!(link_channels(false, true), Some("by text message"));
        assert_eq!(link_channels(false, false), None);
    }
}
