use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "portal_accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub practice_id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub phone: Option<String>,
    pub email_verified_at: Option<DateTimeUtc>,
    pub phone_verified_at: Option<DateTimeUtc>,
    pub terms_accepted_at: Option<DateTimeUtc>,
    /// Null until the first registration completes; until then the account cannot sign in.
    pub registered_at: Option<DateTimeUtc>,
    pub failed_login_count: i32,
    pub last_failed_login_at: Option<DateTimeUtc>,
    pub locked_at: Option<DateTimeUtc>,
    /// The staff user who locked the account; empty for a lock after failed sign-ins, which a
    /// password reset lifts. Only staff lift theirs.
    pub locked_by: Option<Uuid>,
    pub last_login_at: Option<DateTimeUtc>,
    pub password_changed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
