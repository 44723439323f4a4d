use portico_types::files::FileSource;
use portico_types::messaging::Party;
use sea_orm::entity::prelude::*;

/// A message attachment or a My Files upload; the bytes are in the file store under `object_key`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    pub source: FileSource,
    pub thread_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    pub object_key: String,
    pub name: String,
    /// Sniffed from the content when it was uploaded.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by_type: Party,
    pub uploaded_by_id: Uuid,
    pub uploaded_by_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
