use portico_types::messaging::Party;
use sea_orm::entity::prelude::*;

/// How far one reader (a staff user or a portal account) has read one thread.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "thread_reads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub thread_id: Uuid,
    pub reader_type: Party,
    pub reader_id: Uuid,
    pub last_read_message_id: Uuid,
    pub read_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
