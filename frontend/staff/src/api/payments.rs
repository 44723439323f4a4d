//! Billing (PAY-1, PAY-2, PAY-4): a patient's ledger and what billing staff post to it, their saved
//! cards and receipts, and Patient Responsibility's list of patients with a balance.
use portico_types::Page;
use portico_types::payments::{
    BalanceSort, Ledger, NewAdjustment, NewCardCharge, NewCharge, NewRefund, PatientBalance, PatientCard, Receipt,
};
use uuid::Uuid;

use super::{ApiResult, Call, Client, encode};

fn patient_path(patient: Uuid, rest: &str) -> String {
    format!("/api/v1/staff/patients/{patient}/{rest}")
}

pub async fn ledger(client: Client, patient: Uuid) -> ApiResult<Ledger> {
    client.send(Call::get(patient_path(patient, "ledger"))).await?.json()
}

pub async fn post_charge(client: Client, patient: Uuid, charge: NewCharge) -> ApiResult<Ledger> {
    client.send(Call::post(patient_path(patient, "charges")).json(&charge)).await?.json()
}

pub async fn adjust(client: Client, patient: Uuid, adjustment: NewAdjustment) -> ApiResult<Ledger> {
    client.send(Call::post(patient_path(patient, "adjustments")).json(&adjustment)).await?.json()
}

pub async fn refund(client: Client, patient: Uuid, refund: NewRefund, key: String) -> ApiResult<Ledger> {
    client.send(Call::post(patient_path(patient, "refunds")).json(&refund).idempotency_key(key)).await?.json()
}

/// The cards the patient and their guarantors saved in the portal.
pub async fn cards(client: Client, patient: Uuid) -> ApiResult<Vec<PatientCard>> {
    client.send(Call::get(patient_path(patient, "payment-methods"))).await?.json()
}

pub async fn charge_card(client: Client, patient: Uuid, charge: NewCardCharge, key: String) -> ApiResult<Receipt> {
    client.send(Call::post(patient_path(patient, "card-charges")).json(&charge).idempotency_key(key)).await?.json()
}

/// The receipt of a payment or refund entry.
pub async fn receipt(client: Client, patient: Uuid, entry: Uuid) -> ApiResult<Receipt> {
    client.send(Call::get(patient_path(patient, &format!("receipts/{entry}")))).await?.json()
}

/// Patients who owe something, a page at a time.
pub async fn balances(client: Client, sort: BalanceSort, cursor: Option<String>) -> ApiResult<Page<PatientBalance>> {
    let sort = match sort {
        BalanceSort::Balance => "balance",
        BalanceSort::OldestCharge => "oldest_charge",
    };
    let after = cursor.map(|c| format!("&cursor={}", encode(&c))).unwrap_or_default();
    client.send(Call::get(format!("/api/v1/staff/patient-responsibility?limit=25&sort={sort}{after}"))).await?.json()
}
