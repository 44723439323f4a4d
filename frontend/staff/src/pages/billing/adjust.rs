//! "Adjust the balance": a correction either way with its reason — lower it (a write-off, a
//! courtesy discount) or raise it (a fix).
use leptos::prelude::*;
use portico_kit::money::parse_dollars;
use portico_types::payments::{NewAdjustment, dollars};
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{ErrorBanner, FormErrors, TextField};

#[component]
pub fn AdjustForm(patient_id: Uuid, done: Callback<String>, on_cancel: impl Fn() + 'static) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("adjust");
    let lower = RwSignal::new(true);
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());

    let save = Action::new_local(move |input: &NewAdjustment| {
        let input = input.clone();
        async move {
            let way = if input.amount < 0 { "lowered" } else { "raised" };
            let message = format!("Balance {way} by {}.", dollars(input.amount.abs()));
            api::payments::adjust(client, patient_id, input).await.map(|_| message)
        }
    });
    errors.follow(save, move |message| done.run(message));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let cents = parse_dollars(&amount.get_untracked()).filter(|c| *c > 0);
        let reason = reason.get_untracked().trim().to_owned();
        if !errors.require(&[
            ("amount", cents.is_none(), "Enter the amount in dollars and cents, like 20.00."),
            ("reason", reason.is_empty(), "Say why, like “Courtesy discount”."),
        ]) {
            return;
        }
        let cents = cents.unwrap_or_default();
        save.dispatch(NewAdjustment { amount: if lower.get_untracked() { -cents } else { cents }, reason });
    };

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <fieldset class="checklist">
                <legend>"Change"</legend>
                <Way lower checked=true label="Lower the balance" hint="A write-off or a courtesy discount." />
                <Way lower checked=false label="Raise the balance" hint="To correct an earlier posting." />
            </fieldset>
            <TextField label="Amount" field="amount" value=amount errors inputmode="decimal" autocomplete="off" hint="In dollars, like 20.00." />
            <TextField label="Reason" field="reason" value=reason errors autocomplete="off" hint="Shown on the ledger." />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Posting…" } else { "Post adjustment" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// One way of adjusting, as a radio button: `checked` is the value of `lower` it stands for.
#[component]
fn Way(lower: RwSignal<bool>, checked: bool, label: &'static str, hint: &'static str) -> impl IntoView {
    let id = if checked { "adjust-lower" } else { "adjust-raise" };
    view! {
        <div class="check">
            <input
                type="radio"
                id=id
                name="direction"
                aria-describedby=format!("{id}-hint")
                prop:checked=move || lower.get() == checked
                on:change=move |_| lower.set(checked)
            />
            <div class="check-text">
                <label for=id>{label}</label>
                <p class="hint" id=format!("{id}-hint")>
                    {hint}
                </p>
            </div>
        </div>
    }
}
