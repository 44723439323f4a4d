//! Idempotency keys (PAY-2, the IETF `Idempotency-Key` draft): one row per caller and key,
//! claimed by an INSERT that only one request can win, holding the fingerprint of the request and,
//! once done, the response to replay. And the built-in sandbox gateway's own tables: the cards it
//! tokenized (brand, last four, expiry and the test outcome; never the number) and its charges,
//! unique by the idempotency key Portico passes on, as a real gateway's would be.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    Scope,
    Key,
    Fingerprint,
    State,
    ResponseStatus,
    ResponseBody,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum SandboxCards {
    Table,
    Token,
    Brand,
    Last4,
    ExpMonth,
    ExpYear,
    Outcome,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SandboxCharges {
    Table,
    Id,
    IdempotencyKey,
    Token,
    Amount,
    Currency,
    Refunded,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(pk_uuid(IdempotencyKeys::Id))
                .col(string(IdempotencyKeys::Scope))
                .col(string(IdempotencyKeys::Key))
                .col(string(IdempotencyKeys::Fingerprint))
                .col(
                    string(IdempotencyKeys::State)
                        .check(Expr::col(IdempotencyKeys::State).is_in(["in_flight", "done"])),
                )
                .col(integer_null(IdempotencyKeys::ResponseStatus))
                .col(text_null(IdempotencyKeys::ResponseBody))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .col(timestamp_with_time_zone(IdempotencyKeys::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_idempotency_scope_key")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::Scope)
                .col(IdempotencyKeys::Key)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SandboxCards::Table)
                .col(string(SandboxCards::Token).primary_key())
                .col(string(SandboxCards::Brand))
                .col(string_len(SandboxCards::Last4, 4))
                .col(integer(SandboxCards::ExpMonth))
                .col(integer(SandboxCards::ExpYear))
                .col(string(SandboxCards::Outcome).check(Expr::col(SandboxCards::Outcome).is_in([
                    "succeeds",
                    "declined",
                    "insufficient_funds",
                ])))
                .col(timestamp_with_time_zone(SandboxCards::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SandboxCharges::Table)
                .col(pk_uuid(SandboxCharges::Id))
                .col(string(SandboxCharges::IdempotencyKey).unique_key())
                .col(string(SandboxCharges::Token))
                .col(big_integer(SandboxCharges::Amount))
                .col(string_len(SandboxCharges::Currency, 3))
                .col(big_integer(SandboxCharges::Refunded).default(0))
                .col(timestamp_with_time_zone(SandboxCharges::CreatedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in
            [IdempotencyKeys::Table.into_iden(), SandboxCards::Table.into_iden(), SandboxCharges::Table.into_iden()]
        {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
