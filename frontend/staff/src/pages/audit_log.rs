//! `/staff/audit-log` (admins): the practice's audit trail (AUD-1), newest first, filtered by
//! staff member, dates and patient. The filters live in the URL, so a filtered view can be shared
//! (the facesheet links here with `?patient=`).
use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use portico_types::audit::AuditEvent;
use portico_types::staff::StaffUser;
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{ErrorBanner, FormErrors, Loaded, PageHeader, Paged, SelectField, ShowMore, TextField};
use crate::format;
use crate::links;

/// The filters as they appear in the address: `?actor=&from=&to=&patient=`.
#[derive(Clone, Default, PartialEq)]
struct Filters {
    actor: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    patient: Option<Uuid>,
}

impl Filters {
    /// What the API takes: instants at local midnight, `to` exclusive (the day after the end date).
    fn to_api(&self, cursor: Option<String>) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(a) = self.actor {
            q.push(("actor_id", a.to_string()));
        }
        if let Some(d) = self.from {
            q.push(("from", local_midnight(d)));
        }
        if let Some(d) = self.to.and_then(|d| d.checked_add_days(Days::new(1))) {
            q.push(("to", local_midnight(d)));
        }
        if let Some(p) = self.patient {
            q.push(("patient_id", p.to_string()));
        }
        q.extend(cursor.map(|c| ("cursor", c)));
        q
    }

    fn to_url(&self) -> String {
        let pairs = [
            ("actor", self.actor.map(|a| a.to_string())),
            ("from", self.from.map(|d| d.to_string())),
            ("to", self.to.map(|d| d.to_string())),
            ("patient", self.patient.map(|p| p.to_string())),
        ];
        let query: Vec<String> = pairs.into_iter().filter_map(|(k, v)| v.map(|v| format!("{k}={v}"))).collect();
        links::with_query("/staff/audit-log", &query)
    }
}

/// `YYYY-MM-DD` at 00:00 in the browser's time zone, as RFC 3339 UTC.
fn local_midnight(d: NaiveDate) -> String {
    String::from(js_sys::Date::new(&format!("{d}T00:00:00").into()).to_iso_string())
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| {
        query.with(|q| Filters {
            actor: q.get("actor").and_then(|v| Uuid::parse_str(&v).ok()),
            from: q.get("from").and_then(|v| v.parse().ok()),
            to: q.get("to").and_then(|v| v.parse().ok()),
            patient: q.get("patient").and_then(|v| Uuid::parse_str(&v).ok()),
        })
    });
    let events = Paged::new(move |cursor| api::staff::audit_events(client, filters.get().to_api(cursor)));
    let staff = LocalResource::new(move || api::staff::users(client));
    let staff_list = Signal::derive(move || staff.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default());

    // The form's text; applied to the address on submit.
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = filters.get();
        actor.set(f.actor.map(|a| a.to_string()).unwrap_or_default());
        from.set(f.from.map(|d| d.to_string()).unwrap_or_default());
        to.set(f.to.map(|d| d.to_string()).unwrap_or_default());
    });
    let errors = FormErrors::new("audit");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let next = Filters {
            actor: Uuid::parse_str(&actor.get_untracked()).ok(),
            from: from.get_untracked().parse().ok(),
            to: to.get_untracked().parse().ok(),
            patient: filters.get_untracked().patient,
        };
        if let (Some(f), Some(t)) = (next.from, next.to)
            && t < f
        {
            errors.reject("to", "Choose an end date on or after the start date.");
            return;
        }
        navigate(&next.to_url(), Default::default());
    };

    view! {
        <PageHeader
            title="Audit log".to_owned()
            lead="Every sign-in, every look at or change to patient information, and every settings change. Newest first.".to_owned()
        />
        <form class="filters card" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <div class="grid-3">
                <StaffSelect staff=staff_list value=actor errors />
                <TextField label="From" field="from" value=from errors input_type="date" optional=true />
                <TextField label="To" field="to" value=to errors input_type="date" optional=true />
            </div>
            {move || {
                filters
                    .get()
                    .patient
                    .map(|p| {
                        let all = Filters { patient: None, ..filters.get() }.to_url();
                        view! {
                            <p class="filter-note">
                                "Showing events for "
                                <a href=links::patient(p)>"one patient"</a>
                                ". "
                                <a href=all>"Show everyone's"</a>
                            </p>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="submit" class="button button-primary">
                    "Apply filters"
                </button>
                <a class="button button-secondary" href="/staff/audit-log">
                    "Clear"
                </a>
            </div>
        </form>
        <Loaded read=events.first let:page>
            {if page.items.is_empty() {
                view! { <p class="empty">"No events match these filters."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table audit">
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"Who"</th>
                                    <th scope="col">"What"</th>
                                    <th scope="col">"Outcome"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.items.into_iter().map(|e| view! { <EventRow e staff=staff_list /> }).collect_view()}
                                {move || {
                                    events
                                        .more
                                        .get()
                                        .into_iter()
                                        .map(|e| view! { <EventRow e staff=staff_list /> })
                                        .collect_view()
                                }}
                            </tbody>
                        </table>
                    </div>
                    <ShowMore paged=events label="Show older events" />
                }
                    .into_any()
            }}
        </Loaded>
    }
}

#[component]
fn StaffSelect(staff: Signal<Vec<StaffUser>>, value: RwSignal<String>, errors: FormErrors) -> impl IntoView {
    move || {
        let mut options = vec![(String::new(), "Anyone".to_owned())];
        options.extend(staff.get().into_iter().map(|u| (u.id.to_string(), u.name)));
        view! { <SelectField label="Staff member" field="actor" value errors options /> }
    }
}

#[component]
fn EventRow(e: AuditEvent, staff: Signal<Vec<StaffUser>>) -> impl IntoView {
    let who = move || match (e.actor_type.as_str(), e.actor_id) {
        ("staff", Some(id)) => staff
            .with(|s| s.iter().find(|u| u.id == id).map(|u| u.name.clone()))
            .unwrap_or_else(|| "A staff user".to_owned()),
        ("portal", _) => "A portal user".to_owned(),
        ("api_client", _) => "An API client".to_owned(),
        ("system", _) => "Portico".to_owned(),
        _ => "Someone not signed in".to_owned(),
    };
    let outcome_class = match e.outcome.as_str() {
        "success" => "tag",
        _ => "tag tag-warn",
    };
    let details = match &e.details {
        serde_json::Value::Null => None,
        serde_json::Value::Object(o) if o.is_empty() => None,
        d => Some(d.to_string()),
    };
    view! {
        <tr>
            <td class="nowrap">{format::instant(e.occurred_at)}</td>
            <td>
                {who}
                {e.actor_role.map(|r| view! { <span class="cell-sub">{r.replace(',', ", ")}</span> })}
            </td>
            <td>
                <code>{e.action}</code>
                <details class="event-details">
                    <summary>"Details"</summary>
                    <dl>
                        <dt>"Resource"</dt>
                        <dd>{format!("{} {}", e.resource_type, e.resource_id.unwrap_or_default())}</dd>
                        {e.patient_id.map(|p| view! {
                            <dt>"Patient"</dt>
                            <dd><a href=links::patient(p)>"Open facesheet"</a></dd>
                        })}
                        <dt>"Request"</dt>
                        <dd>{e.request_id.unwrap_or_default()}</dd>
                        <dt>"From"</dt>
                        <dd>{format!("{} · {}", e.ip.unwrap_or_default(), e.user_agent.unwrap_or_default())}</dd>
                        {details.map(|d| view! { <dt>"Changes"</dt><dd><code>{d}</code></dd> })}
                    </dl>
                </details>
            </td>
            <td>
                <span class=outcome_class>{e.outcome}</span>
            </td>
        </tr>
    }
}
