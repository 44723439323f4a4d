use sea_orm::entity::prelude::*;

/// One caller's use of one `Idempotency-Key`: `in_flight` while its request runs, then `done`
/// with the response to replay until `expires_at`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `portal:{account id}` or `staff:{user id}`: keys are the caller's own.
    pub scope: String,
    pub key: String,
    /// SHA-256 of the method, path and body the key was first used with.
    pub fingerprint: String,
    pub state: String,
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
