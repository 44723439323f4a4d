//! Outreach Flows (OUT-1, OUT-2): message templates, and each send with its recipients, whose
//! delivery status is read from the outbox row each one became.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutreachTemplates {
    Table,
    Id,
    PracticeId,
    Name,
    Channel,
    Subject,
    Body,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OutreachSends {
    Table,
    Id,
    PracticeId,
    TemplateId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutreachRecipients {
    Table,
    Id,
    PracticeId,
    SendId,
    PatientId,
    OutboxMessageId,
    SkippedReason,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
}

#[derive(DeriveIden)]
enum Patients {
    Table,
}

fn cascade(from: impl IntoIden, col: impl IntoIden, to: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, Alias::new("id")).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OutreachTemplates::Table)
                .col(pk_uuid(OutreachTemplates::Id))
                .col(uuid(OutreachTemplates::PracticeId))
                .col(string(OutreachTemplates::Name))
                .col(string(OutreachTemplates::Channel))
                .col(string_null(OutreachTemplates::Subject))
                .col(text(OutreachTemplates::Body))
                .col(uuid(OutreachTemplates::CreatedBy))
                .col(timestamp_with_time_zone(OutreachTemplates::CreatedAt))
                .col(timestamp_with_time_zone(OutreachTemplates::UpdatedAt))
                .foreign_key(&mut cascade(OutreachTemplates::Table, OutreachTemplates::PracticeId, Practices::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OutreachSends::Table)
                .col(pk_uuid(OutreachSends::Id))
                .col(uuid(OutreachSends::PracticeId))
                .col(uuid(OutreachSends::TemplateId))
                .col(uuid(OutreachSends::CreatedBy))
                .col(timestamp_with_time_zone(OutreachSends::CreatedAt))
                .foreign_key(&mut cascade(OutreachSends::Table, OutreachSends::PracticeId, Practices::Table))
                .foreign_key(&mut cascade(OutreachSends::Table, OutreachSends::TemplateId, OutreachTemplates::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OutreachRecipients::Table)
                .col(pk_uuid(OutreachRecipients::Id))
                .col(uuid(OutreachRecipients::PracticeId))
                .col(uuid(OutreachRecipients::SendId))
                .col(uuid(OutreachRecipients::PatientId))
                .col(uuid_null(OutreachRecipients::OutboxMessageId))
                .col(string_null(OutreachRecipients::SkippedReason))
                .foreign_key(&mut cascade(OutreachRecipients::Table, OutreachRecipients::SendId, OutreachSends::Table))
                .foreign_key(&mut cascade(OutreachRecipients::Table, OutreachRecipients::PatientId, Patients::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outreach_recipients_send")
                .table(OutreachRecipients::Table)
                .col(OutreachRecipients::SendId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OutreachRecipients::Table.into_iden(),
            OutreachSends::Table.into_iden(),
            OutreachTemplates::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
