//! Files (FILE-1): message attachments and My Files uploads. The bytes live in object storage
//! under a generated key; the row keeps what the file is called, its type as sniffed from the
//! content, its size and SHA-256, and who uploaded it. A message attachment names its message.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Files {
    Table,
    Id,
    PracticeId,
    PatientId,
    Source,
    ThreadId,
    MessageId,
    ObjectKey,
    Name,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedByType,
    UploadedById,
    UploadedByName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
}

#[derive(DeriveIden)]
enum Patients {
    Table,
}

#[derive(DeriveIden)]
enum ThreadMessages {
    Table,
}

fn cascade(col: Files, to: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Files::Table, col)
        .to(to, Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn one_of(column: Files, names: &[&str]) -> SimpleExpr {
    Expr::col(column.into_iden()).is_in(names.iter().copied())
}

/// The allow-list of SEC-4; a stored value outside it is refused by the table itself.
const CONTENT_TYPES: &[&str] =
    &["application/pdf", "image/png", "image/jpeg", "image/heic", "image/gif", "image/webp", "text/plain"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Files::Table)
                .col(pk_uuid(Files::Id))
                .col(uuid(Files::PracticeId))
                .col(uuid(Files::PatientId))
                .col(string(Files::Source).check(one_of(Files::Source, &["message", "upload"])))
                .col(uuid_null(Files::ThreadId))
                .col(uuid_null(Files::MessageId))
                .col(string(Files::ObjectKey).unique_key())
                .col(string(Files::Name))
                .col(string(Files::ContentType).check(one_of(Files::ContentType, CONTENT_TYPES)))
                .col(big_integer(Files::SizeBytes).check(Expr::col(Files::SizeBytes).gte(0)))
                .col(string(Files::Sha256))
                .col(string(Files::UploadedByType).check(one_of(Files::UploadedByType, &["staff", "portal"])))
                .col(uuid(Files::UploadedById))
                .col(string(Files::UploadedByName))
                .col(timestamp_with_time_zone(Files::CreatedAt))
                // An attachment belongs to a message; an upload to no message.
                .check(Expr::cust(
                    "(source = 'message' AND message_id IS NOT NULL AND thread_id IS NOT NULL) \
                     OR (source = 'upload' AND message_id IS NULL AND thread_id IS NULL)",
                ))
                .foreign_key(&mut cascade(Files::PracticeId, Practices::Table))
                .foreign_key(&mut cascade(Files::PatientId, Patients::Table))
                .foreign_key(&mut cascade(Files::MessageId, ThreadMessages::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_files_patient")
                .table(Files::Table)
                .col(Files::PatientId)
                .col(Files::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_files_message").table(Files::Table).col(Files::MessageId).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Files::Table).to_owned()).await
    }
}
