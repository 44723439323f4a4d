//! Patient and contact use cases, always scoped to the caller's practice (SEC-2) and audited
//! (AUD-1: reads too) by id, never by value.
use portico_types::Page;
use portico_types::patients::{Address, Contact, ContactInput, Patient, PatientInput, PatientSummary};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Order, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{PatientError, Result};
use super::model::{ContactDetails, Demographics, Search};
use crate::accounts::access::{self, Ended};
use crate::entities::{patient_contacts, patients};
use crate::error::FieldErrors;
use crate::platform::audit::{self, Action, Actor, Event};
use crate::platform::pagination::PageRequest;
use crate::state::AppState;

pub fn to_dto(m: patients::Model) -> Patient {
    Patient {
        id: m.id,
        first_name: m.first_name,
        last_name: m.last_name,
        preferred_name: m.preferred_name,
        date_of_birth: m.date_of_birth,
        sex: m.sex,
        gender_identity: m.gender_identity,
        email: m.email,
        phone: m.phone,
        address: Address {
            line1: m.address_line1,
            line2: m.address_line2,
            city: m.city,
            region: m.region,
            postal_code: m.postal_code,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn to_summary(m: patients::Model) -> PatientSummary {
    PatientSummary {
        id: m.id,
        first_name: m.first_name,
        last_name: m.last_name,
        preferred_name: m.preferred_name,
        date_of_birth: m.date_of_birth,
        email: m.email,
        phone: m.phone,
    }
}

fn contact_dto(m: patient_contacts::Model) -> Contact {
    Contact {
        id: m.id,
        patient_id: m.patient_id,
        first_name: m.first_name,
        last_name: m.last_name,
        relationship: m.relationship,
        email: m.email,
        phone: m.phone,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// The patient, if it belongs to `practice_id`; 404 otherwise, whatever the id.
pub async fn find(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> Result<patients::Model> {
    patients::Entity::find_by_id(id)
        .filter(patients::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(PatientError::PatientNotFound)
}

fn apply(active: &mut patients::ActiveModel, d: &Demographics) {
    active.first_name = Set(d.first_name.clone());
    active.last_name = Set(d.last_name.clone());
    active.preferred_name = Set(d.preferred_name.clone());
    active.date_of_birth = Set(d.date_of_birth);
    active.sex = Set(d.sex);
    active.gender_identity = Set(d.gender_identity.clone());
    active.email = Set(d.email.clone());
    active.phone = Set(d.phone.clone());
    active.address_line1 = Set(d.line1.clone());
    active.address_line2 = Set(d.line2.clone());
    active.city = Set(d.city.clone());
    active.region = Set(d.region.clone());
    active.postal_code = Set(d.postal_code.clone());
    active.name_key = Set(d.name_key());
    active.search_text = Set(d.search_text());
}

/// Inserts parsed demographics (used by the API and by demo seeding).
pub async fn insert(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    d: &Demographics,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<patients::Model> {
    let mut active = patients::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut active, d);
    Ok(active.insert(db).await?)
}

pub async fn create(state: &AppState, actor: &Actor, practice_id: Uuid, input: PatientInput) -> Result<Patient> {
    let now = state.now();
    let d = Demographics::parse(&input, now.date_naive())?;
    let txn = crate::platform::db::begin(&state.db).await?;
    let patient = insert(&txn, practice_id, &d, now).await?;
    audit::record(&txn, now, actor, Event::new(Action::PatientCreate { patient: patient.id })).await?;
    txn.commit().await?;
    Ok(to_dto(patient))
}

pub async fn get(state: &AppState, actor: &Actor, practice_id: Uuid, id: Uuid) -> Result<Patient> {
    let txn = crate::platform::db::begin(&state.db).await?;
    let patient = find(&txn, practice_id, id).await?;
    audit::record(&txn, state.now(), actor, Event::new(Action::PatientRead { patient: id })).await?;
    txn.commit().await?;
    Ok(to_dto(patient))
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    id: Uuid,
    input: PatientInput,
) -> Result<Patient> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let existing = find(&txn, practice_id, id).await?;
    let d = Demographics::parse(&input, now.date_naive())?;
    let before = to_dto(existing.clone());
    let mut active = existing.into_active_model();
    apply(&mut active, &d);
    active.updated_at = Set(now);
    let updated = to_dto(active.update(&txn).await?);
    // Which fields changed, never their values (AUD-1).
    let (a, b) = (json!(before), json!(updated));
    let changed: Vec<&String> = b
        .as_object()
        .map(|o| o.keys().filter(|k| *k != "updated_at" && a.get(k.as_str()) != b.get(k.as_str())).collect())
        .unwrap_or_default();
    let event = Event::new(Action::PatientUpdate { patient: id }).details(json!({ "changed": changed }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(updated)
}

pub async fn search(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    q: &str,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<PatientSummary>> {
    let search = Search::parse(q).map_err(|why| FieldErrors::one("q", why))?;
    let page = PageRequest::<String>::parse(cursor, limit)?;
    let mut query = patients::Entity::find().filter(patients::Column::PracticeId.eq(practice_id));
    for pattern in search.like_patterns() {
        query = query.filter(Expr::col(patients::Column::SearchText).like(LikeExpr::new(pattern).escape('\\')));
    }
    if let Some(dob) = search.date_of_birth {
        query = query.filter(patients::Column::DateOfBirth.eq(dob));
    }
    let keys = (patients::Column::NameKey, patients::Column::Id);
    let (rows, next_cursor) = page.fetch(&state.db, query, keys, Order::Asc, |r| (r.name_key.clone(), r.id)).await?;
    let event = Event::new(Action::PatientSearch).details(json!({ "results": rows.len() }));
    audit::record(&state.db, state.now(), actor, event).await?;
    Ok(Page { items: rows.into_iter().map(to_summary).collect(), next_cursor })
}

pub async fn contacts(state: &AppState, actor: &Actor, practice_id: Uuid, patient_id: Uuid) -> Result<Page<Contact>> {
    let txn = crate::platform::db::begin(&state.db).await?;
    find(&txn, practice_id, patient_id).await?;
    let rows = patient_contacts::Entity::find()
        .filter(patient_contacts::Column::PracticeId.eq(practice_id))
        .filter(patient_contacts::Column::PatientId.eq(patient_id))
        .order_by_asc(patient_contacts::Column::Id)
        .all(&txn)
        .await?;
    let event = Event::new(Action::ContactList { patient: patient_id });
    audit::record(&txn, state.now(), actor, event).await?;
    txn.commit().await?;
    // A patient has a handful of contacts: always one page.
    Ok(Page { items: rows.into_iter().map(contact_dto).collect(), next_cursor: None })
}

/// Inserts a parsed contact (used by the API and by demo seeding).
pub async fn insert_contact(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    c: &ContactDetails,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<patient_contacts::Model> {
    Ok(patient_contacts::ActiveModel {
        id: Set(Uuid::now_v7()),
        practice_id: Set(practice_id),
        patient_id: Set(patient_id),
        first_name: Set(c.first_name.clone()),
        last_name: Set(c.last_name.clone()),
        relationship: Set(c.relationship),
        email: Set(c.email.clone()),
        phone: Set(c.phone.clone()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?)
}

pub async fn create_contact(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
    input: ContactInput,
) -> Result<Contact> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    find(&txn, practice_id, patient_id).await?;
    let details = ContactDetails::parse(&input)?;
    let contact = insert_contact(&txn, practice_id, patient_id, &details, now).await?;
    let event = Event::new(Action::ContactCreate { patient: patient_id, contact: contact.id })
        .details(json!({ "relationship": contact.relationship }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(contact_dto(contact))
}

async fn find_contact(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    patient_id: Uuid,
    id: Uuid,
) -> Result<patient_contacts::Model> {
    patient_contacts::Entity::find_by_id(id)
        .filter(patient_contacts::Column::PracticeId.eq(practice_id))
        .filter(patient_contacts::Column::PatientId.eq(patient_id))
        .one(db)
        .await?
        .ok_or(PatientError::ContactNotFound)
}

pub async fn update_contact(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
    id: Uuid,
    input: ContactInput,
) -> Result<Contact> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let existing = find_contact(&txn, practice_id, patient_id, id).await?;
    let c = ContactDetails::parse(&input)?;
    // Access was granted for the relationship on file: a different one ends it (issue 9, item 1).
    if c.relationship != existing.relationship {
        access::end_for_contact(&txn, actor, practice_id, patient_id, id, Ended::RelationshipChanged, now).await?;
    }
    let mut active = existing.into_active_model();
    active.first_name = Set(c.first_name);
    active.last_name = Set(c.last_name);
    active.relationship = Set(c.relationship);
    active.email = Set(c.email);
    active.phone = Set(c.phone);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let event = Event::new(Action::ContactUpdate { patient: patient_id, contact: id })
        .details(json!({ "relationship": updated.relationship }));
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(contact_dto(updated))
}

pub async fn delete_contact(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
    id: Uuid,
) -> Result<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let existing = find_contact(&txn, practice_id, patient_id, id).await?;
    access::end_for_contact(&txn, actor, practice_id, patient_id, id, Ended::ContactRemoved, now).await?;
    patient_contacts::Entity::delete_by_id(existing.id).exec(&txn).await?;
    let event = Event::new(Action::ContactDelete { patient: patient_id, contact: id });
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(())
}
