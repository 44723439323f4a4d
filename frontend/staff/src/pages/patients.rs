//! `/staff/patients`: search by name, date of birth, email or phone. The query lives in the URL
//! (`?q=`) so Back returns to the same results.
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use portico_types::Page;
use portico_types::patients::PatientSummary;

use crate::api::{self, use_client};
use crate::components::{Loaded, PageHeader, Paged, ShowMore};
use crate::format;
use crate::links;

#[component]
pub fn PatientSearch() -> impl IntoView {
    view! {
        <PageHeader title="Patients".to_owned()>
            <a class="button button-primary" href="/staff/patients/new">
                "New patient"
            </a>
        </PageHeader>
        <PatientFinder page="/staff/patients" link_base="/staff/patients" offer_new=true />
    }
}

/// The patient search form and its results, each name linking to `{link_base}/{id}`. The query
/// lives in the address of `page` (`?q=`), so Back returns to the same results.
#[component]
pub fn PatientFinder(
    page: &'static str,
    link_base: &'static str,
    /// Whether the empty results may suggest "New patient" (the Patients page has the button).
    #[prop(optional)]
    offer_new: bool,
    /// Lists nothing until something is searched for (the page has its own list below).
    #[prop(optional)]
    search_only: bool,
    /// Another query parameter of `page` that a search keeps (Patient Responsibility's `sort`).
    #[prop(optional)]
    keep: Option<&'static str>,
) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let q = Memo::new(move |_| query.with(|p| p.get("q")).unwrap_or_default());
    let typed = RwSignal::new(q.get_untracked());
    // Back and Forward change the query; the box follows.
    Effect::new(move |_| typed.set(q.get()));
    let listed = Memo::new(move |_| !search_only || !q.get().is_empty());
    let results = Paged::new(move |cursor| {
        let (listed, q) = (listed.get(), q.get());
        async move {
            if listed {
                api::patients::search(client, q, cursor).await
            } else {
                Ok(Page { items: Vec::new(), next_cursor: None })
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let term = typed.get_untracked().trim().to_owned();
        let mut pairs = Vec::new();
        if !term.is_empty() {
            pairs.push(format!("q={}", js_sys::encode_uri_component(&term)));
        }
        let kept = keep.and_then(|k| query.with_untracked(|p| p.get(k)).map(|v| (k, v)));
        pairs.extend(kept.map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v))));
        navigate(&links::with_query(page, &pairs), Default::default());
    };

    view! {
        <form class="search" role="search" on:submit=on_submit>
            <label for="patient-search">"Search patients"</label>
            <p class="hint" id="patient-search-hint">
                "Last name, first name, date of birth (YYYY-MM-DD), email or phone."
            </p>
            <div class="search-row">
                <input
                    id="patient-search"
                    type="search"
                    name="q"
                    autocomplete="off"
                    aria-describedby="patient-search-hint"
                    bind:value=typed
                />
                <button type="submit" class="button button-primary">
                    "Search"
                </button>
            </div>
        </form>
        <section class="results" aria-labelledby="results-heading" hidden=move || !listed.get()>
            <h2 id="results-heading" class="visually-hidden">
                "Results"
            </h2>
            <Loaded read=results.first loading="Searching…" let:page>
                {if page.items.is_empty() {
                    view! { <NoResults q=q.get() offer_new /> }.into_any()
                } else {
                    let first_count = page.items.len();
                    view! {
                        <p class="result-count" role="status">
                            {move || {
                                results_label(first_count + results.more.with(Vec::len), results.has_more(), &q.get())
                            }}
                        </p>
                        <ResultsTable first=page.items more=results.more link_base />
                        <ShowMore paged=results label="Show more patients" />
                    }
                        .into_any()
                }}
            </Loaded>
        </section>
    }
}

fn results_label(shown: usize, more_exist: bool, q: &str) -> String {
    let noun = if shown == 1 { "patient" } else { "patients" };
    let plus = if more_exist { "+" } else { "" };
    if q.is_empty() {
        format!("{shown}{plus} {noun}, sorted by last name")
    } else {
        format!("{shown}{plus} {noun} matching “{q}”")
    }
}

#[component]
fn NoResults(q: String, offer_new: bool) -> impl IntoView {
    let text = match (q.is_empty(), offer_new) {
        (true, true) => "No patients yet. Add the first one with “New patient”.".to_owned(),
        (true, false) => "No patients yet. Add them on the Patients page.".to_owned(),
        (false, true) => format!("No patients match “{q}”. Check the spelling, try fewer words, or add a new patient."),
        (false, false) => format!("No patients match “{q}”. Check the spelling or try fewer words."),
    };
    view! {
        <p class="empty" role="status">
            {text}
        </p>
    }
}

#[component]
fn ResultsTable(
    first: Vec<PatientSummary>,
    more: RwSignal<Vec<PatientSummary>>,
    link_base: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Date of birth"</th>
                        <th scope="col" class="wide-only">
                            "Phone"
                        </th>
                        <th scope="col" class="wide-only">
                            "Email"
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {first.into_iter().map(|p| view! { <PatientRow p link_base /> }).collect_view()}
                    {move || more.get().into_iter().map(|p| view! { <PatientRow p link_base /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn PatientRow(p: PatientSummary, link_base: &'static str) -> impl IntoView {
    let name = format::full_name(&p.first_name, &p.last_name, p.preferred_name.as_deref());
    view! {
        <tr>
            <td>
                <a href=format!("{link_base}/{}", p.id)>{name}</a>
            </td>
            <td>{format::date(p.date_of_birth)}</td>
            <td class="wide-only">{p.phone.as_deref().map(format::phone).unwrap_or_default()}</td>
            <td class="wide-only">{p.email.unwrap_or_default()}</td>
        </tr>
    }
}
