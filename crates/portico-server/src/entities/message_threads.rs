use portico_types::messaging::{Party, ThreadStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "message_threads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    pub subject: String,
    pub status: ThreadStatus,
    /// A staff user of the practice, or nobody.
    pub assigned_to: Option<Uuid>,
    pub started_by_type: Party,
    pub started_by_id: Uuid,
    pub closed_at: Option<DateTimeUtc>,
    /// The newest message (UUID v7: the greatest id in the thread).
    pub last_message_id: Uuid,
    /// The newest message from a portal account: staff count only these as unread (a
    /// colleague's message is not something waiting for them).
    pub last_portal_message_id: Option<Uuid>,
    pub last_message_at: DateTimeUtc,
    /// The newest message's opening words, for lists.
    pub preview: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
