//! Billing (PAY-1, PAY-2, PAY-4): the Billing card on the facesheet and on Patient
//! Responsibility's detail view — the balance and the ledger, with each payment's and refund's
//! receipt. Billing staff and administrators also post charges and adjustments, refund payments
//! and charge a saved card, each in a dialog; everyone else reads. The ledger cannot be edited:
//! corrections are adjustments or refunds.
mod adjust;
mod balances;
mod card_charge;
mod charge;
mod ledger;
mod receipt;
mod refund;

pub use balances::Balances;
pub use receipt::ReceiptPage;

use leptos::prelude::*;
use portico_types::ProblemDetails;
use portico_types::payments::{Ledger, dollars};
use portico_types::staff::StaffCapability;
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{Dialog, Loaded, focus};
use crate::session::use_session;
use adjust::AdjustForm;
use card_charge::CardChargeForm;
use charge::ChargeForm;
use ledger::LedgerTable;
use refund::{RefundForm, Refundable};

/// The dialogs the card opens. `Copy`.
#[derive(Clone, Copy)]
struct Postings {
    charge: RwSignal<bool>,
    adjust: RwSignal<bool>,
    card: RwSignal<bool>,
    refund: RwSignal<bool>,
    /// The payment the refund dialog is about.
    refunding: RwSignal<Option<Refundable>>,
}

#[component]
pub fn PatientBilling(patient_id: Uuid) -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let ledger = LocalResource::new(move || api::payments::ledger(client, patient_id));
    // The card sits low on the facesheet, far from the page's flash message: it says here what
    // a posting did.
    let notice = RwSignal::new(None::<String>);
    let (charge, adjust, card, refund) =
        (RwSignal::new(false), RwSignal::new(false), RwSignal::new(false), RwSignal::new(false));
    let done = Callback::new(move |message: String| {
        for dialog in [charge, adjust, card, refund] {
            dialog.set(false);
        }
        ledger.refetch();
        notice.set(Some(message));
        // The dialog's button may be gone (a refunded payment); start from the heading.
        request_animation_frame(|| {
            focus("#billing-heading");
        });
    });
    // A new posting starts without the last one's notice.
    Effect::new(move |_| {
        if [charge, adjust, card, refund].iter().any(|d| d.get()) {
            notice.set(None);
        }
    });
    let postings = Postings { charge, adjust, card, refund, refunding: RwSignal::new(None) };
    let may_bill = move || session.may(StaffCapability::Bill);
    // What the dialogs start from: the ledger as last loaded.
    let current = move || ledger.get_untracked().and_then(Result::ok);

    view! {
        <section class="card billing" aria-labelledby="billing-heading">
            <div class="card-heading">
                <h2 id="billing-heading" tabindex="-1">
                    "Billing"
                </h2>
                <Show when=may_bill>
                    <PostingButtons postings ledger />
                </Show>
            </div>
            <div class="live-region" role="status">
                {move || notice.get().map(|m| view! { <p class="banner banner-success">{m}</p> })}
            </div>
            <Loaded read=ledger let:l>
                <BalanceLine l=l.clone() />
                <LedgerTable l postings may_bill=may_bill() />
            </Loaded>
            <Dialog open=charge id="charge-dialog" title="Post a charge".to_owned()>
                <ChargeForm patient_id done on_cancel=move || charge.set(false) />
            </Dialog>
            <Dialog open=adjust id="adjust-dialog" title="Adjust the balance".to_owned()>
                <AdjustForm patient_id done on_cancel=move || adjust.set(false) />
            </Dialog>
            <Dialog open=card id="card-charge-dialog" title="Charge a saved card".to_owned()>
                {current().map(|l| view! { <CardChargeForm patient_id balance=l.balance done on_cancel=move || card.set(false) /> })}
            </Dialog>
            <Dialog open=refund id="refund-dialog" title="Refund a payment".to_owned()>
                {postings
                    .refunding
                    .get_untracked()
                    .map(|payment| view! { <RefundForm patient_id payment done on_cancel=move || refund.set(false) /> })}
            </Dialog>
        </section>
    }
}

/// "Post a charge", "Adjust balance" and, while something is owed, "Charge a saved card".
#[component]
fn PostingButtons(postings: Postings, ledger: LocalResource<Result<Ledger, ProblemDetails>>) -> impl IntoView {
    let owed = move || ledger.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|l| l.balance > 0));
    view! {
        <div class="row-actions">
            <button type="button" class="button button-primary" on:click=move |_| postings.charge.set(true)>
                "Post a charge"
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| postings.adjust.set(true)>
                "Adjust balance"
            </button>
            <Show when=owed>
                <button type="button" class="button button-secondary" on:click=move |_| postings.card.set(true)>
                    "Charge a saved card"
                </button>
            </Show>
        </div>
    }
}

/// "Balance due $125.00", or a credit the patient holds.
#[component]
fn BalanceLine(l: Ledger) -> impl IntoView {
    let (label, amount) = match l.balance {
        b if b < 0 => ("Credit", dollars(-b)),
        b => ("Balance due", dollars(b)),
    };
    view! {
        <p class="balance-line">
            <span class="balance-label">{label}</span>
            " "
            <span class="balance-amount">{amount}</span>
        </p>
    }
}
