use sea_orm::entity::prelude::*;

/// One refund against a payment entry: `pending` reserves its amount until the gateway (for a
/// card payment) answers; only `succeeded` has a ledger entry.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    pub payment_entry_id: Uuid,
    pub card_payment_id: Option<Uuid>,
    pub amount: i64,
    pub reason: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub idempotency_scope: String,
    pub idempotency_key: String,
    pub fingerprint: String,
    pub gateway_key: String,
    pub gateway_refund_id: Option<String>,
    pub staff_user_id: Uuid,
    pub ledger_entry_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
