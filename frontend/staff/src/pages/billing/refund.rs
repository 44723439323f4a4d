//! "Refund a payment": all or part of what a payment has left, with the reason. A card payment
//! goes back to its card at the gateway, under an `Idempotency-Key` so a retry never refunds twice.
use leptos::prelude::*;
use portico_kit::money::{dollars_input, parse_dollars};
use portico_types::payments::{NewRefund, dollars};
use uuid::Uuid;

use crate::api::{self, IdempotencyKey, use_client};
use crate::components::{ErrorBanner, FormErrors, TextField};

/// The payment a refund is for, as its row showed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Refundable {
    pub payment_id: Uuid,
    /// What it has left to refund, in cents.
    pub left: i64,
    /// " the payment of $100.00, Dec 1, 2026"
    pub what: String,
}

#[component]
pub fn RefundForm(
    patient_id: Uuid,
    payment: Refundable,
    done: Callback<String>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("refund");
    let key = IdempotencyKey::new();
    let amount = RwSignal::new(dollars_input(payment.left));
    let reason = RwSignal::new(String::new());
    let payment_id = payment.payment_id;

    let save = Action::new_local(move |input: &NewRefund| {
        let input = input.clone();
        async move {
            let answer = api::payments::refund(client, patient_id, input.clone(), key.current()).await;
            key.settle(&answer);
            answer.map(|_| format!("Refunded {}.", dollars(input.amount)))
        }
    });
    errors.follow(save, move |message| done.run(message));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let cents = parse_dollars(&amount.get_untracked()).filter(|c| *c > 0);
        let reason = reason.get_untracked().trim().to_owned();
        if !errors.require(&[
            ("amount", cents.is_none(), "Enter the amount to refund in dollars and cents, like 25.00."),
            ("reason", reason.is_empty(), "Say why, like “Paid twice”."),
        ]) {
            return;
        }
        save.dispatch(NewRefund { payment_id, amount: cents.unwrap_or_default(), reason });
    };
    let about = format!("Refund{}. It has {} left to refund.", payment.what, dollars(payment.left));

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <p>{about}</p>
            <ErrorBanner errors />
            <TextField
                label="Amount"
                field="amount"
                value=amount
                errors
                inputmode="decimal"
                autocomplete="off"
                hint="In dollars. A card payment is refunded to the same card."
            />
            <TextField label="Reason" field="reason" value=reason errors autocomplete="off" hint="For example: Paid twice." />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Refunding…" } else { "Refund" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
