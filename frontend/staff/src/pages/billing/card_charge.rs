//! "Charge a saved card": one of the cards the patient or a guarantor saved in the portal, for
//! the balance or part of it, with a note of how the card holder agreed. Sent under an
//! `Idempotency-Key`, so a retry never charges twice; a decline is told in an alert.
use leptos::prelude::*;
use portico_kit::money::{card_words, dollars_input, parse_dollars};
use portico_types::payments::{NewCardCharge, PatientCard, dollars};
use portico_types::{ErrorCode, ProblemDetails};
use uuid::Uuid;

use crate::api::{self, IdempotencyKey, use_client};
use crate::components::{ErrorBanner, FormErrors, Loaded, SelectField, TextField, focus_first_invalid};

#[component]
pub fn CardChargeForm(
    patient_id: Uuid,
    /// What the patient owes now, in cents: the amount it starts with and the most it may be.
    balance: i64,
    done: Callback<String>,
    on_cancel: impl Fn() + 'static + Copy + Send + Sync,
) -> impl IntoView {
    let client = use_client();
    let cards = LocalResource::new(move || api::payments::cards(client, patient_id));
    view! {
        <Loaded read=cards let:cards>
            {if cards.is_empty() {
                view! {
                    <p>"No cards are saved for this patient. The patient or a guarantor can save one in the portal's Profile."</p>
                    <div class="form-actions">
                        <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                            "Close"
                        </button>
                    </div>
                }
                    .into_any()
            } else {
                view! { <ChargeCard patient_id balance cards done on_cancel /> }.into_any()
            }}
        </Loaded>
    }
}

/// "Visa ending 4242 · Dana Rivera · expires 12/2030 (default)".
fn card_label(c: &PatientCard) -> String {
    let default = if c.is_default { " (default)" } else { "" };
    format!(
        "{} · {} · expires {:02}/{}{default}",
        card_words(&c.brand, &c.last4),
        c.holder_name,
        c.exp_month,
        c.exp_year
    )
}

/// What a declined card means for the person at the desk (the API's own words are the payer's).
fn decline_message(p: &ProblemDetails) -> &'static str {
    match p.decline_code.as_deref() {
        Some("insufficient_funds") => {
            "The card was declined for insufficient funds. Nothing was charged. Try a smaller amount, or ask the card holder for another card."
        }
        _ => "The card was declined. Nothing was charged. Ask the card holder for another card.",
    }
}

#[component]
fn ChargeCard(
    patient_id: Uuid,
    balance: i64,
    cards: Vec<PatientCard>,
    done: Callback<String>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("card-charge");
    let key = IdempotencyKey::new();
    let declined = RwSignal::new(None::<&'static str>);
    let first = cards.iter().find(|c| c.is_default).or(cards.first()).map(|c| c.id.to_string()).unwrap_or_default();
    let card = RwSignal::new(first);
    let amount = RwSignal::new(dollars_input(balance));
    let consent = RwSignal::new(String::new());

    let save = Action::new_local(move |input: &NewCardCharge| {
        let input = input.clone();
        async move {
            let answer = api::payments::charge_card(client, patient_id, input, key.current()).await;
            key.settle(&answer);
            answer
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(r)) => {
            let on = r.card.map(|c| format!(" to {}", card_words(&c.brand, &c.last4))).unwrap_or_default();
            done.run(format!("Charged {}{on}. Receipt {}.", dollars(r.amount), r.receipt_number));
        }
        Some(Err(p)) if p.code == ErrorCode::PaymentDeclined => declined.set(Some(decline_message(&p))),
        Some(Err(p)) => {
            errors.set(p);
            focus_first_invalid();
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        declined.set(None);
        let cents = parse_dollars(&amount.get_untracked()).filter(|c| *c > 0);
        let note = consent.get_untracked().trim().to_owned();
        let chosen = Uuid::parse_str(&card.get_untracked()).ok();
        if !errors.require(&[
            ("payment_method_id", chosen.is_none(), "Choose the card to charge."),
            ("amount", cents.is_none(), "Enter the amount in dollars and cents, like 25.00."),
            ("consent", note.is_empty(), "Note how the card holder agreed, like “Agreed by phone today”."),
        ]) {
            return;
        }
        save.dispatch(NewCardCharge {
            payment_method_id: chosen.unwrap_or_default(),
            amount: cents.unwrap_or_default(),
            consent: note,
        });
    };
    let options = cards.iter().map(|c| (c.id.to_string(), card_label(c))).collect();
    let owed = format!("The balance due is {}.", dollars(balance));

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <p>{owed}</p>
            <ErrorBanner errors />
            <div role="alert">{move || declined.get().map(|m| view! { <p class="banner banner-error">{m}</p> })}</div>
            <SelectField label="Card" field="payment_method_id" value=card errors options />
            <TextField
                label="Amount"
                field="amount"
                value=amount
                errors
                inputmode="decimal"
                autocomplete="off"
                hint="In dollars: at least 1.00, at most the balance."
            />
            <TextField
                label="Consent"
                field="consent"
                value=consent
                errors
                autocomplete="off"
                hint="How the card holder agreed, like: Agreed by phone with Dana Rivera today."
            />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Charging…" } else { "Charge card" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
