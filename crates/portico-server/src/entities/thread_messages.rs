use portico_types::messaging::Party;
use sea_orm::entity::prelude::*;

/// One message; ids are UUID v7, so they sort in the order messages were written.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "thread_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub thread_id: Uuid,
    pub author_type: Party,
    pub author_id: Uuid,
    pub author_name: String,
    /// Plain text, never HTML.
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
