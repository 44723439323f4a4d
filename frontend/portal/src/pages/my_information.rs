//! `/portal/my-information?patient={id}`: the patient's details as the practice has them
//! (read-only). Guardians do not see gender identity (§5); the API leaves it out for them.
use leptos::prelude::*;
use portico_types::ErrorCode;
use portico_types::invitations::GrantRole;
use portico_types::portal::{PortalArea, PortalProfile};

use super::PhoneLink;
use super::home::use_chosen_patient;
use crate::api::{self, problem};
use crate::components::{Detail, Loaded, PageHeader};
use crate::format;
use crate::links;
use crate::session::use_portal;

#[component]
pub fn MyInformation() -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let chosen = use_chosen_patient(portal);
    let profile = LocalResource::new(move || async move {
        match chosen.get() {
            Some(id) => api::portal::my_information(client, id).await,
            None => Err(problem(404, ErrorCode::NotFound, "Not found", "There is no one to show here.")),
        }
    });
    let back = move || links::home(chosen.get_untracked());
    // Whether the account is the patient themself, or looks on as a guardian or guarantor.
    let is_self = Memo::new(move |_| {
        let me = portal.me();
        let who = chosen.get().and_then(|id| me.and_then(|m| m.patients.into_iter().find(|p| p.patient_id == id)));
        who.is_none_or(|p| p.roles.contains(&GrantRole::Patient))
    });
    // "My Information" for the patient; "Maya's information" for a guardian.
    let title = Signal::derive(move || {
        let me = portal.me();
        let who = chosen.get().and_then(|id| me.and_then(|m| m.patients.into_iter().find(|p| p.patient_id == id)));
        match who {
            Some(p) if !is_self.get() => format!("{}'s information", p.first_name),
            _ => PortalArea::MyInformation.title().to_owned(),
        }
    });
    let practice = Signal::derive(move || portal.me().map(|m| m.practice));
    let header = move || view! { <PageHeader title back=(back(), "Home") /> };
    view! {
        <Loaded read=profile header let:p>
            <PageHeader title back=(back(), "Home") />
            <Profile p is_self=is_self.get() />
            <p class="portal-help">
                {move || {
                    practice
                        .get()
                        .map(|pr| match pr.phone {
                            Some(phone) => view! {
                                {format!("Something wrong or out of date? Call {} at ", pr.display_name)}
                                <PhoneLink phone />
                                " to correct it."
                            }
                                .into_any(),
                            None => format!("Something wrong or out of date? Tell {} at your next visit.", pr.display_name)
                                .into_any(),
                        })
                }}
            </p>
        </Loaded>
    }
}

#[component]
fn Profile(p: PortalProfile, is_self: bool) -> impl IntoView {
    let reach = reach_heading(is_self, &p.first_name);
    let address = [&p.address.line1, &p.address.line2, &p.address.city, &p.address.region, &p.address.postal_code]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>();
    let address = (!address.is_empty()).then(|| address.join(", "));
    view! {
        <section class="card" aria-labelledby="about-heading">
            <h2 id="about-heading">"About"</h2>
            <dl class="details portal-details">
                <Detail term="Name" value=Some(format!("{} {}", p.first_name, p.last_name)) />
                {p.preferred_name.clone().map(|n| view! { <Detail term="Preferred name" value=Some(n) /> })}
                <Detail term="Date of birth" value=Some(format::date(p.date_of_birth)) />
                <Detail term="Sex" value=Some(format::sex_label(p.sex).to_owned()) />
                {p.gender_identity.clone().map(|g| view! { <Detail term="Gender identity" value=Some(g) /> })}
            </dl>
        </section>
        <section class="card" aria-labelledby="reach-heading">
            <h2 id="reach-heading">{reach}</h2>
            <dl class="details portal-details">
                <Detail term="Email" value=p.email.clone() wide=true />
                <Detail term="Phone" value=p.phone.as_deref().map(format::phone) wide=true />
                <Detail term="Address" value=address wide=true />
            </dl>
        </section>
    }
}

/// The contact section's heading: the patient's own details are "you"; a guardian or guarantor
/// sees the patient's, named.
fn reach_heading(is_self: bool, first_name: &str) -> String {
    if is_self { "How to reach you".to_owned() } else { format!("Contact details on file for {first_name}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contact_heading_names_whose_details_they_are() {
        assert_eq!(reach_heading(true, "Avery"), "How to reach you");
        assert_eq!(reach_heading(false, "Mia"), "Contact details on file for Mia");
    }
}
