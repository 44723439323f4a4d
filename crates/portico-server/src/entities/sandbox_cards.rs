use sea_orm::entity::prelude::*;

/// A card the sandbox gateway tokenized: what a gateway would show, never the number.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sandbox_cards")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: i32,
    pub exp_year: i32,
    /// `succeeds`, `declined` or `insufficient_funds`, from the test card's number.
    pub outcome: String,
    pub created_at: DateTimeUtc,
    /// Saved to a customer: may be charged again. Otherwise a token charges once.
    pub attached: bool,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
