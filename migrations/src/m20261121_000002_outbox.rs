//! The notifications outbox (NOT-1): every email and SMS is a row written in the same
//! transaction as the change that caused it, then delivered by a worker with retries.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
    PracticeId,
    Kind,
    Channel,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OutboxMessages::Table)
                .col(pk_uuid(OutboxMessages::Id))
                .col(uuid(OutboxMessages::PracticeId))
                // What caused it (`invitation`, `verification_code` …), for the delivery log.
                .col(string(OutboxMessages::Kind))
                .col(string(OutboxMessages::Channel))
                .col(string(OutboxMessages::Recipient))
                .col(string_null(OutboxMessages::Subject))
                // Cleared once delivered or given up: bodies may carry links with tokens.
                .col(text_null(OutboxMessages::BodyText))
                .col(text_null(OutboxMessages::BodyHtml))
                .col(string(OutboxMessages::Status))
                .col(integer(OutboxMessages::Attempts))
                .col(timestamp_with_time_zone(OutboxMessages::NextAttemptAt))
                // A worker's lease while sending; an expired lease means the worker died.
                .col(timestamp_with_time_zone_null(OutboxMessages::LockedUntil))
                .col(string_null(OutboxMessages::LastError))
                .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
                .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(OutboxMessages::Table, OutboxMessages::PracticeId)
                        .to(Practices::Table, Practices::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outbox_due")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::Status)
                .col(OutboxMessages::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outbox_practice_created")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::PracticeId)
                .col(OutboxMessages::CreatedAt)
                .col(OutboxMessages::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OutboxMessages::Table).to_owned()).await
    }
}
