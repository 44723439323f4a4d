//! `/staff/patients/:id`: the facesheet — demographics, portal invitations, billing, messages,
//! files and contacts.
use leptos::prelude::*;
use portico_types::patients::Patient;

use super::billing::PatientBilling;
use super::contacts::Contacts;
use super::invitations::{Invitee, Invites, PendingInvitations, PortalAccess};
use super::messages::PatientMessages;
use super::patient_files::PatientFiles;
use super::{route_patient, use_patient_id};
use crate::api::use_client;
use crate::components::{Detail, Loaded, PageHeader};
use crate::format;
use crate::links;
use crate::session::use_session;
use portico_types::invitations::GrantRole;

#[component]
pub fn Facesheet() -> impl IntoView {
    let client = use_client();
    let id = use_patient_id();
    let patient = route_patient(client, id);
    let header =
        || view! { <PageHeader title="Patient".to_owned() back=("/staff/patients".to_owned(), "All patients") /> };
    view! {
        <Loaded read=patient header let:p>
            <Sheet p />
        </Loaded>
    }
}

#[component]
fn Sheet(p: Patient) -> impl IntoView {
    let session = use_session();
    let name = format::full_name(&p.first_name, &p.last_name, p.preferred_name.as_deref());
    let born = match format::age(p.date_of_birth) {
        Some(age) => format!("Born {} · {age} years old", format::date(p.date_of_birth)),
        None => format!("Born {}", format::date(p.date_of_birth)),
    };
    let address = [&p.address.line1, &p.address.line2, &p.address.city, &p.address.region, &p.address.postal_code]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>();
    let address = (!address.is_empty()).then(|| address.join(", "));
    let invites = Invites::new(p.id);
    let patient = Invitee {
        patient_id: p.id,
        role: GrantRole::Patient,
        contact_id: None,
        name: format::full_name(&p.first_name, &p.last_name, None),
        email: p.email.clone(),
        phone: p.phone.clone(),
    };
    view! {
        <PageHeader title=name lead=born back=("/staff/patients".to_owned(), "All patients")>
            <a class="button button-secondary" href=links::patient_edit(p.id)>
                "Edit details"
            </a>
            <Show when=move || session.is_admin()>
                <a class="button button-secondary" href=links::patient_audit(p.id)>
                    "Audit trail"
                </a>
            </Show>
        </PageHeader>
        <PendingInvitations invites />
        <div class="facesheet">
            <section class="card" aria-labelledby="demographics-heading">
                <h2 id="demographics-heading">"Demographics"</h2>
                <dl class="details">
                    <Detail term="First name" value=Some(p.first_name.clone()) />
                    <Detail term="Last name" value=Some(p.last_name.clone()) />
                    <Detail term="Preferred name" value=p.preferred_name.clone() />
                    <Detail term="Date of birth" value=Some(format::date(p.date_of_birth)) />
                    <Detail term="Sex" value=Some(format::sex_label(p.sex).to_owned()) />
                    <Detail term="Gender identity" value=p.gender_identity.clone() />
                </dl>
            </section>
            <section class="card" aria-labelledby="reach-heading">
                <h2 id="reach-heading">"Contact details"</h2>
                <dl class="details">
                    <Detail term="Email" value=p.email.clone() />
                    <Detail term="Phone" value=p.phone.as_deref().map(format::phone) />
                    <Detail term="Address" value=address wide=true />
                </dl>
            </section>
            <PortalAccess invites patient />
            <PatientBilling patient_id=p.id />
            <PatientMessages patient_id=p.id />
            <PatientFiles patient_id=p.id />
            <Contacts patient_id=p.id invites />
        </div>
    }
}
