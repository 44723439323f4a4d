//! Patient and contact use cases, always scoped to the caller's practice (SEC-2) and audited
//! (AUD-1: reads too) by id, never by value.
use portico_types::Page;
use portico_types::patients::{Address, Contact, ContactInput, Patient, PatientInput, PatientSummary};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Order, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::model::{ContactDetails, Demographics, Search};
use crate::entities::{patient_contacts, patients};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::platform::audit::{self, Actor, Event};
use crate::platform::pagination;
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

fn validation(e: FieldErrors) -> ApiError {
    e.finish().err().unwrap_or_else(|| ApiError::Internal(anyhow::anyhow!("validation failed without errors")))
}

/// The patient, if it belongs to `practice_id`; 404 otherwise, whatever the id.
pub async fn find(db: &impl ConnectionTrait, practice_id: Uuid, id: Uuid) -> ApiResult<patients::Model> {
    patients::Entity::find_by_id(id)
        .filter(patients::Column::PracticeId.eq(practice_id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("patient"))
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
) -> ApiResult<patients::Model> {
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

pub async fn create(state: &AppState, actor: &Actor, practice_id: Uuid, input: PatientInput) -> ApiResult<Patient> {
    let now = state.now();
    let d = Demographics::parse(&input, now.date_naive()).map_err(validation)?;
    let txn = crate::platform::db::begin(&state.db).await?;
    let patient = insert(&txn, practice_id, &d, now).await?;
    audit::record(&txn, now, actor, Event::new("patient.create", "patient").resource(patient.id).patient(patient.id))
        .await?;
    txn.commit().await?;
    Ok(to_dto(patient))
}

pub async fn get(state: &AppState, actor: &Actor, practice_id: Uuid, id: Uuid) -> ApiResult<Patient> {
    let txn = crate::platform::db::begin(&state.db).await?;
    let patient = find(&txn, practice_id, id).await?;
    audit::record(&txn, state.now(), actor, Event::new("patient.read", "patient").resource(id).patient(id)).await?;
    txn.commit().await?;
    Ok(to_dto(patient))
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    id: Uuid,
    input: PatientInput,
) -> ApiResult<Patient> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let existing = find(&txn, practice_id, id).await?;
    let d = Demographics::parse(&input, now.date_naive()).map_err(validation)?;
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
    let event = Event::new("patient.update", "patient").resource(id).patient(id).details(json!({ "changed": changed }));
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
) -> ApiResult<Page<PatientSummary>> {
    let search = Search::parse(q).map_err(|why| ApiError::field("q", why))?;
    let limit = pagination::limit(limit)?;
    let mut query = patients::Entity::find().filter(patients::Column::PracticeId.eq(practice_id));
    for pattern in search.like_patterns() {
        query = query.filter(Expr::col(patients::Column::SearchText).like(LikeExpr::new(pattern).escape('\\')));
    }
    if let Some(dob) = search.date_of_birth {
        query = query.filter(patients::Column::DateOfBirth.eq(dob));
    }
    if let Some(c) = cursor {
        query =
            query.filter(pagination::after::<String>(c, patients::Column::NameKey, patients::Column::Id, Order::Asc)?);
    }
    let rows = query
        .order_by_asc(patients::Column::NameKey)
        .order_by_asc(patients::Column::Id)
        .limit(limit + 1)
        .all(&state.db)
        .await?;
    let (rows, next_cursor) = pagination::page(rows, limit, |r| (r.name_key.clone(), r.id));
    let event = Event::new("patient.search", "patient").details(json!({ "results": rows.len() }));
    audit::record(&state.db, state.now(), actor, event).await?;
    Ok(Page { items: rows.into_iter().map(to_summary).collect(), next_cursor })
}

pub async fn contacts(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
) -> ApiResult<Page<Contact>> {
    let txn = crate::platform::db::begin(&state.db).await?;
    find(&txn, practice_id, patient_id).await?;
    let rows = patient_contacts::Entity::find()
        .filter(patient_contacts::Column::PracticeId.eq(practice_id))
        .filter(patient_contacts::Column::PatientId.eq(patient_id))
        .order_by_asc(patient_contacts::Column::Id)
        .all(&txn)
        .await?;
    let event = Event::new("patient_contact.list", "patient_contact").patient(patient_id);
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
) -> ApiResult<patient_contacts::Model> {
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
) -> ApiResult<Contact> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    find(&txn, practice_id, patient_id).await?;
    let details = ContactDetails::parse(&input).map_err(validation)?;
    let contact = insert_contact(&txn, practice_id, patient_id, &details, now).await?;
    let event = Event::new("patient_contact.create", "patient_contact")
        .resource(contact.id)
        .patient(patient_id)
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
) -> ApiResult<patient_contacts::Model> {
    patient_contacts::Entity::find_by_id(id)
        .filter(patient_contacts::Column::PracticeId.eq(practice_id))
        .filter(patient_contacts::Column::PatientId.eq(patient_id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("contact"))
}

pub async fn update_contact(
    state: &AppState,
    actor: &Actor,
    practice_id: Uuid,
    patient_id: Uuid,
    id: Uuid,
    input: ContactInput,
) -> ApiResult<Contact> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let existing = find_contact(&txn, practice_id, patient_id, id).await?;
    let c = ContactDetails::parse(&input).map_err(validation)?;
    let mut active = existing.into_active_model();
    active.first_name = Set(c.first_name);
    active.last_name = Set(c.last_name);
    active.relationship = Set(c.relationship);
    active.email = Set(c.email);
    active.phone = Set(c.phone);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let event = Event::new("patient_contact.update", "patient_contact")
        .resource(id)
        .patient(patient_id)
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
) -> ApiResult<()> {
    let now = state.now();
    let txn = crate::platform::db::begin(&state.db).await?;
    let existing = find_contact(&txn, practice_id, patient_id, id).await?;
    patient_contacts::Entity::delete_by_id(existing.id).exec(&txn).await?;
    let event = Event::new("patient_contact.delete", "patient_contact").resource(id).patient(patient_id);
    audit::record(&txn, now, actor, event).await?;
    txn.commit().await?;
    Ok(())
}
