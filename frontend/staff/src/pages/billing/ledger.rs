//! The ledger as a table, oldest first like a statement: each entry's date, what it was, its
//! effect on the balance and the balance after it, who posted it, and on payments and refunds
//! their receipt (and Refund, for billers, while a payment has something left).
use leptos::prelude::*;
use portico_types::payments::{Ledger, LedgerEntry, LedgerKind, dollars};
use uuid::Uuid;

use super::Postings;
use super::refund::Refundable;
use crate::format;
use crate::links;

#[component]
pub fn LedgerTable(l: Ledger, postings: Postings, may_bill: bool) -> impl IntoView {
    if l.entries.is_empty() {
        return view! { <p class="empty">"Nothing posted yet. Charges, payments, adjustments and refunds appear here."</p> }
            .into_any();
    }
    let refundable: Vec<i64> = l.entries.iter().map(|e| left_to_refund(&l, e)).collect();
    let patient = l.patient_id;
    view! {
        <div class="table-wrap billing-table">
            <table class="table ledger">
                <caption class="visually-hidden">"Ledger, oldest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Code"</th>
                        <th scope="col">"Provider"</th>
                        <th scope="col" class="money">"Amount"</th>
                        <th scope="col" class="money">"Balance"</th>
                        <th scope="col">"Posted by"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {l.entries
                        .into_iter()
                        .zip(refundable)
                        .map(|(e, left)| view! { <EntryRow e patient left postings may_bill /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What a payment has left to refund: its amount less the refunds posted against it.
pub fn left_to_refund(l: &Ledger, e: &LedgerEntry) -> i64 {
    if e.kind != LedgerKind::Payment {
        return 0;
    }
    let refunded: i64 = l.entries.iter().filter(|r| r.refund_of == Some(e.id)).map(|r| r.amount).sum();
    e.amount - refunded
}

#[component]
fn EntryRow(e: LedgerEntry, patient: Uuid, left: i64, postings: Postings, may_bill: bool) -> impl IntoView {
    // Charges are dated by the service; everything else by the day it was posted.
    let posted = format::day(e.posted_at);
    let date = e.date_of_service.map_or_else(|| posted.clone(), format::date);
    let kind = match e.kind {
        LedgerKind::Charge => None,
        LedgerKind::Payment => Some("Payment"),
        LedgerKind::Adjustment => Some("Adjustment"),
        LedgerKind::Refund => Some("Refund"),
    };
    let has_receipt = matches!(e.kind, LedgerKind::Payment | LedgerKind::Refund);
    // Names the row for the buttons: "payment of $100.00, Dec 1, 2026".
    let what = format!(" the {} of {}, {date}", kind.unwrap_or("charge").to_lowercase(), dollars(e.amount));
    let refund = (may_bill && left > 0).then(|| Refundable { payment_id: e.id, left, what: what.clone() });
    view! {
        <tr>
            <td class="nowrap">{date}</td>
            <td class="entry-what">
                {kind.map(|k| view! { <span class="tag">{k}</span> })}
                {e.description}
            </td>
            <td>
                <Labelled label="Code" value=e.procedure_code />
            </td>
            <td>
                <Labelled label="Provider" value=e.provider />
            </td>
            <td class="money">
                <span class="cell-label" aria-hidden="true">
                    "Amount "
                </span>
                {dollars(e.effect)}
            </td>
            <td class="money">
                <span class="cell-label" aria-hidden="true">
                    "Balance "
                </span>
                {dollars(e.running_balance)}
            </td>
            <td class="posted-by">
                <span class="cell-label" aria-hidden="true">
                    "Posted by "
                </span>
                {e.posted_by_name}
                {e.date_of_service.map(|_| view! { <span class="posted-on">{format!(" on {posted}")}</span> })}
            </td>
            <td class="actions-cell">
                <div class="row-actions">
                    {refund
                        .map(|payment| {
                            let context = payment.what.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button button-small button-secondary"
                                    on:click=move |_| {
                                        postings.refunding.set(Some(payment.clone()));
                                        postings.refund.set(true);
                                    }
                                >
                                    "Refund"
                                    <span class="visually-hidden">{context}</span>
                                </button>
                            }
                        })}
                    {has_receipt
                        .then(|| {
                            view! {
                                <a class="button button-small button-secondary" href=links::receipt(patient, e.id)>
                                    "Receipt"
                                    <span class="visually-hidden">{format!(" for{what}")}</span>
                                </a>
                            }
                        })}
                </div>
            </td>
        </tr>
    }
}

/// An optional value; on phones, where the column headings are hidden, it says what it is.
#[component]
fn Labelled(label: &'static str, value: Option<String>) -> impl IntoView {
    value.map(|v| {
        view! {
            <span class="cell-label" aria-hidden="true">
                {format!("{label} ")}
            </span>
            {v}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn entry(id: u128, kind: LedgerKind, amount: i64, refund_of: Option<Uuid>) -> LedgerEntry {
        LedgerEntry {
            id: Uuid::from_u128(id),
            kind,
            amount,
            effect: amount,
            running_balance: 0,
            date_of_service: None,
            description: String::new(),
            procedure_code: None,
            provider: None,
            refund_of,
            posted_by_name: String::new(),
            posted_at: Utc::now(),
        }
    }

    #[test]
    fn a_payment_has_left_what_its_refunds_did_not_give_back() {
        let paid = entry(2, LedgerKind::Payment, 10_000, None);
        let other = entry(3, LedgerKind::Payment, 5_000, None);
        let entries = vec![
            entry(1, LedgerKind::Charge, 20_000, None),
            paid.clone(),
            other.clone(),
            entry(4, LedgerKind::Refund, 2_500, Some(paid.id)),
            entry(5, LedgerKind::Refund, 1_000, Some(paid.id)),
        ];
        let l = Ledger { patient_id: Uuid::nil(), currency: "USD".into(), balance: 0, entries };
        assert_eq!(left_to_refund(&l, &paid), 6_500);
        assert_eq!(left_to_refund(&l, &other), 5_000);
        assert_eq!(left_to_refund(&l, &l.entries[0]), 0);
    }
}
