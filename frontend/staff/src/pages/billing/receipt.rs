//! `/staff/patients/:id/receipts/:entry`: a payment's or refund's receipt (PAY-4) as the payer got
//! it — amount, card, date and practice, never the services — ready to print.
use leptos::prelude::*;
use leptos_router::hooks::use_params;
use portico_kit::money::card_words;
use portico_types::payments::{LedgerKind, Receipt, dollars};

use crate::api::{self, use_client};
use crate::components::{Detail, Loaded, PageHeader};
use crate::format;
use crate::links;
use crate::pages::not_found_problem;
use crate::routes::params::ReceiptRoute;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let client = use_client();
    let params = use_params::<ReceiptRoute>();
    let ids = Memo::new(move |_| params.get().ok().and_then(|p| Some((p.id?, p.entry?))));
    let receipt = LocalResource::new(move || async move {
        match ids.get() {
            Some((patient, entry)) => api::payments::receipt(client, patient, entry).await,
            None => Err(not_found_problem("receipt")),
        }
    });
    let header = move || {
        let back = ids.get_untracked().map_or_else(|| "/staff/patients".to_owned(), |(p, _)| links::patient(p));
        view! { <PageHeader title="Receipt".to_owned() back=(back, "Facesheet") /> }
    };
    view! {
        <Loaded read=receipt header let:r>
            <ReceiptView r />
        </Loaded>
    }
}

#[component]
fn ReceiptView(r: Receipt) -> impl IntoView {
    let (heading, payer) = match r.kind {
        LedgerKind::Refund => ("Refund receipt", "Refunded to"),
        _ => ("Payment receipt", "Paid by"),
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <PageHeader title=format!("Receipt {}", r.receipt_number) lead=r.patient_name.clone() back=(links::patient(r.patient_id), "Facesheet")>
            <button type="button" class="button button-primary" on:click=print>
                "Print"
            </button>
        </PageHeader>
        <article class="card receipt" aria-labelledby="receipt-heading">
            <p class="receipt-practice">
                <strong>{r.practice_name}</strong>
                {r.practice_phone.as_deref().map(|p| view! { <span>{format::phone(p)}</span> })}
            </p>
            <h2 id="receipt-heading">{heading}</h2>
            <p class="receipt-amount">{dollars(r.amount)}</p>
            <dl class="details">
                <Detail term="Receipt number" value=Some(r.receipt_number) />
                <Detail term="Date" value=Some(format::instant(r.at)) />
                <Detail term="Patient" value=Some(r.patient_name) />
                <Detail term=payer value=Some(r.payer_name) />
                <Detail
                    term="Card"
                    value=Some(r.card.map_or_else(|| "Not paid by card".to_owned(), |c| card_words(&c.brand, &c.last4)))
                />
                <Detail term="Balance after" value=Some(dollars(r.balance_after)) />
            </dl>
        </article>
    }
}
