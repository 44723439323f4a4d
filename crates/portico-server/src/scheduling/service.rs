//! Scheduling's reference data: a practice has a handful of providers, locations and appointment
//! types, so each list is one page sorted by name.
use portico_types::scheduling::{AppointmentType, Location, Provider};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::error::Result;
use crate::entities::{appointment_types, locations, providers};

pub async fn providers(db: &impl ConnectionTrait, practice_id: Uuid) -> Result<Vec<Provider>> {
    let rows = providers::Entity::find()
        .filter(providers::Column::PracticeId.eq(practice_id))
        .order_by_asc(providers::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| Provider { id: p.id, name: p.name, credentials: p.credentials, active: p.active })
        .collect())
}

pub async fn locations(db: &impl ConnectionTrait, practice_id: Uuid) -> Result<Vec<Location>> {
    let rows = locations::Entity::find()
        .filter(locations::Column::PracticeId.eq(practice_id))
        .order_by_asc(locations::Column::Name)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|l| Location { id: l.id, name: l.name, address: l.address }).collect())
}

pub async fn appointment_types(db: &impl ConnectionTrait, practice_id: Uuid) -> Result<Vec<AppointmentType>> {
    let rows = appointment_types::Entity::find()
        .filter(appointment_types::Column::PracticeId.eq(practice_id))
        .order_by_asc(appointment_types::Column::Name)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|t| AppointmentType {
            id: t.id,
            name: t.name,
            duration_minutes: t.duration_minutes,
            new_patients: t.new_patients,
            active: t.active,
        })
        .collect())
}
