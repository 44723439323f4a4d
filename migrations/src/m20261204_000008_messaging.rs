//! Secure messaging (MSG-1…4): threads about one patient, the portal accounts taking part, the
//! messages, one read marker per reader and thread, and when each account was last notified (for
//! coalescing). Stored names are checked in the tables themselves (new tables can carry CHECK on
//! SQLite too); the outbox learns the `message_notice` kind the way migration 5 set its names.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MessageThreads {
    Table,
    Id,
    PracticeId,
    PatientId,
    Subject,
    Status,
    AssignedTo,
    StartedByType,
    StartedById,
    ClosedAt,
    LastMessageId,
    LastPortalMessageId,
    LastMessageAt,
    Preview,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ThreadParticipants {
    Table,
    Id,
    PracticeId,
    ThreadId,
    AccountId,
    Role,
    DisplayName,
    AddedAt,
}

#[derive(DeriveIden)]
enum ThreadMessages {
    Table,
    Id,
    PracticeId,
    ThreadId,
    AuthorType,
    AuthorId,
    AuthorName,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThreadReads {
    Table,
    Id,
    PracticeId,
    ThreadId,
    ReaderType,
    ReaderId,
    LastReadMessageId,
    ReadAt,
}

#[derive(DeriveIden)]
enum MessageNotices {
    Table,
    AccountId,
    PracticeId,
    SentAt,
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
enum PortalAccounts {
    Table,
}

fn cascade(from: impl IntoIden, col: impl IntoIden, to: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, Alias::new("id")).on_delete(ForeignKeyAction::Cascade).to_owned()
}

/// `column IN ('a', 'b')` as a CHECK.
fn one_of(column: impl IntoIden, names: &[&str]) -> SimpleExpr {
    Expr::col(column.into_iden()).is_in(names.iter().copied())
}

const PARTIES: &[&str] = &["staff", "portal"];

const OUTBOX_KINDS_BEFORE: &[&str] = &["invitation", "verification_code", "password_reset", "outreach"];
pub(crate) const OUTBOX_KINDS: &[&str] =
    &["invitation", "verification_code", "password_reset", "outreach", "message_notice"];

/// Replaces the outbox kind check of migration 5 with one that knows `kinds`.
pub(crate) async fn set_outbox_kinds(m: &SchemaManager<'_>, kinds: &[&str]) -> Result<(), DbErr> {
    let db = m.get_connection();
    let list = kinds.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ");
    match m.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.execute_unprepared("ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_kind_known").await?;
            db.execute_unprepared(&format!(
                "ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_kind_known CHECK (kind IN ({list}))"
            ))
            .await?;
        }
        _ => {
            // One batch on one connection: another pooled connection may still hold a read
            // snapshot from before the drop (see migration 7).
            let mut batch = Vec::new();
            for (when, event) in [("insert", "INSERT"), ("update", "UPDATE OF kind")] {
                batch.push(format!("DROP TRIGGER outbox_messages_kind_known_{when}"));
                batch.push(format!(
                    "CREATE TRIGGER outbox_messages_kind_known_{when} BEFORE {event} ON outbox_messages
                     WHEN NOT (NEW.kind IN ({list}))
                     BEGIN SELECT RAISE(ABORT, 'outbox_messages.kind holds an unknown value'); END"
                ));
            }
            db.execute_unprepared(&batch.join(";\n")).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MessageThreads::Table)
                .col(pk_uuid(MessageThreads::Id))
                .col(uuid(MessageThreads::PracticeId))
                .col(uuid(MessageThreads::PatientId))
                .col(string(MessageThreads::Subject))
                .col(string(MessageThreads::Status).check(one_of(MessageThreads::Status, &["open", "closed"])))
                .col(uuid_null(MessageThreads::AssignedTo))
                .col(string(MessageThreads::StartedByType).check(one_of(MessageThreads::StartedByType, PARTIES)))
                .col(uuid(MessageThreads::StartedById))
                .col(timestamp_with_time_zone_null(MessageThreads::ClosedAt))
                // The newest message, kept on the thread so lists need no aggregate over messages.
                .col(uuid(MessageThreads::LastMessageId))
                // The newest message from a portal account: what staff have to read.
                .col(uuid_null(MessageThreads::LastPortalMessageId))
                .col(timestamp_with_time_zone(MessageThreads::LastMessageAt))
                .col(string(MessageThreads::Preview))
                .col(timestamp_with_time_zone(MessageThreads::CreatedAt))
                .col(timestamp_with_time_zone(MessageThreads::UpdatedAt))
                .foreign_key(&mut cascade(MessageThreads::Table, MessageThreads::PracticeId, Practices::Table))
                .foreign_key(&mut cascade(MessageThreads::Table, MessageThreads::PatientId, Patients::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_message_threads_inbox")
                .table(MessageThreads::Table)
                .col(MessageThreads::PracticeId)
                .col(MessageThreads::LastMessageAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_message_threads_patient")
                .table(MessageThreads::Table)
                .col(MessageThreads::PatientId)
                .col(MessageThreads::LastMessageAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ThreadParticipants::Table)
                .col(pk_uuid(ThreadParticipants::Id))
                .col(uuid(ThreadParticipants::PracticeId))
                .col(uuid(ThreadParticipants::ThreadId))
                .col(uuid(ThreadParticipants::AccountId))
                .col(
                    string(ThreadParticipants::Role)
                        .check(one_of(ThreadParticipants::Role, &["self", "guardian", "guarantor"])),
                )
                .col(string(ThreadParticipants::DisplayName))
                .col(timestamp_with_time_zone(ThreadParticipants::AddedAt))
                .foreign_key(&mut cascade(
                    ThreadParticipants::Table,
                    ThreadParticipants::ThreadId,
                    MessageThreads::Table,
                ))
                .foreign_key(&mut cascade(
                    ThreadParticipants::Table,
                    ThreadParticipants::AccountId,
                    PortalAccounts::Table,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_thread_participants")
                .table(ThreadParticipants::Table)
                .col(ThreadParticipants::ThreadId)
                .col(ThreadParticipants::AccountId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_thread_participants_account")
                .table(ThreadParticipants::Table)
                .col(ThreadParticipants::AccountId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ThreadMessages::Table)
                .col(pk_uuid(ThreadMessages::Id))
                .col(uuid(ThreadMessages::PracticeId))
                .col(uuid(ThreadMessages::ThreadId))
                .col(string(ThreadMessages::AuthorType).check(one_of(ThreadMessages::AuthorType, PARTIES)))
                .col(uuid(ThreadMessages::AuthorId))
                .col(string(ThreadMessages::AuthorName))
                .col(text(ThreadMessages::Body))
                .col(timestamp_with_time_zone(ThreadMessages::CreatedAt))
                .foreign_key(&mut cascade(ThreadMessages::Table, ThreadMessages::ThreadId, MessageThreads::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_thread_messages_thread")
                .table(ThreadMessages::Table)
                .col(ThreadMessages::ThreadId)
                .col(ThreadMessages::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ThreadReads::Table)
                .col(pk_uuid(ThreadReads::Id))
                .col(uuid(ThreadReads::PracticeId))
                .col(uuid(ThreadReads::ThreadId))
                .col(string(ThreadReads::ReaderType).check(one_of(ThreadReads::ReaderType, PARTIES)))
                .col(uuid(ThreadReads::ReaderId))
                .col(uuid(ThreadReads::LastReadMessageId))
                .col(timestamp_with_time_zone(ThreadReads::ReadAt))
                .foreign_key(&mut cascade(ThreadReads::Table, ThreadReads::ThreadId, MessageThreads::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_thread_reads_reader")
                .table(ThreadReads::Table)
                .col(ThreadReads::ThreadId)
                .col(ThreadReads::ReaderType)
                .col(ThreadReads::ReaderId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MessageNotices::Table)
                .col(pk_uuid(MessageNotices::AccountId))
                .col(uuid(MessageNotices::PracticeId))
                .col(timestamp_with_time_zone(MessageNotices::SentAt))
                .foreign_key(&mut cascade(MessageNotices::Table, MessageNotices::AccountId, PortalAccounts::Table))
                .to_owned(),
        )
        .await?;
        set_outbox_kinds(m, OUTBOX_KINDS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_outbox_kinds(m, OUTBOX_KINDS_BEFORE).await?;
        for table in [
            MessageNotices::Table.into_iden(),
            ThreadReads::Table.into_iden(),
            ThreadMessages::Table.into_iden(),
            ThreadParticipants::Table.into_iden(),
            MessageThreads::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
