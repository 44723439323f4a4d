//! The patient ledger (SPEC PAY-1, PAY-2). Money is an integer number of minor units of its
//! currency (`2500` is $25.00), never a float.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a ledger entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType), sea_orm(value_type = "String"))]
pub enum LedgerKind {
    /// A service billed to the patient: adds to the balance.
    Charge,
    /// Money received: takes from the balance.
    Payment,
    /// A correction by the practice, either way (a write-off, a courtesy discount, a fix).
    Adjustment,
    /// Money given back against a payment: adds to the balance.
    Refund,
}

crate::names!(LedgerKind {
    Charge => "charge",
    Payment => "payment",
    Adjustment => "adjustment",
    Refund => "refund",
});

/// One line of a patient's ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    pub id: Uuid,
    pub kind: LedgerKind,
    /// As entered: positive for charges, payments and refunds; signed for adjustments.
    pub amount: i64,
    /// The change to the balance: charges and refunds add, payments subtract.
    pub effect: i64,
    /// The balance after this entry.
    pub running_balance: i64,
    /// Charges: the day the service was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_service: Option<NaiveDate>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_code: Option<String>,
    /// Charges: who gave the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Refunds: the payment given back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_of: Option<Uuid>,
    /// Who posted it (a staff user's name, or the payer's).
    pub posted_by_name: String,
    pub posted_at: DateTime<Utc>,
}

/// `GET …/ledger`: every entry, oldest first, with the running balance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ledger {
    pub patient_id: Uuid,
    /// ISO 4217, e.g. `USD`.
    pub currency: String,
    /// What the patient owes now (negative: a credit).
    pub balance: i64,
    pub entries: Vec<LedgerEntry>,
}

/// `POST /staff/patients/{id}/charges`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCharge {
    pub date_of_service: NaiveDate,
    /// 1–200 characters, e.g. "Therapeutic exercise, 30 min".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub description: String,
    /// A CPT/HCPCS code such as `97110`, if the practice uses them.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10))]
    pub procedure_code: Option<String>,
    /// One of the practice's providers.
    #[serde(default)]
    pub provider_id: Option<Uuid>,
    /// Minor units, 1 to 100,000,000 ($1,000,000.00).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000_000))]
    pub amount: i64,
}

/// `POST /staff/patients/{id}/adjustments`: negative lowers the balance (a write-off or
/// discount), positive raises it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAdjustment {
    /// Minor units, not 0, at most 100,000,000 either way.
    #[cfg_attr(feature = "openapi", schema(minimum = -100_000_000, maximum = 100_000_000))]
    pub amount: i64,
    /// Why, 1–200 characters ("Courtesy discount", "Insurance paid more than expected").
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub reason: String,
}

/// A patient with a balance, for Patient Responsibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientBalance {
    pub patient_id: Uuid,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub balance: i64,
    pub currency: String,
    /// The date of service of their oldest charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest_charge: Option<NaiveDate>,
}

/// How Patient Responsibility is sorted (`sort=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BalanceSort {
    /// Largest balance first.
    #[default]
    Balance,
    /// Oldest charge first.
    OldestCharge,
}
