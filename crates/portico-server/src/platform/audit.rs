//! The append-only audit trail (AUD-1). Records are written with the same connection (so in the
//! same transaction) as the change they describe, and carry ids and outcomes, never PHI values.
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::Value;
use uuid::Uuid;

use crate::entities::audit_events;
use crate::platform::request::RequestMeta;

#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum ActorKind {
    Staff,
    Portal,
    Anonymous,
    System,
}

portico_types::names!(ActorKind {
    Staff => "staff",
    Portal => "portal",
    Anonymous => "anonymous",
    System => "system",
});

/// Who acted, for which practice.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
    pub role: Option<String>,
    pub practice_id: Option<Uuid>,
    pub meta: RequestMeta,
}

impl Actor {
    pub fn anonymous(meta: RequestMeta, practice_id: Option<Uuid>) -> Self {
        Self { kind: ActorKind::Anonymous, id: None, role: None, practice_id, meta }
    }

    pub fn system(practice_id: Uuid) -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            role: None,
            practice_id: Some(practice_id),
            meta: RequestMeta::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

portico_types::names!(Outcome {
    Success => "success",
    Failure => "failure",
    Denied => "denied",
});

/// What happened: `action` like `patient.update`, on which resource, for which patient.
#[derive(Debug, Clone)]
pub struct Event {
    action: &'static str,
    resource_type: &'static str,
    resource_id: Option<String>,
    patient_id: Option<Uuid>,
    outcome: Outcome,
    details: Value,
}

impl Event {
    pub fn new(action: &'static str, resource_type: &'static str) -> Self {
        Self {
            action,
            resource_type,
            resource_id: None,
            patient_id: None,
            outcome: Outcome::Success,
            details: Value::Object(Default::default()),
        }
    }

    pub fn resource(mut self, id: impl ToString) -> Self {
        self.resource_id = Some(id.to_string());
        self
    }

    pub fn patient(mut self, id: Uuid) -> Self {
        self.patient_id = Some(id);
        self
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// Non-PHI details only: ids, field names, configuration values, reasons.
    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

pub async fn record(db: &impl ConnectionTrait, now: DateTime<Utc>, actor: &Actor, event: Event) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(now),
        practice_id: Set(actor.practice_id),
        actor_type: Set(actor.kind),
        actor_id: Set(actor.id),
        actor_role: Set(actor.role.clone()),
        patient_id: Set(event.patient_id),
        action: Set(event.action.into()),
        resource_type: Set(event.resource_type.into()),
        resource_id: Set(event.resource_id),
        outcome: Set(event.outcome),
        request_id: Set(actor.meta.request_id.clone()),
        ip: Set(actor.meta.ip.clone()),
        user_agent: Set(actor.meta.user_agent.clone()),
        details: Set(event.details),
    }
    .insert(db)
    .await?;
    Ok(())
}
