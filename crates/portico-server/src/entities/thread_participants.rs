use portico_types::invitations::GrantRole;
use sea_orm::entity::prelude::*;

/// A portal account taking part in a thread (MSG-2). It reads the thread only while it also
/// holds a live grant for the thread's patient.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "thread_participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub thread_id: Uuid,
    pub account_id: Uuid,
    pub role: GrantRole,
    pub display_name: String,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
