//! Choosing patients by searching for them, inside another page or dialog: the Portal
//! Directory's "Invite someone", Outreach previews and audiences.
use leptos::prelude::*;
use portico_types::patients::PatientSummary;
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::format;

/// "Mar 4, 1985 · m@example.com · (217) 555-0123": enough to tell two Maria Lopezes apart.
pub fn patient_line(p: &PatientSummary) -> String {
    let mut parts = vec![format!("Born {}", format::date(p.date_of_birth))];
    parts.extend(p.email.clone());
    parts.extend(p.phone.as_deref().map(format::phone));
    parts.join(" · ")
}

pub fn patient_name(p: &PatientSummary) -> String {
    format::full_name(&p.first_name, &p.last_name, p.preferred_name.as_deref())
}

/// What a search found, for the live region under the box.
fn status_text(result: &api::ApiResult<portico_types::Page<PatientSummary>>) -> String {
    match result {
        Ok(page) if page.items.is_empty() => "No patients match. Check the spelling or try fewer words.".to_owned(),
        Ok(page) if page.next_cursor.is_some() => {
            format!("The first {} matches; type more to narrow them.", page.items.len())
        }
        Ok(page) if page.items.len() == 1 => "1 patient found.".to_owned(),
        Ok(page) => format!("{} patients found.", page.items.len()),
        Err(p) => p.detail.clone(),
    }
}

/// A search box and the first page of matches, each with a button that picks the patient.
#[component]
pub fn PatientPicker(
    /// Unique on the page: prefixes the element ids.
    id: &'static str,
    label: &'static str,
    /// The button on each match, e.g. "Choose" or "Add"; screen readers hear the name after it.
    action: &'static str,
    on_pick: Callback<PatientSummary>,
    /// Patients already picked: their button says so and does nothing.
    #[prop(optional, into)]
    picked: Option<Signal<Vec<Uuid>>>,
    #[prop(default = "Last name, first name, date of birth (YYYY-MM-DD), email or phone.")] hint: &'static str,
) -> impl IntoView {
    let client = use_client();
    let typed = RwSignal::new(String::new());
    let search = Action::new_local(move |q: &String| api::patients::search(client, q.clone(), None));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.dispatch(typed.get_untracked().trim().to_owned());
    };
    let input_id = format!("{id}-q");
    let hint_id = format!("{id}-hint");
    let is_picked = move |pid: Uuid| picked.is_some_and(|p| p.with(|ids| ids.contains(&pid)));

    view! {
        <div class="picker">
            <form class="search" novalidate on:submit=on_submit>
                <label for=input_id.clone()>{label}</label>
                <p class="hint" id=hint_id.clone()>
                    {hint}
                </p>
                <div class="search-row">
                    <input id=input_id type="search" autocomplete="off" aria-describedby=hint_id bind:value=typed />
                    <button type="submit" class="button button-secondary" disabled=move || search.pending().get()>
                        "Search"
                    </button>
                </div>
            </form>
            <div class="live-region" role="status">
                {move || {
                    let text = if search.pending().get() {
                        Some("Searching…".to_owned())
                    } else {
                        search.value().get().map(|r| status_text(&r))
                    };
                    text.map(|text| view! { <p class="picker-status">{text}</p> })
                }}
            </div>
            {move || {
                search
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .filter(|page| !page.items.is_empty())
                    .map(|page| {
                        view! {
                            <ul class="picker-results">
                                {page
                                    .items
                                    .into_iter()
                                    .map(|p| {
                                        let name = patient_name(&p);
                                        let line = patient_line(&p);
                                        let pid = p.id;
                                        let p = StoredValue::new(p);
                                        view! {
                                            <li class="picker-result">
                                                <div>
                                                    <span class="cell-title">{name.clone()}</span>
                                                    <span class="cell-sub">{line}</span>
                                                </div>
                                                <button
                                                    type="button"
                                                    class="button button-small button-secondary"
                                                    aria-disabled=move || is_picked(pid).then_some("true")
                                                    on:click=move |_| {
                                                        if !is_picked(pid) {
                                                            on_pick.run(p.get_value());
                                                        }
                                                    }
                                                >
                                                    {move || if is_picked(pid) { "Added" } else { action }}
                                                    <span class="visually-hidden">{format!(" {name}")}</span>
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </div>
    }
}
