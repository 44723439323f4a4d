//! Patient Responsibility's list of patients with a balance (PAY-1), largest balance first or
//! oldest charge first. The order lives in the address (`?sort=oldest_charge`), so it survives a
//! reload and Back; each name opens the patient's detail view.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portico_types::payments::{BalanceSort, PatientBalance, dollars};

use crate::api::{self, use_client};
use crate::components::{Loaded, Paged, ShowMore};
use crate::format;
use crate::links;

const SORTS: [(BalanceSort, &str, &str); 2] =
    [(BalanceSort::Balance, "", "Largest balance"), (BalanceSort::OldestCharge, "oldest_charge", "Oldest charge")];

#[component]
pub fn Balances(
    /// The page's address; its other query (a search, `?q=`) is kept when the order changes.
    page: &'static str,
) -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let sort = Memo::new(move |_| match query.with(|q| q.get("sort")).as_deref() {
        Some("oldest_charge") => BalanceSort::OldestCharge,
        _ => BalanceSort::Balance,
    });
    let balances = Paged::new(move |cursor| api::payments::balances(client, sort.get(), cursor));
    let href = move |value: &str| {
        let mut q: Vec<String> =
            query.with(|q| q.get("q")).map(|q| format!("q={}", api::encode(&q))).into_iter().collect();
        if !value.is_empty() {
            q.push(format!("sort={value}"));
        }
        links::with_query(page, &q)
    };
    view! {
        <section class="balances" aria-labelledby="balances-heading">
            <div class="card-heading">
                <h2 id="balances-heading">"Patients with a balance"</h2>
                <nav class="segmented" aria-label="Sort patients with a balance">
                    {SORTS
                        .into_iter()
                        .map(|(s, value, label)| {
                            view! {
                                <a class="segment" href=move || href(value) aria-current=move || (sort.get() == s).then_some("page")>
                                    {label}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
            </div>
            <Loaded read=balances.first loading="Loading balances…" let:page>
                {if page.items.is_empty() {
                    view! { <p class="empty">"No patient owes anything right now."</p> }.into_any()
                } else {
                    view! { <BalanceTable first=page.items more=balances.more /> }.into_any()
                }}
            </Loaded>
            <ShowMore paged=balances label="Show more patients with a balance" />
        </section>
    }
}

#[component]
fn BalanceTable(first: Vec<PatientBalance>, more: RwSignal<Vec<PatientBalance>>) -> impl IntoView {
    view! {
        <div class="table-wrap billing-table">
            <table class="table balance-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Date of birth"</th>
                        <th scope="col" class="money">"Balance"</th>
                        <th scope="col">"Oldest charge"</th>
                    </tr>
                </thead>
                <tbody>
                    {first.into_iter().map(|b| view! { <BalanceRow b /> }).collect_view()}
                    {move || more.get().into_iter().map(|b| view! { <BalanceRow b /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn BalanceRow(b: PatientBalance) -> impl IntoView {
    view! {
        <tr>
            <td>
                <a href=links::responsibility(b.patient_id)>{b.name}</a>
            </td>
            <td>
                <span class="cell-label" aria-hidden="true">
                    "Born "
                </span>
                {format::date(b.date_of_birth)}
            </td>
            <td class="money">
                <span class="cell-label" aria-hidden="true">
                    "Balance "
                </span>
                {dollars(b.balance)}
            </td>
            <td>
                <span class="cell-label" aria-hidden="true">
                    "Oldest charge "
                </span>
                {b.oldest_charge.map_or_else(|| "None".to_owned(), format::date)}
            </td>
        </tr>
    }
}
