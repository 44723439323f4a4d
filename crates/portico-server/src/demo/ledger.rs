//! Demo balances, so Patient Responsibility and the demo portal accounts show real money on
//! first run: physical-therapy visits charged over the last weeks to the demo portal accounts'
//! patients and a handful of others, one payment by check and one courtesy adjustment, and a saved
//! card for the demo patient. Seeded once per practice.
use chrono::{DateTime, Datelike, Duration, Utc};
use portico_types::invitations::GrantRole;
use portico_types::messaging::Party;
use portico_types::payments::LedgerKind;
use portico_types::staff::StaffRole;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::portal::DemoAccount;
use crate::entities::{ledger_entries, patients, payment_methods, providers};
use crate::payments::card;
use crate::payments::gateway::sandbox;
use crate::payments::gateway::{CardSummary, SavedCard};
use crate::payments::service::{Posting, insert};

/// (code, description, amount in cents): common outpatient PT services.
const VISITS: &[(&str, &str, i64)] = &[
    ("97161", "Physical therapy evaluation, low complexity", 15_000),
    ("97110", "Therapeutic exercise, 15 min", 4_500),
    ("97140", "Manual therapy, 15 min", 4_000),
    ("97530", "Therapeutic activities, 15 min", 5_000),
];

pub async fn seed(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    accounts: &[DemoAccount],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let existing =
        ledger_entries::Entity::find().filter(ledger_entries::Column::PracticeId.eq(practice_id)).count(db).await?;
    if existing > 0 {
        return Ok(());
    }
    let Some(biller) = super::staff_with(db, practice_id, StaffRole::Billing).await? else {
        return Ok(());
    };
    let provider = providers::Entity::find()
        .filter(providers::Column::PracticeId.eq(practice_id))
        .order_by_asc(providers::Column::Name)
        .one(db)
        .await?
        .map(|p| p.id);
    let mut who: Vec<Uuid> = accounts.iter().map(|a| a.patient_id).collect();
    let others: Vec<Uuid> = patients::Entity::find()
        .select_only()
        .column(patients::Column::Id)
        .filter(patients::Column::PracticeId.eq(practice_id))
        .order_by_asc(patients::Column::LastName)
        .order_by_asc(patients::Column::Id)
        .limit(8)
        .into_tuple()
        .all(db)
        .await?;
    who.extend(others.into_iter().filter(|id| !who.contains(id)).collect::<Vec<_>>());
    let by = (Party::Staff, biller.id, biller.name.as_str());
    for (i, patient) in who.iter().enumerate() {
        // An evaluation, then one to three treatment visits a week apart.
        let first_visit = (now - Duration::days(60 - 3 * (i as i64 % 12))).date_naive();
        let visits = 1 + i % 3;
        for v in 0..=visits {
            let (code, description, amount) = if v == 0 { VISITS[0] } else { VISITS[1 + (i + v) % 3] };
            let posting = Posting {
                kind: LedgerKind::Charge,
                amount,
                date_of_service: Some((first_visit + Duration::days(7 * v as i64)).min(now.date_naive())),
                description: description.into(),
                procedure_code: Some(code.into()),
                provider_id: provider,
                refund_of: None,
                by,
            };
            insert(db, practice_id, *patient, &posting, now).await?;
        }
        if i == 0 {
            let check = Posting {
                kind: LedgerKind::Payment,
                amount: 4_000,
                date_of_service: None,
                description: "Payment by check, thank you".into(),
                procedure_code: None,
                provider_id: None,
                refund_of: None,
                by,
            };
            insert(db, practice_id, *patient, &check, now).await?;
        }
        if i == 1 {
            let courtesy = Posting {
                kind: LedgerKind::Adjustment,
                amount: -2_500,
                date_of_service: None,
                description: "Courtesy discount".into(),
                procedure_code: None,
                provider_id: None,
                refund_of: None,
                by,
            };
            insert(db, practice_id, *patient, &courtesy, now).await?;
        }
    }
    Ok(())
}

/// A saved Visa ending 4242 (the sandbox's succeeding test card) for the demo patient's account,
/// so Profile shows a card and Payments offers it.
pub async fn seed_card(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    accounts: &[DemoAccount],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let Some(account) = accounts.iter().find(|a| a.role == GrantRole::Patient) else { return Ok(()) };
    let has_cards = payment_methods::Entity::find()
        .filter(payment_methods::Column::AccountId.eq(account.account_id))
        .count(db)
        .await?;
    if has_cards > 0 {
        return Ok(());
    }
    let number = sandbox::parse_number("4242424242424242").map_err(anyhow::Error::msg)?;
    let exp_year = u32::try_from(now.year()).unwrap_or(2026) + 3;
    let token = sandbox::issue(db, &number, 12, exp_year, true).await?;
    let card = CardSummary { brand: number.brand.into(), last4: number.last4.clone(), exp_month: 12, exp_year };
    let saved = SavedCard { token, customer: None, card };
    card::save_card(db, practice_id, account.account_id, "sandbox", &saved, true, now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}
