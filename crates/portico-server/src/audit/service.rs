//! Reading the audit trail (AUD-1). Writing it is `platform::audit`, inside every use case.
use chrono::{DateTime, Utc};
use portico_types::Page;
use portico_types::audit::AuditEvent;
use sea_orm::{ColumnTrait, EntityTrait, Order, QueryFilter};
use uuid::Uuid;

use super::error::{AuditError, Result};
use crate::entities::audit_events;
use crate::error::FieldErrors;
use crate::platform::audit::{self as trail, Action, Actor, Event};
use crate::platform::pagination::PageRequest;
use crate::state::AppState;

/// Which events to list.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub patient_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub cursor: Option<&'a str>,
    pub limit: Option<u64>,
}

fn to_dto(m: audit_events::Model) -> AuditEvent {
    AuditEvent {
        id: m.id,
        occurred_at: m.occurred_at,
        actor_type: m.actor_type.to_string(),
        actor_id: m.actor_id,
        actor_role: m.actor_role,
        patient_id: m.patient_id,
        action: m.action,
        resource_type: m.resource_type,
        resource_id: m.resource_id,
        outcome: m.outcome.to_string(),
        request_id: m.request_id,
        ip: m.ip,
        user_agent: m.user_agent,
        details: m.details,
    }
}

/// The practice's audit trail, newest first. Reading it is itself audited.
pub async fn list(state: &AppState, actor: &Actor, practice_id: Uuid, f: Filter<'_>) -> Result<Page<AuditEvent>> {
    let page = PageRequest::<DateTime<Utc>>::parse(f.cursor, f.limit)?;
    if let (Some(from), Some(to)) = (f.from, f.to)
        && from >= to
    {
        return Err(AuditError::Invalid(FieldErrors::one("to", "Choose an end after the start.")));
    }
    let mut query = audit_events::Entity::find().filter(audit_events::Column::PracticeId.eq(practice_id));
    if let Some(p) = f.patient_id {
        query = query.filter(audit_events::Column::PatientId.eq(p));
    }
    if let Some(a) = f.actor_id {
        query = query.filter(audit_events::Column::ActorId.eq(a));
    }
    if let Some(from) = f.from {
        query = query.filter(audit_events::Column::OccurredAt.gte(from));
    }
    if let Some(to) = f.to {
        query = query.filter(audit_events::Column::OccurredAt.lt(to));
    }
    let keys = (audit_events::Column::OccurredAt, audit_events::Column::Id);
    let (rows, next_cursor) = page.fetch(&state.db, query, keys, Order::Desc, |r| (r.occurred_at, r.id)).await?;
    trail::record(&state.db, state.now(), actor, Event::new(Action::AuditRead)).await?;
    Ok(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor })
}
