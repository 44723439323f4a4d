use portico_types::invitations::{GrantRole, InvitationOrigin};
use sea_orm::entity::prelude::*;

use super::values::ChannelSet;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub role: GrantRole,
    pub origin: InvitationOrigin,
    pub invitee_first_name: String,
    pub invitee_last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// What the last send used.
    pub channels: ChannelSet,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub last_sent_at: DateTimeUtc,
    pub send_count: i32,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<Uuid>,
    pub accepted_at: Option<DateTimeUtc>,
    /// Registration progress (REG-2).
    pub account_id: Option<Uuid>,
    /// The step-1 password, until registration completes.
    pub password_hash: Option<String>,
    pub email_verified_at: Option<DateTimeUtc>,
    /// The phone the step-3 code went to (on file or entered).
    pub verify_phone: Option<String>,
    pub phone_verified_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
