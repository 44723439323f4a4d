//! The patient ledger (SPEC PAY-1, PAY-2). Money is an integer number of minor units of its
//! currency (`2500` is $25.00), never a float.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Minor units as people read dollars: `123456` is "$1,234.56", `-500` is "-$5.00".
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", abs % 100)
}

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

/// `POST /portal/patients/{patient_id}/payments` (with an `Idempotency-Key`): pay all or part of
/// the balance with a saved card (`payment_method_id`) or a new one (`card_token` from the
/// gateway's tokenize step, optionally saved).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPayment {
    /// Minor units: at least 100 ($1.00), at most the balance.
    #[cfg_attr(feature = "openapi", schema(minimum = 100, maximum = 100_000_000))]
    pub amount: i64,
    /// One of the caller's saved cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<Uuid>,
    /// A token from the gateway's tokenize endpoint, for a new card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 255))]
    pub card_token: Option<String>,
    /// With `card_token`: keep the card in the account's Profile if the payment succeeds.
    #[serde(default)]
    pub save_card: bool,
}

/// What the receipt shows of the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardBrief {
    /// `visa`, `mastercard`, `amex`, `discover` or `card`.
    pub brand: String,
    pub last4: String,
}

/// A payment's or refund's receipt (PAY-4): amount, card, date and practice; never the services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The ledger entry this receipt is for.
    pub entry_id: Uuid,
    /// Short and quotable, e.g. `P-20261201-9F3E2D`.
    pub receipt_number: String,
    /// `payment` or `refund`.
    pub kind: LedgerKind,
    pub patient_id: Uuid,
    pub patient_name: String,
    /// Who paid (or was refunded).
    pub payer_name: String,
    pub amount: i64,
    pub currency: String,
    /// Absent for payments not made by card (cash or check posted by the practice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardBrief>,
    pub at: DateTime<Utc>,
    pub practice_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_phone: Option<String>,
    /// The balance right after this entry.
    pub balance_after: i64,
    /// When the payment asked to save the card: the saved card's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_payment_method_id: Option<Uuid>,
}

/// A saved card in the portal account's Profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethod {
    pub id: Uuid,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub is_default: bool,
    pub created_at: DateTime<Utc>,
}

/// `GET /portal/payment-methods`: the account's saved cards, default first, and what the practice
/// lets the account do with them (CFG-4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethods {
    pub items: Vec<PaymentMethod>,
    pub can_add: bool,
    pub can_delete: bool,
}

/// `POST /portal/payment-methods`: save a card tokenized at the gateway, without charging it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPaymentMethod {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub card_token: String,
    /// Make it the default card (the first card saved always is).
    #[serde(default)]
    pub make_default: bool,
}

/// `POST /staff/patients/{id}/refunds` (with an `Idempotency-Key`): money back against one
/// payment, at most what that payment has left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRefund {
    /// The ledger entry of the payment.
    pub payment_id: Uuid,
    /// Minor units, at least 1, at most what the payment has left.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000_000))]
    pub amount: i64,
    /// 1–200 characters, e.g. "Paid twice".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub reason: String,
}

/// A card saved by one of the patient's portal accounts, as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientCard {
    pub id: Uuid,
    /// The account holder it belongs to.
    pub holder_name: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: u32,
    pub is_default: bool,
}

/// `POST /staff/patients/{id}/card-charges` (with an `Idempotency-Key`): charge a card the
/// patient or a guarantor saved, with their consent noted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCardCharge {
    /// One of the cards from `GET /staff/patients/{id}/payment-methods`.
    pub payment_method_id: Uuid,
    /// Minor units: at least 100 ($1.00), at most the balance.
    #[cfg_attr(feature = "openapi", schema(minimum = 100, maximum = 100_000_000))]
    pub amount: i64,
    /// How the card holder agreed, e.g. "Agreed by phone with Dana Rivera, 1 Dec".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub consent: String,
}

/// `POST /staff/patients/{id}/statements` (PAY-5): email and/or text the balance with a pay link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStatement {
    /// One of the patient's contacts to send it to. Absent: the guarantor on file with an email or
    /// mobile number, else the patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<Uuid>,
}

/// A statement sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementSent {
    pub recipient_name: String,
    /// `email`, `sms`, or both.
    pub channels: Vec<String>,
    pub balance: i64,
    pub currency: String,
    /// The link stops working then, or when a newer statement replaces it.
    pub expires_at: DateTime<Utc>,
}

/// The token from a pay link's fragment (`/pay#t=…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayLinkToken {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub token: String,
}

/// What a pay link shows: whose balance, how much, and the practice; nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayLinkView {
    pub practice: crate::practice::PracticeBranding,
    /// First name and last initial, e.g. "Maya R.".
    pub patient_name: String,
    /// Due now (0 or less: nothing to pay).
    pub balance: i64,
    pub currency: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /public/pay-links/pay` (with an `Idempotency-Key`): pay with a new card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayLinkPayment {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub token: String,
    /// Cents: at least 100, at most the balance.
    #[cfg_attr(feature = "openapi", schema(minimum = 100, maximum = 100_000_000))]
    pub amount: i64,
    /// From the gateway's tokenize endpoint.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub card_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_read_as_people_write_them() {
        assert_eq!(dollars(0), "$0.00");
        assert_eq!(dollars(5), "$0.05");
        assert_eq!(dollars(2500), "$25.00");
        assert_eq!(dollars(123_456), "$1,234.56");
        assert_eq!(dollars(100_000_000), "$1,000,000.00");
        assert_eq!(dollars(-500), "-$5.00");
    }
}
