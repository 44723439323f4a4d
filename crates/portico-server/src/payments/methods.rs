//! Saved cards (PAY-3): a portal account's cards in its Profile (list, add, delete, set default)
//! and, for staff, the cards of the accounts that pay for a patient. Adding and deleting are the
//! practice's to allow (CFG-4): off, the API answers 403 and the portal hides the control. A
//! card is kept at the gateway; Portico holds its reference, brand, last four and expiry.
use std::collections::HashMap;

use portico_types::invitations::GrantRole;
use portico_types::payments::{NewPaymentMethod, PatientCard, PaymentMethod, PaymentMethods};
use sea_orm::{ColumnTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use super::card;
use super::error::{PaymentError, Result};
use super::gateway::GatewayError;
use crate::entities::{payment_methods, portal_accounts, portal_grants};
use crate::platform::audit::{self, Action, Event};
use crate::platform::auth::{Billers, Staff};
use crate::platform::portal::Portal;
use crate::practices::service as practices;
use crate::state::AppState;

fn dto(m: payment_methods::Model) -> PaymentMethod {
    PaymentMethod {
        id: m.id,
        brand: m.brand,
        last4: m.last4,
        exp_month: u32::try_from(m.exp_month).unwrap_or(1),
        exp_year: u32::try_from(m.exp_year).unwrap_or(2000),
        is_default: m.is_default,
        created_at: m.created_at,
    }
}

/// CFG-4 as it stands now: (may add, may delete).
async fn permissions(state: &AppState, practice_id: Uuid) -> Result<(bool, bool)> {
    let (_, config) = practices::branding_and_config(&state.db, practice_id, state.now()).await?;
    Ok((config.permissions.add_payment_methods, config.permissions.delete_payment_methods))
}

/// The account's cards, default first, then newest.
async fn cards(db: &impl sea_orm::ConnectionTrait, account_id: Uuid) -> Result<Vec<payment_methods::Model>> {
    Ok(payment_methods::Entity::find()
        .filter(payment_methods::Column::AccountId.eq(account_id))
        .order_by_desc(payment_methods::Column::IsDefault)
        .order_by_desc(payment_methods::Column::CreatedAt)
        .all(db)
        .await?)
}

/// One of the caller's own cards; anyone else's is simply not found.
pub async fn own_card(
    db: &impl sea_orm::ConnectionTrait,
    account_id: Uuid,
    id: Uuid,
) -> Result<Option<payment_methods::Model>> {
    Ok(payment_methods::Entity::find_by_id(id)
        .filter(payment_methods::Column::AccountId.eq(account_id))
        .one(db)
        .await?)
}

async fn listing(state: &AppState, portal: &Portal) -> Result<PaymentMethods> {
    let (can_add, can_delete) = permissions(state, portal.principal.practice_id).await?;
    let items = cards(&state.db, portal.principal.account_id).await?.into_iter().map(dto).collect();
    Ok(PaymentMethods { items, can_add, can_delete })
}

pub async fn list(state: &AppState, portal: &Portal) -> Result<PaymentMethods> {
    let out = listing(state, portal).await?;
    audit::record(&state.db, state.now(), &portal.actor(), Action::PaymentMethodList).await?;
    Ok(out)
}

/// Saves a freshly tokenized card without charging it. 403 when the practice does not allow it.
pub async fn add(state: &AppState, portal: &Portal, input: NewPaymentMethod) -> Result<PaymentMethod> {
    let (can_add, _) = permissions(state, portal.principal.practice_id).await?;
    if !can_add {
        return Err(PaymentError::CardsOff { add: true });
    }
    let token = input.card_token.trim();
    if token.is_empty() || token.len() > 255 {
        return Err(crate::error::invalid("card_token", "Enter the card's details again: the card token is missing."));
    }
    let account_id = portal.principal.account_id;
    let now = state.now();
    let count = cards(&state.db, account_id).await?.len() as u64;
    if count >= card::MAX_CARDS {
        return Err(PaymentError::TooManyCards);
    }
    let saved = match state.gateway.save_card(token, None).await {
        Ok(saved) => saved,
        Err(GatewayError::UnknownToken | GatewayError::Declined(_)) => {
            return Err(PaymentError::UnusableCard { field: "card_token" });
        }
        Err(GatewayError::Unavailable(why)) => {
            tracing::warn!(gateway = state.gateway.name(), error = %why, "gateway unavailable while saving a card");
            return Err(PaymentError::GatewayUnavailable);
        }
    };
    let txn = crate::platform::db::begin(&state.db).await?;
    let row = card::save_card(
        &txn,
        portal.principal.practice_id,
        account_id,
        state.gateway.name(),
        &saved,
        input.make_default,
        now,
    )
    .await?;
    let event = Event::new(Action::PaymentMethodAdd { method: row.id })
        .details(json!({ "brand": row.brand, "default": row.is_default }));
    audit::record(&txn, now, &portal.actor(), event).await?;
    txn.commit().await?;
    Ok(dto(row))
}

/// Forgets a card at the gateway and here. 403 when the practice does not allow it; the newest
/// remaining card becomes the default if this one was.
pub async fn delete(state: &AppState, portal: &Portal, id: Uuid) -> Result<()> {
    let (_, can_delete) = permissions(state, portal.principal.practice_id).await?;
    if !can_delete {
        return Err(PaymentError::CardsOff { add: false });
    }
    let account_id = portal.principal.account_id;
    let card = own_card(&state.db, account_id, id).await?.ok_or(PaymentError::CardNotFound)?;
    if let Err(e) = state.gateway.forget_card(&card.token).await {
        tracing::warn!(gateway = state.gateway.name(), error = %e, "gateway did not forget a card");
        return Err(PaymentError::GatewayUnavailable);
    }
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let was_default = card.is_default;
    card.delete(&txn).await?;
    if was_default && let Some(next) = cards(&txn, account_id).await?.into_iter().next() {
        set_default(&txn, account_id, next.id).await?;
    }
    audit::record(&txn, now, &portal.actor(), Event::new(Action::PaymentMethodDelete { method: id })).await?;
    txn.commit().await?;
    Ok(())
}

async fn set_default(db: &impl sea_orm::ConnectionTrait, account_id: Uuid, id: Uuid) -> Result<()> {
    card::clear_default(db, account_id).await?;
    payment_methods::Entity::update_many()
        .col_expr(payment_methods::Column::IsDefault, sea_orm::sea_query::Expr::value(true))
        .filter(payment_methods::Column::Id.eq(id))
        .filter(payment_methods::Column::AccountId.eq(account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Makes one of the caller's cards the default (always allowed: it adds and removes nothing).
pub async fn make_default(state: &AppState, portal: &Portal, id: Uuid) -> Result<PaymentMethods> {
    let account_id = portal.principal.account_id;
    own_card(&state.db, account_id, id).await?.ok_or(PaymentError::CardNotFound)?;
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    set_default(&txn, account_id, id).await?;
    audit::record(&txn, now, &portal.actor(), Event::new(Action::PaymentMethodDefault { method: id })).await?;
    txn.commit().await?;
    listing(state, portal).await
}

/// The accounts that may pay for `patient_id`: live patient and guarantor grants (never a
/// guardian's, §5), each with the name the practice invited its holder under.
async fn paying_accounts(db: &impl sea_orm::ConnectionTrait, patient_id: Uuid) -> Result<Vec<(Uuid, Option<Uuid>)>> {
    let grants = portal_grants::Entity::find()
        .filter(portal_grants::Column::PatientId.eq(patient_id))
        .filter(portal_grants::Column::RevokedAt.is_null())
        .filter(portal_grants::Column::Role.is_in([GrantRole::Patient, GrantRole::Guarantor]))
        .order_by_asc(portal_grants::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out: Vec<(Uuid, Option<Uuid>)> = Vec::new();
    for g in grants {
        match out.iter_mut().find(|(a, _)| *a == g.account_id) {
            Some((_, inv)) => *inv = inv.or(g.invitation_id),
            None => out.push((g.account_id, g.invitation_id)),
        }
    }
    Ok(out)
}

/// Each live (unlocked) paying account's holder, by the name the practice invited them under
/// (their email when no invitation names them).
async fn holder_names(
    db: &impl sea_orm::ConnectionTrait,
    paying: &[(Uuid, Option<Uuid>)],
) -> Result<HashMap<Uuid, String>> {
    let accounts: Vec<Uuid> = paying.iter().map(|(a, _)| *a).collect();
    let live: Vec<portal_accounts::Model> = portal_accounts::Entity::find()
        .filter(portal_accounts::Column::Id.is_in(accounts))
        .filter(portal_accounts::Column::LockedAt.is_null())
        .all(db)
        .await?;
    let invitation_ids: Vec<Uuid> = paying.iter().filter_map(|(_, i)| *i).collect();
    let invited = crate::platform::portal::invitee_names(db, invitation_ids).await?;
    Ok(live
        .into_iter()
        .map(|a| {
            let invitation = paying.iter().find(|(id, _)| *id == a.id).and_then(|(_, i)| *i);
            let name = invitation.and_then(|i| invited.get(&i).cloned()).unwrap_or(a.email);
            (a.id, name)
        })
        .collect())
}

/// A saved card staff may charge for `patient_id`: one of a paying account's, that account not
/// locked. 422 naming `payment_method_id` otherwise.
pub async fn chargeable_card(
    db: &impl sea_orm::ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    id: Uuid,
) -> Result<(payment_methods::Model, portal_accounts::Model, String)> {
    let paying = paying_accounts(db, patient_id).await?;
    let accounts: Vec<Uuid> = paying.iter().map(|(a, _)| *a).collect();
    let not_theirs = || -> PaymentError {
        crate::error::invalid("payment_method_id", "Choose one of the cards saved by the patient or a guarantor.")
    };
    let card = payment_methods::Entity::find_by_id(id)
        .filter(payment_methods::Column::PracticeId.eq(practice_id))
        .filter(payment_methods::Column::AccountId.is_in(accounts))
        .one(db)
        .await?
        .ok_or_else(not_theirs)?;
    let holder = holder_names(db, &paying).await?.remove(&card.account_id).ok_or_else(not_theirs)?;
    let account = portal_accounts::Entity::find_by_id(card.account_id).one(db).await?.ok_or_else(not_theirs)?;
    Ok((card, account, holder))
}

/// Staff: the cards the patient and their guarantors saved, with whose each is.
pub async fn patient_cards(state: &AppState, staff: &Staff<Billers>, patient_id: Uuid) -> Result<Vec<PatientCard>> {
    super::service::practice_patient(&state.db, staff.practice_id(), patient_id).await?;
    let paying = paying_accounts(&state.db, patient_id).await?;
    let accounts: Vec<Uuid> = paying.iter().map(|(a, _)| *a).collect();
    let holders = holder_names(&state.db, &paying).await?;
    let rows = payment_methods::Entity::find()
        .filter(payment_methods::Column::PracticeId.eq(staff.practice_id()))
        .filter(payment_methods::Column::AccountId.is_in(accounts))
        .order_by_asc(payment_methods::Column::AccountId)
        .order_by_desc(payment_methods::Column::IsDefault)
        .all(&state.db)
        .await?;
    let out = rows
        .into_iter()
        .filter_map(|m| {
            let holder_name = holders.get(&m.account_id)?.clone();
            let d = dto(m);
            Some(PatientCard {
                id: d.id,
                holder_name,
                brand: d.brand,
                last4: d.last4,
                exp_month: d.exp_month,
                exp_year: d.exp_year,
                is_default: d.is_default,
            })
        })
        .collect();
    audit::record(&state.db, state.now(), &staff.actor(), Action::PatientCardList { patient: patient_id }).await?;
    Ok(out)
}
