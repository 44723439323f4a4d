use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One append-only audit record (AUD-1). Never holds PHI values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// `staff`, `portal`, `api_client`, `anonymous` or `system`.
    pub actor_type: String,
    pub actor_id: Option<Uuid>,
    /// Roles the actor held, comma-separated.
    pub actor_role: Option<String>,
    /// The patient the action was for, when there is one.
    pub patient_id: Option<Uuid>,
    /// e.g. `patient.read`, `staff.login`, `portal_config.update`.
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    /// `success`, `failure` or `denied`.
    pub outcome: String,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Non-PHI details, e.g. a config change as `{field: {old, new}}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
}
