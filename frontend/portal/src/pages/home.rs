//! `/portal?patient={id}` — Home (HOME-1): whose portal this is, a switcher when the account sees
//! several patients, and a tile for each area this grant may use.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portico_types::invitations::GrantRole;
use portico_types::portal::{PortalArea, PortalHome as Home, PortalPatient, PortalTile};
use portico_types::{ErrorCode, ProblemDetails};
use uuid::Uuid;

use crate::api::{self, problem};
use crate::components::{Loaded, PageHeader};
use crate::format;
use crate::session::{PortalSession, use_portal};

use super::PhoneLink;
use crate::links;

/// The patient the page is about: `?patient=` when the account may see them, else the one chosen
/// before, else the first. Remembered in the session for the other pages.
pub fn use_chosen_patient(portal: PortalSession) -> Memo<Option<Uuid>> {
    let query = use_query_map();
    let chosen = Memo::new(move |_| {
        let wanted = query.with(|q| q.get("patient")).and_then(|id| Uuid::parse_str(&id).ok());
        portal.patient_or_first(wanted)
    });
    Effect::new(move |_| {
        if let Some(id) = chosen.get() {
            portal.select_patient(id);
        }
    });
    chosen
}

/// The page of an area for this patient, where the SPA has one.
fn area_href(area: PortalArea, patient: Uuid) -> Option<String> {
    match area {
        PortalArea::MyInformation => Some(links::my_information(patient)),
        PortalArea::Messages => Some(links::messages(patient)),
        PortalArea::MyFiles => Some(links::files(patient)),
        // The account's own page: the same whoever is chosen.
        PortalArea::MyAccount => Some("/portal/account".to_owned()),
        _ => None,
    }
}

fn nobody() -> ProblemDetails {
    problem(
        404,
        ErrorCode::NotFound,
        "No patients",
        "Your account is not linked to anyone's records right now. If you think this is a mistake, call your practice.",
    )
}

#[component]
pub fn PortalHome() -> impl IntoView {
    let portal = use_portal();
    let client = portal.client();
    let chosen = use_chosen_patient(portal);
    let home = LocalResource::new(move || async move {
        match chosen.get() {
            Some(id) => api::portal::home(client, id).await,
            None => Err(nobody()),
        }
    });
    let header = || view! { <PageHeader title="Welcome".to_owned() /> };
    view! {
        <PatientSwitcher chosen />
        <Loaded read=home header let:home>
            <HomeView home />
        </Loaded>
    }
}

/// One link per patient, when there are several: "Maya (you are guardian)".
#[component]
fn PatientSwitcher(chosen: Memo<Option<Uuid>>) -> impl IntoView {
    let portal = use_portal();
    let patients = Memo::new(move |_| portal.me().map(|m| m.patients).unwrap_or_default());
    view! {
        <Show when=move || patients.with(|p| p.len() > 1)>
            <nav class="patient-switcher" aria-labelledby="switcher-label">
                <p id="switcher-label" class="switcher-label">
                    "Whose portal do you want to see?"
                </p>
                <ul>
                    {move || {
                        patients
                            .get()
                            .into_iter()
                            .map(|p: PortalPatient| {
                                let id = p.patient_id;
                                let label = format::patient_choice(&p.first_name, &p.roles);
                                view! {
                                    <li>
                                        <a
                                            class="button switcher-button"
                                            href=links::home(Some(id))
                                            aria-current=move || (chosen.get() == Some(id)).then_some("page")
                                        >
                                            {label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </nav>
        </Show>
    }
}

#[component]
fn HomeView(home: Home) -> impl IntoView {
    let patient = home.patient;
    let is_self = patient.roles.contains(&GrantRole::Patient);
    let (title, lead) = if is_self {
        let name =
            patient.preferred_name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| patient.first_name.clone());
        (format!("Welcome, {name}"), format!("Your patient portal at {}.", home.practice.display_name))
    } else {
        let roles: Vec<&str> = patient
            .roles
            .iter()
            .map(|r| match r {
                GrantRole::Guardian => "guardian",
                _ => "guarantor",
            })
            .collect();
        (
            "Welcome".to_owned(),
            format!("You are looking at {}'s portal as their {}.", patient.first_name, roles.join(" and ")),
        )
    };
    let id = patient.patient_id;
    let tiles: Vec<PortalTile> = home.tiles.into_iter().filter(|t| t.area != PortalArea::Home).collect();
    let (ready, soon): (Vec<_>, Vec<_>) =
        tiles.into_iter().partition(|t| t.available && area_href(t.area, id).is_some());
    view! {
        <PageHeader title lead />
        <section aria-labelledby="areas-heading">
            <h2 id="areas-heading" class="section-title">
                "What you can do here"
            </h2>
            {if ready.is_empty() {
                view! { <p class="empty">"Nothing is ready in the portal yet. Check back soon."</p> }.into_any()
            } else {
                view! {
                    <ul class="tiles portal-tiles">
                        {ready.into_iter().map(|t| view! { <ReadyTile tile=t patient=id /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        {(!soon.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="soon-heading">
                        <h2 id="soon-heading" class="section-title">
                            "Coming soon"
                        </h2>
                        <p class="hint">"These are on their way. They are not in the portal yet."</p>
                        <ul class="tiles portal-tiles tiles-soon">
                            {soon.into_iter().map(|t| view! { <SoonTile tile=t /> }).collect_view()}
                        </ul>
                    </section>
                }
            })}
        {home
            .practice
            .phone
            .map(|phone| {
                view! {
                    <p class="portal-help">
                        {format!("Need help? Call {} at ", home.practice.display_name)}
                        <PhoneLink phone />
                        "."
                    </p>
                }
            })}
    }
}

#[component]
fn ReadyTile(tile: PortalTile, patient: Uuid) -> impl IntoView {
    let href = area_href(tile.area, patient).unwrap_or_default();
    view! {
        <li class="tile">
            <a href=href>
                <span class="tile-title">
                    {tile.title}
                    {tile.count.and_then(format::new_count).map(|b| view! { <span class="badge">{b}</span> })}
                </span>
                <span class="tile-summary">{tile.description}</span>
                {tile.scope.map(|s| view! { <span class="tile-scope">{s}</span> })}
            </a>
        </li>
    }
}

#[component]
fn SoonTile(tile: PortalTile) -> impl IntoView {
    view! {
        <li class="tile">
            <div class="tile-body">
                <span class="tile-title">{tile.title}</span>
                <span class="tile-summary">{tile.description}</span>
                {tile.scope.map(|s| view! { <span class="tile-scope">{s}</span> })}
            </div>
        </li>
    }
}
