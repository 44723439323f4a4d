use portico_types::messaging::Party;
use portico_types::payments::LedgerKind;
use sea_orm::entity::prelude::*;

/// One ledger entry; the table refuses UPDATE and DELETE. Ids are UUID v7: their order is the
/// order entries were posted.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    pub kind: LedgerKind,
    pub amount: i64,
    pub effect: i64,
    pub currency: String,
    pub date_of_service: Option<Date>,
    pub description: String,
    pub procedure_code: Option<String>,
    pub provider_id: Option<Uuid>,
    pub refund_of: Option<Uuid>,
    pub posted_by_type: Party,
    pub posted_by_id: Uuid,
    pub posted_by_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
