//! Refunds (PAY-2): money back against one payment, never more than it has left. The same
//! three steps as a card payment ([`super::card`]): a `pending` row reserves the amount with the
//! patient locked, the gateway refunds under a key unique to that row (payments not made by
//! card, such as a check, are given back outside Portico and only recorded), then the ledger
//! refund, the audit record and the receipt email are written in one transaction.
use portico_types::messaging::Party;
use portico_types::payments::{LedgerKind, NewRefund};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

use super::error::{PaymentError, Result};
use super::gateway::RefundRequest;
use super::{card, model, service};
use crate::entities::{card_payments, ledger_entries, patients, portal_accounts, refunds};
use crate::error::FieldErrors;
use crate::platform::audit::{self, Action, Event};
use crate::platform::auth::{Billers, Staff};
use crate::platform::idempotency::{self, Keyed, Settled};
use crate::state::AppState;

const PENDING: &str = "pending";
const SUCCEEDED: &str = "succeeded";

/// What `payment_id` has left to give back, as of `db`'s view: its amount less refunds posted
/// and refunds still pending.
async fn refundable(db: &impl ConnectionTrait, payment: &ledger_entries::Model) -> Result<i64> {
    let posted: Option<i64> = ledger_entries::Entity::find()
        .select_only()
        .column_as(service::sum_of(ledger_entries::Column::Amount), "total")
        .filter(ledger_entries::Column::RefundOf.eq(payment.id))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let held: Option<i64> = refunds::Entity::find()
        .select_only()
        .column_as(service::sum_of(refunds::Column::Amount), "total")
        .filter(refunds::Column::PaymentEntryId.eq(payment.id))
        .filter(refunds::Column::Status.eq(PENDING))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(payment.amount - posted.unwrap_or(0) - held.unwrap_or(0))
}

struct Checked {
    payment: ledger_entries::Model,
    amount: i64,
    reason: String,
}

async fn check(state: &AppState, practice_id: Uuid, patient_id: Uuid, input: &NewRefund) -> Result<Checked> {
    service::practice_patient(&state.db, practice_id, patient_id).await?;
    let mut errors = FieldErrors::new();
    let amount = errors.check("amount", model::positive_amount(input.amount).map_err(String::from));
    let reason = errors
        .check("reason", model::description(&input.reason, "Say why, like \"Paid twice\".").map_err(String::from));
    let payment = ledger_entries::Entity::find_by_id(input.payment_id)
        .filter(ledger_entries::Column::PatientId.eq(patient_id))
        .filter(ledger_entries::Column::PracticeId.eq(practice_id))
        .filter(ledger_entries::Column::Kind.eq(LedgerKind::Payment))
        .one(&state.db)
        .await?;
    if payment.is_none() {
        errors.add("payment_id", "Choose one of this patient's payments to refund.");
    }
    errors.finish()?;
    match (payment, amount, reason) {
        (Some(payment), Some(amount), Some(reason)) => Ok(Checked { payment, amount, reason }),
        _ => Err(anyhow::anyhow!("validated refund fields missing").into()),
    }
}

/// Step 1: the pending refund that holds its amount (or the one a dead request left).
async fn reserve(
    state: &AppState,
    staff: &Staff<Billers>,
    keyed: &Keyed,
    patient_id: Uuid,
    c: &Checked,
) -> Result<refunds::Model> {
    let open = refunds::Entity::find()
        .filter(refunds::Column::IdempotencyScope.eq(keyed.scope.as_str()))
        .filter(refunds::Column::IdempotencyKey.eq(keyed.key.as_str()))
        .filter(refunds::Column::Status.eq(PENDING))
        .filter(refunds::Column::CreatedAt.gt(state.now() - idempotency::KEEP))
        .one(&state.db)
        .await?;
    if let Some(open) = open {
        if open.fingerprint != keyed.fingerprint {
            return Err(PaymentError::KeyReused);
        }
        return Ok(open);
    }
    let txn = crate::platform::db::begin(&state.db).await?;
    patients::Entity::find_by_id(patient_id).lock_exclusive().one(&txn).await?;
    let left = refundable(&txn, &c.payment).await?;
    if left <= 0 {
        return Err(FieldErrors::one("amount", "This payment has already been refunded in full.").into());
    }
    if c.amount > left {
        return Err(FieldErrors::one(
            "amount",
            format!("Refund at most what this payment has left, {}.", model::dollars(left)),
        )
        .into());
    }
    let by_card =
        card_payments::Entity::find().filter(card_payments::Column::LedgerEntryId.eq(c.payment.id)).one(&txn).await?;
    let id = Uuid::now_v7();
    let row = refunds::ActiveModel {
        id: Set(id),
        practice_id: Set(c.payment.practice_id),
        patient_id: Set(patient_id),
        payment_entry_id: Set(c.payment.id),
        card_payment_id: Set(by_card.map(|p| p.id)),
        amount: Set(c.amount),
        reason: Set(c.reason.clone()),
        status: Set(PENDING.to_owned()),
        idempotency_scope: Set(keyed.scope.clone()),
        idempotency_key: Set(keyed.key.as_str().to_owned()),
        fingerprint: Set(keyed.fingerprint.clone()),
        gateway_key: Set(format!("refund_{}", id.simple())),
        gateway_refund_id: Set(None),
        staff_user_id: Set(staff.principal.user_id),
        ledger_entry_id: Set(None),
        created_at: Set(state.now()),
        completed_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// A refund by billing staff or an administrator; answers the updated ledger.
pub async fn refund(
    state: &AppState,
    staff: &Staff<Billers>,
    keyed: &Keyed,
    patient_id: Uuid,
    input: NewRefund,
) -> Settled {
    let practice_id = staff.practice_id();
    let checked = match check(state, practice_id, patient_id, &input).await {
        Ok(c) => c,
        Err(e) => return Settled::Untouched(e.into()),
    };
    let row = match reserve(state, staff, keyed, patient_id, &checked).await {
        Ok(row) => row,
        Err(e) => return Settled::Untouched(e.into()),
    };
    let card = match row.card_payment_id {
        Some(id) => match card_payments::Entity::find_by_id(id).one(&state.db).await {
            Ok(found) => found,
            Err(e) => return Settled::Unsure(PaymentError::from(e).into()),
        },
        None => None,
    };
    let gateway_refund = match card.as_ref().and_then(|c| c.gateway_charge_id.as_deref()) {
        Some(charge_id) => {
            let request = RefundRequest { charge_id, amount: row.amount, idempotency_key: &row.gateway_key };
            match state.gateway.refund(request).await {
                Ok(id) => Some(id),
                Err(e) => {
                    tracing::warn!(gateway = state.gateway.name(), error = %e, "gateway refund failed");
                    return Settled::Unsure(PaymentError::GatewayUnavailable.into());
                }
            }
        }
        None => None,
    };
    match post(state, staff, &row, &checked, card.as_ref(), gateway_refund).await {
        Ok(ledger) => Settled::answer(actix_web::http::StatusCode::CREATED, &ledger),
        Err(e) => Settled::Unsure(e.into()),
    }
}

async fn post(
    state: &AppState,
    staff: &Staff<Billers>,
    row: &refunds::Model,
    c: &Checked,
    by_card: Option<&card_payments::Model>,
    gateway_refund: Option<String>,
) -> Result<portico_types::payments::Ledger> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let how = match by_card.and_then(|p| Some(card::card_words(p.brand.as_deref()?, p.last4.as_deref()?))) {
        Some(card) => format!("Refund to {card}: {}", c.reason),
        None => format!("Refund: {}", c.reason),
    };
    let entry = service::insert(
        &txn,
        row.practice_id,
        row.patient_id,
        &service::Posting {
            kind: LedgerKind::Refund,
            amount: row.amount,
            date_of_service: None,
            description: how,
            procedure_code: None,
            provider_id: None,
            refund_of: Some(row.payment_entry_id),
            by: (Party::Staff, staff.principal.user_id, &staff.principal.name),
        },
        now,
    )
    .await?;
    let marked = refunds::Entity::update_many()
        .col_expr(refunds::Column::Status, Expr::value(SUCCEEDED))
        .col_expr(refunds::Column::LedgerEntryId, Expr::value(entry.id))
        .col_expr(refunds::Column::GatewayRefundId, Expr::value(gateway_refund))
        .col_expr(refunds::Column::CompletedAt, Expr::value(now))
        .filter(refunds::Column::Id.eq(row.id))
        .filter(refunds::Column::Status.eq(PENDING))
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(anyhow::anyhow!("refund {} was no longer pending", row.id).into());
    }
    // The reason may name a service: the audit keeps amounts and ids only.
    let event = Event::new(Action::RefundIssue { refund: row.id, patient: row.patient_id }).details(json!({
        "amount": row.amount,
        "currency": model::CURRENCY,
        "entry": entry.id,
        "payment": row.payment_entry_id,
        "by_card": by_card.is_some(),
    }));
    audit::record(&txn, now, &staff.actor(), event).await?;
    // The receipt goes to whoever paid, when they paid through the portal.
    let payer = match by_card.filter(|p| p.payer_type == "portal").and_then(|p| p.payer_id) {
        Some(account) => portal_accounts::Entity::find_by_id(account).one(&txn).await?,
        None => None,
    };
    if let Some(account) = payer {
        let receipt = card::receipt_for(&txn, row.practice_id, row.patient_id, &entry, now).await?;
        card::email_receipt(state, &txn, row.practice_id, &receipt, &account.email, now).await?;
    }
    let ledger = service::ledger(&txn, row.practice_id, row.patient_id).await?;
    txn.commit().await?;
    Ok(ledger)
}
