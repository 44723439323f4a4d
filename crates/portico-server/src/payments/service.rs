//! Ledger use cases: reading a patient's ledger (staff; the patient and guarantor in the portal,
//! never the guardian, §5), posting charges and adjustments (billing staff and administrators),
//! and Patient Responsibility's list of balances. Every posting is one INSERT with its audit row in
//! one transaction; the table itself refuses UPDATE and DELETE.
use std::collections::HashMap;

use chrono::NaiveDate;
use portico_types::Page;
use portico_types::messaging::Party;
use portico_types::payments::{BalanceSort, Ledger, LedgerEntry, LedgerKind, NewAdjustment, NewCharge, PatientBalance};
use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, Func, Order, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

use super::error::{PaymentError, Result};
use super::model;
use crate::entities::{ledger_entries, patients, providers};
use crate::error::FieldErrors;
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::auth::{Billers, Staff};
use crate::platform::pagination;
use crate::platform::portal::{Grant, areas};
use crate::practices::service as practices;
use crate::state::AppState;

/// `CAST(SUM(col) AS BIGINT)`: PostgreSQL sums BIGINT as NUMERIC; cast back, so both databases
/// answer an integer (NULL over no rows).
pub fn sum_of(col: impl sea_orm::sea_query::IntoColumnRef) -> sea_orm::sea_query::SimpleExpr {
    Func::cast_as(Expr::col(col).sum(), Alias::new("BIGINT")).into()
}

/// What the patient owes now: the sum of their entries' effects (0 with none).
pub async fn balance(db: &impl ConnectionTrait, patient_id: Uuid) -> Result<i64> {
    let total: Option<i64> = ledger_entries::Entity::find()
        .select_only()
        .column_as(sum_of(ledger_entries::Column::Effect), "total")
        .filter(ledger_entries::Column::PatientId.eq(patient_id))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(total.unwrap_or(0))
}

pub(super) async fn practice_patient(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    id: Uuid,
) -> Result<patients::Model> {
    patients::Entity::find_by_id(id)
        .filter(patients::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(PaymentError::PatientNotFound)
}

/// The patient's whole ledger, oldest first, with running balances.
pub(super) async fn ledger(db: &impl ConnectionTrait, practice_id: Uuid, patient_id: Uuid) -> Result<Ledger> {
    let rows = ledger_entries::Entity::find()
        .filter(ledger_entries::Column::PracticeId.eq(practice_id))
        .filter(ledger_entries::Column::PatientId.eq(patient_id))
        .order_by_asc(ledger_entries::Column::Id)
        .all(db)
        .await?;
    let provider_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.provider_id).collect();
    let names: HashMap<Uuid, String> = if provider_ids.is_empty() {
        HashMap::new()
    } else {
        providers::Entity::find()
            .filter(providers::Column::Id.is_in(provider_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    };
    let running = model::running(rows.iter().map(|r| r.effect));
    let entries: Vec<LedgerEntry> = rows
        .into_iter()
        .zip(running)
        .map(|(r, running_balance)| LedgerEntry {
            id: r.id,
            kind: r.kind,
            amount: r.amount,
            effect: r.effect,
            running_balance,
            date_of_service: r.date_of_service,
            description: r.description,
            procedure_code: r.procedure_code,
            provider: r.provider_id.and_then(|p| names.get(&p).cloned()),
            refund_of: r.refund_of,
            posted_by_name: r.posted_by_name,
            posted_at: r.created_at,
        })
        .collect();
    Ok(Ledger {
        patient_id,
        currency: model::CURRENCY.into(),
        balance: entries.last().map_or(0, |e| e.running_balance),
        entries,
    })
}

/// A patient's ledger for staff (any role reads it). Audited.
pub async fn staff_ledger(state: &AppState, staff: &Staff, patient_id: Uuid) -> Result<Ledger> {
    practice_patient(&state.db, staff.practice_id(), patient_id).await?;
    let out = ledger(&state.db, staff.practice_id(), patient_id).await?;
    audit::record(&state.db, state.now(), &staff.actor(), Action::LedgerRead { patient: patient_id }).await?;
    Ok(out)
}

/// The ledger in the portal: the patient and a guarantor (the grant's area check has already
/// refused a guardian). Audited.
pub async fn portal_ledger(state: &AppState, grant: &Grant<areas::Payments>) -> Result<Ledger> {
    let out = ledger(&state.db, grant.principal.practice_id, grant.patient_id).await?;
    audit::record(&state.db, state.now(), &grant.actor(), Action::LedgerRead { patient: grant.patient_id }).await?;
    Ok(out)
}

/// What one posting writes, already checked.
pub struct Posting<'a> {
    pub kind: LedgerKind,
    pub amount: i64,
    pub date_of_service: Option<NaiveDate>,
    pub description: String,
    pub procedure_code: Option<String>,
    pub provider_id: Option<Uuid>,
    /// Refunds: the payment entry given back.
    pub refund_of: Option<Uuid>,
    /// Who posted it: party, id, name.
    pub by: (Party, Uuid, &'a str),
}

/// Inserts one entry (the demo's history uses this directly; requests go through [`post`]).
pub async fn insert(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    p: &Posting<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ledger_entries::Model> {
    Ok(ledger_entries::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        patient_id: Set(patient_id),
        kind: Set(p.kind),
        amount: Set(p.amount),
        effect: Set(model::effect(p.kind, p.amount)),
        currency: Set(model::CURRENCY.into()),
        date_of_service: Set(p.date_of_service),
        description: Set(p.description.clone()),
        procedure_code: Set(p.procedure_code.clone()),
        provider_id: Set(p.provider_id),
        refund_of: Set(p.refund_of),
        posted_by_type: Set(p.by.0),
        posted_by_id: Set(p.by.1),
        posted_by_name: Set(p.by.2.to_owned()),
        created_at: Set(now),
    }
    .insert(db)
    .await?)
}

async fn post(state: &AppState, practice_id: Uuid, patient_id: Uuid, actor: &Actor, p: Posting<'_>) -> Result<Ledger> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let entry = insert(&txn, practice_id, patient_id, &p, now).await?;
    // Ids, kind and amount only: descriptions can name a diagnosis.
    let event = Event::new(Action::LedgerPost { entry: entry.id, patient: patient_id })
        .details(json!({ "kind": p.kind.as_str(), "amount": p.amount, "currency": model::CURRENCY }));
    audit::record(&txn, now, actor, event).await?;
    let out = ledger(&txn, practice_id, patient_id).await?;
    txn.commit().await?;
    Ok(out)
}

/// A charge for a service: billing staff and administrators. 422 naming each field at fault
/// (a provider must be one of the practice's).
pub async fn post_charge(
    state: &AppState,
    staff: &Staff<Billers>,
    patient_id: Uuid,
    input: NewCharge,
) -> Result<Ledger> {
    let practice_id = staff.practice_id();
    practice_patient(&state.db, practice_id, patient_id).await?;
    let mut errors = FieldErrors::new();
    let amount = errors.check("amount", model::positive_amount(input.amount).map_err(String::from));
    let description = errors.check(
        "description",
        model::description(&input.description, "Describe the service, like \"Therapeutic exercise, 30 min\".")
            .map_err(String::from),
    );
    let code =
        errors.check("procedure_code", model::procedure_code(input.procedure_code.as_deref()).map_err(String::from));
    // "Today" at the practice: a visit on the evening of the 1st in Chicago is already the 2nd in UTC.
    let zone = practices::branding(&state.db, practice_id, state.now()).await?.timezone;
    let today = crate::platform::clock::local_day(state.now(), &zone);
    if input.date_of_service > today {
        errors.add("date_of_service", "The date of service cannot be in the future.");
    }
    if let Some(provider) = input.provider_id {
        let found = providers::Entity::find_by_id(provider)
            .filter(providers::Column::PracticeId.eq(practice_id))
            .one(&state.db)
            .await?;
        if found.is_none() {
            errors.add("provider_id", "Choose one of the practice's providers.");
        }
    }
    errors.finish()?;
    let (Some(amount), Some(description), Some(procedure_code)) = (amount, description, code) else {
        return Err(anyhow::anyhow!("validated charge fields missing").into());
    };
    let actor = staff.actor();
    let posting = Posting {
        kind: LedgerKind::Charge,
        amount,
        date_of_service: Some(input.date_of_service),
        description,
        procedure_code,
        provider_id: input.provider_id,
        refund_of: None,
        by: (Party::Staff, staff.principal.user_id, &staff.principal.name),
    };
    post(state, practice_id, patient_id, &actor, posting).await
}

/// A correction either way, with its reason: billing staff and administrators.
pub async fn post_adjustment(
    state: &AppState,
    staff: &Staff<Billers>,
    patient_id: Uuid,
    input: NewAdjustment,
) -> Result<Ledger> {
    let practice_id = staff.practice_id();
    practice_patient(&state.db, practice_id, patient_id).await?;
    let mut errors = FieldErrors::new();
    let amount = errors.check("amount", model::adjustment_amount(input.amount).map_err(String::from));
    let reason = errors.check(
        "reason",
        model::description(&input.reason, "Say why, like \"Courtesy discount\".").map_err(String::from),
    );
    errors.finish()?;
    let (Some(amount), Some(description)) = (amount, reason) else {
        return Err(anyhow::anyhow!("validated adjustment fields missing").into());
    };
    let actor = staff.actor();
    let posting = Posting {
        kind: LedgerKind::Adjustment,
        amount,
        date_of_service: None,
        description,
        procedure_code: None,
        provider_id: None,
        refund_of: None,
        by: (Party::Staff, staff.principal.user_id, &staff.principal.name),
    };
    post(state, practice_id, patient_id, &actor, posting).await
}

/// Patient Responsibility: the practice's patients who owe something, by balance (largest first)
/// or by oldest charge (oldest first), in cursor pages. One grouped query a page; the sort is
/// an enum, never a column name from the request (SEC-5).
pub async fn balances(
    state: &AppState,
    staff: &Staff,
    sort: BalanceSort,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<PatientBalance>> {
    let practice_id = staff.practice_id();
    let limit = pagination::limit(limit)?;
    let balance = Expr::expr(sum_of(ledger_entries::Column::Effect));
    let oldest = Expr::col(ledger_entries::Column::DateOfService).min();
    let mut q = Query::select();
    q.column(ledger_entries::Column::PatientId)
        .expr_as(balance.clone(), Alias::new("balance"))
        .expr_as(oldest.clone(), Alias::new("oldest"))
        .from(ledger_entries::Entity)
        .and_where(ledger_entries::Column::PracticeId.eq(practice_id))
        .group_by_col(ledger_entries::Column::PatientId)
        .and_having(balance.clone().gt(0));
    match sort {
        BalanceSort::Balance => {
            if let Some(c) = cursor {
                let (b, id): (i64, Uuid) = pagination::decode(c)?;
                q.and_having(
                    balance
                        .clone()
                        .lt(b)
                        .or(balance.clone().eq(b).and(Expr::col(ledger_entries::Column::PatientId).gt(id))),
                );
            }
            q.order_by_expr(balance.clone(), Order::Desc);
        }
        BalanceSort::OldestCharge => {
            if let Some(c) = cursor {
                let (d, id): (NaiveDate, Uuid) = pagination::decode(c)?;
                q.and_having(
                    oldest
                        .clone()
                        .gt(d)
                        .or(oldest.clone().eq(d).and(Expr::col(ledger_entries::Column::PatientId).gt(id))),
                );
            }
            q.order_by_expr(oldest.clone(), Order::Asc);
        }
    }
    q.order_by(ledger_entries::Column::PatientId, Order::Asc).limit(limit + 1);
    let rows = state.db.query_all_raw(state.db.get_database_backend().build(&q)).await?;
    let mut found: Vec<(Uuid, i64, Option<NaiveDate>)> = Vec::with_capacity(rows.len());
    for r in rows {
        let id: Uuid = r.try_get("", "patient_id")?;
        let total: i64 = r.try_get("", "balance")?;
        let first: Option<NaiveDate> = r.try_get("", "oldest")?;
        found.push((id, total, first));
    }
    let more = found.len() as u64 > limit;
    found.truncate(limit as usize);
    let next_cursor = match (more, found.last()) {
        (true, Some((id, b, d))) => Some(match sort {
            BalanceSort::Balance => pagination::encode(&(b, id)),
            BalanceSort::OldestCharge => pagination::encode(&(d, id)),
        }),
        _ => None,
    };
    let ids: Vec<Uuid> = found.iter().map(|f| f.0).collect();
    let people: HashMap<Uuid, patients::Model> = patients::Entity::find()
        .filter(patients::Column::PracticeId.eq(practice_id))
        .filter(patients::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let items = found
        .into_iter()
        .filter_map(|(id, balance, oldest_charge)| {
            let p = people.get(&id)?;
            Some(PatientBalance {
                patient_id: id,
                name: format!("{} {}", p.first_name, p.last_name),
                date_of_birth: p.date_of_birth,
                balance,
                currency: model::CURRENCY.into(),
                oldest_charge,
            })
        })
        .collect();
    audit::record(&state.db, state.now(), &staff.actor(), Action::BalanceList).await?;
    Ok(Page { items, next_cursor })
}

/// A payment's or refund's receipt. Audited.
pub async fn receipt(
    state: &AppState,
    practice_id: Uuid,
    patient_id: Uuid,
    entry_id: Uuid,
    actor: &Actor,
) -> Result<portico_types::payments::Receipt> {
    let entry = ledger_entries::Entity::find_by_id(entry_id)
        .filter(ledger_entries::Column::PracticeId.eq(practice_id))
        .filter(ledger_entries::Column::PatientId.eq(patient_id))
        .one(&state.db)
        .await?
        .ok_or(PaymentError::ReceiptNotFound)?;
    let now = state.now();
    let out = super::card::receipt_for(&state.db, practice_id, patient_id, &entry, now).await?;
    audit::record(&state.db, now, actor, Action::ReceiptRead { entry: entry_id, patient: patient_id }).await?;
    Ok(out)
}
