//! "Post a charge": a service billed to the patient, with its date of service (today unless
//! changed), what it was, the procedure code and provider if the practice uses them, and the
//! amount in dollars.
use chrono::NaiveDate;
use leptos::prelude::*;
use portico_kit::money::parse_dollars;
use portico_types::payments::{NewCharge, dollars};
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{ErrorBanner, FormErrors, SelectField, TextField};
use crate::session::use_session;

/// Today at the practice, whose day decides what is "in the future" (the browser may be
/// elsewhere): the browser's `Intl` in the practice's zone, as `en-CA` writes it (`2026-12-01`).
fn practice_today(zone: &str) -> Option<NaiveDate> {
    let options = js_sys::Intl::DateTimeFormatOptions::new();
    options.set_time_zone(zone);
    String::from(js_sys::Date::new_0().to_locale_date_string("en-CA", &options)).parse().ok()
}

#[component]
pub fn ChargeForm(patient_id: Uuid, done: Callback<String>, on_cancel: impl Fn() + 'static) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("charge");
    let zone = use_session().with_me(|me| me.map(|me| me.practice.timezone.clone())).unwrap_or_default();
    let today = practice_today(&zone);
    let date = RwSignal::new(today.map(|d| d.to_string()).unwrap_or_default());
    let description = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let provider = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let providers = LocalResource::new(move || api::practice::providers(client));

    let save = Action::new_local(move |input: &NewCharge| {
        let input = input.clone();
        async move {
            let message = format!("Charge of {} posted.", dollars(input.amount));
            api::payments::post_charge(client, patient_id, input).await.map(|_| message)
        }
    });
    errors.follow(save, move |message| done.run(message));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let day = date.get_untracked().parse::<NaiveDate>().ok();
        let future = day.zip(today).is_some_and(|(d, t)| d > t);
        let cents = parse_dollars(&amount.get_untracked()).filter(|c| *c > 0);
        let text = description.get_untracked().trim().to_owned();
        if !errors.require(&[
            ("date_of_service", day.is_none(), "Enter the date of service."),
            ("date_of_service", future, "The date of service cannot be in the future."),
            ("description", text.is_empty(), "Say what the service was, like “Therapeutic exercise, 30 min”."),
            ("amount", cents.is_none(), "Enter the amount in dollars and cents, like 125.00."),
        ]) {
            return;
        }
        let code = Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty());
        save.dispatch(NewCharge {
            date_of_service: day.unwrap_or_default(),
            description: text,
            procedure_code: code,
            provider_id: Uuid::parse_str(&provider.get_untracked()).ok(),
            amount: cents.unwrap_or_default(),
        });
    };

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <TextField label="Date of service" field="date_of_service" value=date errors input_type="date" />
            <TextField label="Description" field="description" value=description errors autocomplete="off" />
            <div class="grid-2">
                <TextField
                    label="Procedure code"
                    field="procedure_code"
                    value=code
                    errors
                    optional=true
                    autocomplete="off"
                    hint="CPT or HCPCS, like 97110."
                />
                <TextField
                    label="Amount"
                    field="amount"
                    value=amount
                    errors
                    inputmode="decimal"
                    autocomplete="off"
                    hint="In dollars, like 125.00."
                />
            </div>
            {move || {
                let mut options = vec![(String::new(), "No provider".to_owned())];
                let active = providers.get().and_then(Result::ok).map(|p| p.items).unwrap_or_default();
                options.extend(active.into_iter().filter(|p| p.active).map(|p| (p.id.to_string(), p.name)));
                view! { <SelectField label="Provider" field="provider_id" value=provider errors options /> }
            }}
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Posting…" } else { "Post charge" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
