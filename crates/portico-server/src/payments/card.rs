//! Taking a card payment (PAY-1, PAY-2, PAY-4), for the portal, for staff charging a saved card,
//! and (next) for the pay link. Under an `Idempotency-Key` ([`idempotency::run`]) it goes:
//!
//! 1. **Reserve**: with the patient's row locked (PostgreSQL) or the single writer held (SQLite),
//!    the amount is checked against the balance less every payment still pending, and a
//!    `pending` row is written. Two payments at once can never take more than is owed.
//! 2. **Charge** at the gateway under a key unique to that row. A request that died here leaves
//!    the row pending and its Idempotency-Key claimed; a retry after the claim goes stale resumes
//!    the same row with the same gateway key, so the card is never charged twice.
//! 3. **Post**: the ledger payment, the row marked `succeeded`, the card saved if asked, the audit
//!    record and the receipt email, in one transaction. A decline marks the row and is the
//!    request's final answer (402, replayed for the key).
use chrono::{DateTime, Utc};
use portico_types::messaging::Party;
use portico_types::payments::{CardBrief, LedgerKind, Receipt};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{PaymentError, Result};
use super::gateway::{ChargeRequest, Charged, GatewayError};
use super::{model, service};
use crate::entities::{card_payments, ledger_entries, patients, payment_methods};
use crate::error::{ApiError, FieldErrors};
use crate::platform::audit::{self, Action, Actor, Event, Outcome};
use crate::platform::idempotency::{self, Keyed, Settled};
use crate::platform::outbox::branded::BrandedEmail;
use crate::platform::outbox::model::MessageKind;
use crate::platform::outbox::{self, Message};
use crate::practices::service as practices;
use crate::state::AppState;

/// The least a payer may pay at once ($1.00).
pub const MIN_PAYMENT: i64 = 100;
/// Saved cards per portal account.
pub const MAX_CARDS: u64 = 10;

const PENDING: &str = "pending";
const SUCCEEDED: &str = "succeeded";
const DECLINED: &str = "declined";
const FAILED: &str = "failed";

/// Who pays, and where the receipt goes.
pub struct Payer<'a> {
    /// `portal`, `staff` or `pay_link`.
    pub kind: &'static str,
    pub id: Option<Uuid>,
    /// Who posts the payment in the ledger (the payer, or the staff user taking it).
    pub name: String,
    /// Whose card it is: the receipt's "paid by".
    pub holder: String,
    pub receipt_to: Option<String>,
    /// The portal account a saved card belongs to (and a new one would be saved to).
    pub account: Option<Uuid>,
    pub actor: &'a Actor,
}

/// What is charged: a card saved earlier, or a fresh token from the gateway's tokenize step.
pub enum Source {
    Saved(payment_methods::Model),
    New { token: String, save: bool },
}

pub struct Payment<'a> {
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    pub amount: i64,
    pub source: Source,
    /// Staff charges: how the card holder agreed.
    pub consent: Option<String>,
    pub payer: Payer<'a>,
}

/// The amount a payer asked for: whole cents, $1.00 to [`model::AMOUNT_MAX`].
pub fn payment_amount(amount: i64) -> std::result::Result<i64, &'static str> {
    match amount {
        a if a < MIN_PAYMENT => Err("Pay at least $1.00. Amounts are in cents: 2500 is $25.00."),
        a if a > model::AMOUNT_MAX => Err("Pay at most $1,000,000.00 at once."),
        a => Ok(a),
    }
}

/// Runs the whole payment; every way it ends is a [`Settled`] for the request's key.
pub async fn pay(state: &AppState, keyed: &Keyed, p: Payment<'_>) -> Settled {
    let row = match reserve(state, keyed, &p).await {
        Ok(row) => row,
        Err(e) => return Settled::Untouched(e.into()),
    };
    let (token, customer, save) = match &p.source {
        Source::Saved(m) => (m.token.as_str(), m.customer_ref.as_deref(), false),
        Source::New { token, save } => (token.as_str(), None, *save && p.payer.account.is_some()),
    };
    let charged = state
        .gateway
        .charge(ChargeRequest {
            token,
            customer,
            amount: row.amount,
            currency: &row.currency,
            idempotency_key: &row.gateway_key,
            save,
        })
        .await;
    match charged {
        Ok(charged) => match post(state, &row, &p, &charged).await {
            Ok(receipt) => Settled::answer(actix_web::http::StatusCode::CREATED, &receipt),
            // The card was charged; the row stays pending, and a retry posts it.
            Err(e) => Settled::Unsure(e.into()),
        },
        Err(GatewayError::Declined(reason)) => {
            let error = ApiError::from(PaymentError::Declined(reason));
            match close(state, &row, DECLINED, Some(reason.code()), p.payer.actor).await {
                Ok(()) => Settled::refusal(&error),
                Err(e) => Settled::Unsure(e.into()),
            }
        }
        Err(GatewayError::UnknownToken) => {
            let field = if matches!(p.source, Source::Saved(_)) { "payment_method_id" } else { "card_token" };
            match close(state, &row, FAILED, None, p.payer.actor).await {
                Ok(()) => Settled::Untouched(PaymentError::UnusableCard { field }.into()),
                Err(e) => Settled::Unsure(e.into()),
            }
        }
        Err(GatewayError::Unavailable(why)) => {
            tracing::warn!(gateway = state.gateway.name(), error = %why, "gateway unavailable during a charge");
            Settled::Unsure(PaymentError::GatewayUnavailable.into())
        }
    }
}

/// The balance less what pending payments already hold, as of `db`'s view.
async fn payable(db: &impl ConnectionTrait, patient_id: Uuid) -> Result<i64> {
    let balance = service::balance(db, patient_id).await?;
    let held: Option<i64> = card_payments::Entity::find()
        .select_only()
        .column_as(service::sum_of(card_payments::Column::Amount), "total")
        .filter(card_payments::Column::PatientId.eq(patient_id))
        .filter(card_payments::Column::Status.eq(PENDING))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(balance - held.unwrap_or(0))
}

/// Card attempts through pay links for one patient in the last hour, counted with the patient
/// locked (so attempts at once count too): the cap that keeps a public page from testing cards.
const PAY_LINK_ATTEMPTS_PER_HOUR: u64 = 5;

async fn attempts_allowed(db: &impl ConnectionTrait, patient_id: Uuid, now: DateTime<Utc>) -> Result<()> {
    let window = chrono::Duration::hours(1);
    let recent = card_payments::Entity::find()
        .filter(card_payments::Column::PatientId.eq(patient_id))
        .filter(card_payments::Column::PayerType.eq("pay_link"))
        .filter(card_payments::Column::Status.is_in([PENDING, DECLINED, FAILED]))
        .filter(card_payments::Column::CreatedAt.gt(now - window))
        .count(db)
        .await?;
    if recent >= PAY_LINK_ATTEMPTS_PER_HOUR {
        return Err(PaymentError::TooManyAttempts { retry_after_seconds: 3600 });
    }
    Ok(())
}

/// Step 1: the pending row that holds the amount (or the one a dead request left for this key).
async fn reserve(state: &AppState, keyed: &Keyed, p: &Payment<'_>) -> Result<card_payments::Model> {
    let now = state.now();
    let open = card_payments::Entity::find()
        .filter(card_payments::Column::IdempotencyScope.eq(keyed.scope.as_str()))
        .filter(card_payments::Column::IdempotencyKey.eq(keyed.key.as_str()))
        .filter(card_payments::Column::Status.eq(PENDING))
        .filter(card_payments::Column::CreatedAt.gt(now - idempotency::KEEP))
        .one(&state.db)
        .await?;
    if let Some(open) = open {
        if open.fingerprint != keyed.fingerprint {
            return Err(PaymentError::KeyReused);
        }
        return Ok(open);
    }
    let txn = crate::platform::db::begin(&state.db).await?;
    // Serialises payments for this patient on PostgreSQL; SQLite's writer lock already does.
    patients::Entity::find_by_id(p.patient_id)
        .filter(patients::Column::PracticeId.eq(p.practice_id))
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(PaymentError::PatientNotFound)?;
    if p.payer.kind == "pay_link" {
        attempts_allowed(&txn, p.patient_id, now).await?;
    }
    let payable = payable(&txn, p.patient_id).await?;
    if payable <= 0 {
        return Err(FieldErrors::one("amount", "There is nothing to pay: the balance is $0.00.").into());
    }
    if p.amount > payable {
        return Err(
            FieldErrors::one("amount", format!("Pay at most the balance due, {}.", model::dollars(payable))).into()
        );
    }
    let (token, method, save, brand, last4) = match &p.source {
        Source::Saved(m) => (m.token.clone(), Some(m.id), false, Some(m.brand.clone()), Some(m.last4.clone())),
        Source::New { token, save } => (token.clone(), None, *save, None, None),
    };
    let id = Uuid::now_v7();
    let row = card_payments::ActiveModel {
        id: Set(id),
        practice_id: Set(p.practice_id),
        patient_id: Set(p.patient_id),
        payer_type: Set(p.payer.kind.to_owned()),
        payer_id: Set(p.payer.id),
        payer_name: Set(p.payer.holder.clone()),
        idempotency_scope: Set(keyed.scope.clone()),
        idempotency_key: Set(keyed.key.as_str().to_owned()),
        fingerprint: Set(keyed.fingerprint.clone()),
        gateway: Set(state.gateway.name().to_owned()),
        // Unique per attempt; a resumed attempt reuses it, so the gateway sees one charge.
        gateway_key: Set(format!("pay_{}", id.simple())),
        amount: Set(p.amount),
        currency: Set(model::CURRENCY.to_owned()),
        token: Set(token),
        payment_method_id: Set(method),
        save_card: Set(save),
        status: Set(PENDING.to_owned()),
        decline_code: Set(None),
        gateway_charge_id: Set(None),
        brand: Set(brand),
        last4: Set(last4),
        consent_note: Set(p.consent.clone()),
        ledger_entry_id: Set(None),
        created_at: Set(now),
        completed_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// A pending row that ends without money moving (declined, or the token was unusable).
async fn close(
    state: &AppState,
    row: &card_payments::Model,
    status: &'static str,
    decline_code: Option<&'static str>,
    actor: &Actor,
) -> Result<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    card_payments::Entity::update_many()
        .col_expr(card_payments::Column::Status, Expr::value(status))
        .col_expr(card_payments::Column::DeclineCode, Expr::value(decline_code))
        .col_expr(card_payments::Column::CompletedAt, Expr::value(now))
        .filter(card_payments::Column::Id.eq(row.id))
        .filter(card_payments::Column::Status.eq(PENDING))
        .exec(&txn)
        .await?;
    let event =
        Event::new(Action::PaymentTake { payment: row.id, patient: row.patient_id }).outcome(Outcome::Failure).details(
            json!({ "amount": row.amount, "currency": row.currency, "status": status, "decline_code": decline_code }),
        );
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(())
}

/// "Card payment, Visa ending 4242".
pub fn card_words(brand: &str, last4: &str) -> String {
    let brand = match brand {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        "discover" => "Discover",
        _ => "Card",
    };
    format!("{brand} ending {last4}")
}

/// Step 3: the money moved; record it everywhere in one transaction.
async fn post(state: &AppState, row: &card_payments::Model, p: &Payment<'_>, charged: &Charged) -> Result<Receipt> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let card = card_words(&charged.card.brand, &charged.card.last4);
    let description = match &p.consent {
        Some(_) => format!("Card payment taken by the practice, {card}"),
        None => format!("Card payment, {card}"),
    };
    let posted_by = match p.payer.kind {
        "staff" => Party::Staff,
        _ => Party::Portal,
    };
    let entry = service::insert(
        &txn,
        row.practice_id,
        row.patient_id,
        &service::Posting {
            kind: LedgerKind::Payment,
            amount: row.amount,
            date_of_service: None,
            description,
            procedure_code: None,
            provider_id: None,
            refund_of: None,
            by: (posted_by, p.payer.id.unwrap_or(row.id), &p.payer.name),
        },
        now,
    )
    .await?;
    let marked = card_payments::Entity::update_many()
        .col_expr(card_payments::Column::Status, Expr::value(SUCCEEDED))
        .col_expr(card_payments::Column::LedgerEntryId, Expr::value(entry.id))
        .col_expr(card_payments::Column::GatewayChargeId, Expr::value(charged.charge_id.clone()))
        .col_expr(card_payments::Column::Brand, Expr::value(charged.card.brand.clone()))
        .col_expr(card_payments::Column::Last4, Expr::value(charged.card.last4.clone()))
        .col_expr(card_payments::Column::CompletedAt, Expr::value(now))
        .filter(card_payments::Column::Id.eq(row.id))
        .filter(card_payments::Column::Status.eq(PENDING))
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        // Another worker posted this attempt first; never post it twice.
        return Err(anyhow::anyhow!("card payment {} was no longer pending", row.id).into());
    }
    let saved = match (&charged.saved, p.payer.account) {
        (Some(saved), Some(account)) => {
            Some(save_card(&txn, row.practice_id, account, state.gateway.name(), saved, false, now).await?)
        }
        _ => None,
    };
    let event = Event::new(Action::PaymentTake { payment: row.id, patient: row.patient_id }).details(json!({
        "amount": row.amount,
        "currency": row.currency,
        "entry": entry.id,
        "gateway": row.gateway,
        "card_saved": saved.is_some(),
        "by_staff_with_consent": p.consent.is_some(),
    }));
    audit::record(&txn, now, p.payer.actor, event).await?;
    let receipt = receipt_for(&txn, row.practice_id, row.patient_id, &entry, now).await?;
    let receipt = Receipt { saved_payment_method_id: saved.map(|s| s.id), ..receipt };
    if let Some(to) = &p.payer.receipt_to {
        email_receipt(state, &txn, row.practice_id, &receipt, to, now).await?;
    }
    txn.commit().await?;
    Ok(receipt)
}

/// Keeps a card the gateway saved; the account's first card becomes its default.
pub async fn save_card(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    account_id: Uuid,
    gateway: &str,
    saved: &super::gateway::SavedCard,
    make_default: bool,
    now: DateTime<Utc>,
) -> Result<payment_methods::Model> {
    let count =
        payment_methods::Entity::find().filter(payment_methods::Column::AccountId.eq(account_id)).count(db).await?;
    if count >= MAX_CARDS {
        return Err(PaymentError::TooManyCards);
    }
    let is_default = make_default || count == 0;
    if is_default {
        clear_default(db, account_id).await?;
    }
    Ok(payment_methods::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        account_id: Set(account_id),
        gateway: Set(gateway.to_owned()),
        token: Set(saved.token.clone()),
        customer_ref: Set(saved.customer.clone()),
        brand: Set(saved.card.brand.clone()),
        last4: Set(saved.card.last4.clone()),
        exp_month: Set(i32::try_from(saved.card.exp_month).unwrap_or(1)),
        exp_year: Set(i32::try_from(saved.card.exp_year).unwrap_or(2000)),
        is_default: Set(is_default),
        created_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn clear_default(db: &impl ConnectionTrait, account_id: Uuid) -> Result<()> {
    payment_methods::Entity::update_many()
        .col_expr(payment_methods::Column::IsDefault, Expr::value(false))
        .filter(payment_methods::Column::AccountId.eq(account_id))
        .filter(payment_methods::Column::IsDefault.eq(true))
        .exec(db)
        .await?;
    Ok(())
}

/// `P-20261201-9F3E2D` for a payment, `R-…` for a refund: the day and the end of the entry's id.
pub fn receipt_number(kind: LedgerKind, id: Uuid, at: DateTime<Utc>) -> String {
    let prefix = if kind == LedgerKind::Refund { 'R' } else { 'P' };
    let hex = id.simple().to_string().to_ascii_uppercase();
    format!("{prefix}-{}-{}", at.format("%Y%m%d"), &hex[hex.len() - 6..])
}

/// The receipt of a payment or refund entry; 404 for any other entry.
pub async fn receipt_for(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    entry: &ledger_entries::Model,
    now: DateTime<Utc>,
) -> Result<Receipt> {
    if !matches!(entry.kind, LedgerKind::Payment | LedgerKind::Refund) || entry.patient_id != patient_id {
        return Err(PaymentError::ReceiptNotFound);
    }
    let patient = patients::Entity::find_by_id(patient_id).one(db).await?.ok_or(PaymentError::PatientNotFound)?;
    let branding = practices::branding(db, practice_id, now).await?;
    let balance_after: Option<i64> = ledger_entries::Entity::find()
        .select_only()
        .column_as(service::sum_of(ledger_entries::Column::Effect), "total")
        .filter(ledger_entries::Column::PatientId.eq(patient_id))
        .filter(ledger_entries::Column::Id.lte(entry.id))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    // The card: the payment's own, or for a refund the card of the payment it gives back.
    let paid_by = entry.refund_of.unwrap_or(entry.id);
    let by_card =
        card_payments::Entity::find().filter(card_payments::Column::LedgerEntryId.eq(paid_by)).one(db).await?;
    let card = by_card.as_ref().and_then(|c| Some(CardBrief { brand: c.brand.clone()?, last4: c.last4.clone()? }));
    // Who paid, or for a refund who gets the money back: the card's holder, else whoever the
    // payment itself was posted by.
    let payer_name = match (&by_card, entry.refund_of) {
        (Some(c), _) => c.payer_name.clone(),
        (None, Some(paid)) => ledger_entries::Entity::find_by_id(paid)
            .one(db)
            .await?
            .map_or_else(|| entry.posted_by_name.clone(), |p| p.posted_by_name),
        (None, None) => entry.posted_by_name.clone(),
    };
    Ok(Receipt {
        entry_id: entry.id,
        receipt_number: receipt_number(entry.kind, entry.id, entry.created_at),
        kind: entry.kind,
        patient_id,
        patient_name: format!("{} {}", patient.first_name, patient.last_name),
        payer_name,
        amount: entry.amount,
        currency: entry.currency.clone(),
        card,
        at: entry.created_at,
        practice_name: branding.display_name,
        practice_phone: branding.phone,
        balance_after: balance_after.unwrap_or(0),
        saved_payment_method_id: None,
    })
}

/// PAY-4: amount, card, date and practice; never what the visit was for.
pub async fn email_receipt(
    state: &AppState,
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    receipt: &Receipt,
    to: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let branding = practices::branding(db, practice_id, now).await?;
    let card = receipt.card.as_ref().map(|c| card_words(&c.brand, &c.last4));
    let (what, subject) = match receipt.kind {
        LedgerKind::Refund => ("refund", format!("Your refund receipt from {}", branding.display_name)),
        _ => ("payment", format!("Your payment receipt from {}", branding.display_name)),
    };
    let mut lines = vec![
        format!("Thank you. {} received your {what} of {}.", branding.display_name, model::dollars(receipt.amount)),
        format!("Receipt number: {}", receipt.receipt_number),
        format!("Date: {}", crate::platform::clock::local_date(receipt.at, &branding.timezone)),
    ];
    if let Some(card) = card {
        lines.push(format!("Card: {card}"));
    }
    lines.push(format!("Balance after this {what}: {}", model::dollars(receipt.balance_after)));
    let link = format!("{}/portal/sign-in?practice={}", state.settings.public_url, branding.slug);
    let email = BrandedEmail {
        branding: &branding,
        public_url: &state.settings.public_url,
        greeting: "Hello,".into(),
        paragraphs: lines,
        action: Some(("See your payments".into(), link)),
        footnote: vec!["Keep this email for your records. You can print the receipt from the portal.".into()],
    }
    .render(to, &subject);
    outbox::enqueue(db, now, branding.id, MessageKind::Receipt, Message::Email(email)).await?;
    Ok(())
}

/// `POST /portal/patients/{id}/payments`: the patient or a guarantor pays with one of their saved
/// cards or a new one (saved too when asked and the practice allows adding cards).
pub async fn pay_in_portal(
    state: &AppState,
    grant: &crate::platform::portal::Grant<crate::platform::portal::areas::Payments>,
    keyed: &Keyed,
    input: portico_types::payments::NewPayment,
) -> Settled {
    let source = match portal_source(state, grant, &input).await {
        Ok(source) => source,
        Err(e) => return Settled::Untouched(e.into()),
    };
    let name = match grant.holder_name(&state.db).await {
        Ok(name) => name,
        Err(e) => return Settled::Untouched(PaymentError::from(e).into()),
    };
    let actor = grant.actor();
    let payment = Payment {
        practice_id: grant.principal.practice_id,
        patient_id: grant.patient_id,
        amount: input.amount,
        source,
        consent: None,
        payer: Payer {
            kind: "portal",
            id: Some(grant.principal.account_id),
            holder: name.clone(),
            name,
            receipt_to: Some(grant.principal.email.clone()),
            account: Some(grant.principal.account_id),
            actor: &actor,
        },
    };
    pay(state, keyed, payment).await
}

async fn portal_source(
    state: &AppState,
    grant: &crate::platform::portal::Grant<crate::platform::portal::areas::Payments>,
    input: &portico_types::payments::NewPayment,
) -> Result<Source> {
    let mut errors = FieldErrors::new();
    errors.check("amount", payment_amount(input.amount).map_err(String::from));
    let token = input.card_token.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let source = match (input.payment_method_id, token) {
        (Some(_), Some(_)) => {
            errors.add("payment_method_id", "Choose a saved card or enter a new one, not both.");
            None
        }
        (None, None) => {
            errors.add("card_token", "Choose a saved card or enter a card's details.");
            None
        }
        (Some(id), None) => match super::methods::own_card(&state.db, grant.principal.account_id, id).await? {
            Some(card) => Some(Source::Saved(card)),
            None => {
                errors.add("payment_method_id", "Choose one of your saved cards.");
                None
            }
        },
        (None, Some(token)) if token.len() > 255 => {
            errors.add("card_token", "Enter the card's details again: this card token is not one the gateway issued.");
            None
        }
        (None, Some(token)) => Some(Source::New { token: token.to_owned(), save: input.save_card }),
    };
    errors.finish()?;
    if input.save_card && input.card_token.is_some() {
        let (_, config) = practices::branding_and_config(&state.db, grant.principal.practice_id, state.now()).await?;
        if !config.permissions.add_payment_methods {
            return Err(PaymentError::CardsOff { add: true });
        }
    }
    source.ok_or_else(|| anyhow::anyhow!("validated payment source missing").into())
}

/// `POST /staff/patients/{id}/card-charges`: billing staff charge a card the patient or a
/// guarantor saved, noting how the holder agreed. The receipt goes to the card's holder.
pub async fn charge_saved_card(
    state: &AppState,
    staff: &crate::platform::auth::Staff<crate::platform::auth::Billers>,
    keyed: &Keyed,
    patient_id: Uuid,
    input: portico_types::payments::NewCardCharge,
) -> Settled {
    let practice_id = staff.practice_id();
    let checked = async {
        service::practice_patient(&state.db, practice_id, patient_id).await?;
        let mut errors = FieldErrors::new();
        errors.check("amount", payment_amount(input.amount).map_err(String::from));
        let consent = errors.check(
            "consent",
            model::description(&input.consent, "Note how the card holder agreed, like \"Agreed by phone today\".")
                .map_err(String::from),
        );
        let card =
            match super::methods::chargeable_card(&state.db, practice_id, patient_id, input.payment_method_id).await {
                Ok(found) => Some(found),
                Err(PaymentError::Invalid(e)) => {
                    for fe in e.into_vec() {
                        errors.add(fe.field, fe.message);
                    }
                    None
                }
                Err(e) => return Err(e),
            };
        errors.finish()?;
        match (card, consent) {
            (Some(card), Some(consent)) => Ok((card, consent)),
            _ => Err(anyhow::anyhow!("validated card charge fields missing").into()),
        }
    };
    let ((card, account, holder), consent) = match checked.await {
        Ok(ok) => ok,
        Err(e) => return Settled::Untouched(ApiError::from(e)),
    };
    let actor = staff.actor();
    let payment = Payment {
        practice_id,
        patient_id,
        amount: input.amount,
        source: Source::Saved(card),
        consent: Some(consent),
        payer: Payer {
            kind: "staff",
            id: Some(staff.principal.user_id),
            name: staff.principal.name.clone(),
            holder,
            receipt_to: Some(account.email),
            account: None,
            actor: &actor,
        },
    };
    pay(state, keyed, payment).await
}
