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

/// Failed staff sign-ins for addresses no practice knows, per client address: what password
/// spraying looks like. They belong to no practice, so no practice's admin sees them; this is the
/// deployment operator's view (`portico sign-in-failures`), and each one is also logged.
#[derive(Debug, Clone, PartialEq, Eq, sea_orm::FromQueryResult)]
pub struct UnknownSignIns {
    pub ip: Option<String>,
    pub failures: i64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
}

/// Busiest addresses first; at most `limit` of them.
pub async fn unknown_staff_sign_ins(
    db: &impl sea_orm::ConnectionTrait,
    since: DateTime<Utc>,
    limit: u64,
) -> std::result::Result<Vec<UnknownSignIns>, sea_orm::DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait as _};
    use sea_orm::{QueryOrder, QuerySelect};
    let name = Action::StaffLogin { user: None }.name();
    audit_events::Entity::find()
        .select_only()
        .column(audit_events::Column::Ip)
        .column_as(Expr::col(audit_events::Column::Id).count(), "failures")
        .column_as(Expr::col(audit_events::Column::OccurredAt).min(), "first_at")
        .column_as(Expr::col(audit_events::Column::OccurredAt).max(), "last_at")
        .filter(audit_events::Column::Action.eq(name))
        .filter(audit_events::Column::Outcome.eq(crate::entities::values::Outcome::Failure))
        .filter(audit_events::Column::PracticeId.is_null())
        .filter(audit_events::Column::OccurredAt.gte(since))
        .group_by(audit_events::Column::Ip)
        .order_by(Expr::col(audit_events::Column::Id).count(), Order::Desc)
        .limit(limit)
        .into_model::<UnknownSignIns>()
        .all(db)
        .await
}
