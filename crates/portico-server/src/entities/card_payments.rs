use sea_orm::entity::prelude::*;

/// One attempt to take a card payment. `pending` reserves its amount against the balance until
/// the gateway answers; only `succeeded` has a ledger entry.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "card_payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub patient_id: Uuid,
    /// `portal`, `staff` or `pay_link`.
    pub payer_type: String,
    pub payer_id: Option<Uuid>,
    pub payer_name: String,
    pub idempotency_scope: String,
    pub idempotency_key: String,
    pub fingerprint: String,
    pub gateway: String,
    pub gateway_key: String,
    pub amount: i64,
    pub currency: String,
    pub token: String,
    pub payment_method_id: Option<Uuid>,
    pub save_card: bool,
    /// `pending`, `succeeded`, `declined` or `failed`.
    pub status: String,
    pub decline_code: Option<String>,
    pub gateway_charge_id: Option<String>,
    pub brand: Option<String>,
    pub last4: Option<String>,
    pub consent_note: Option<String>,
    pub ledger_entry_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
