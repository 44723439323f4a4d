//! Pay links (PAY-5): a statement sent by email or text carries a single-purpose link that lets
//! whoever holds it pay that patient's balance without signing in, and do nothing else. The
//! token is kept only as its SHA-256; a link ends after 30 days, when staff revoke it, or when a
//! newer statement for the same patient replaces it. The outbox learns the `statement` kind.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261204_000008_messaging::set_outbox_kinds;
use crate::m20261208_000012_card_payments::OUTBOX_KINDS as OUTBOX_KINDS_BEFORE;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PayLinks {
    Table,
    Id,
    PracticeId,
    PatientId,
    TokenHash,
    RecipientName,
    SentTo,
    ContactId,
    StaffUserId,
    BalanceAtSend,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
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
enum StaffUsers {
    Table,
}

fn fk(col: PayLinks, to: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(PayLinks::Table, col)
        .to(to, Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PayLinks::Table)
                .col(pk_uuid(PayLinks::Id))
                .col(uuid(PayLinks::PracticeId))
                .col(uuid(PayLinks::PatientId))
                .col(string(PayLinks::TokenHash).unique_key())
                // Who the statement was addressed to: the receipt's "paid by".
                .col(string(PayLinks::RecipientName))
                // Where it went (an email address and/or a phone), for the receipt and staff.
                .col(string(PayLinks::SentTo))
                .col(uuid_null(PayLinks::ContactId))
                .col(uuid(PayLinks::StaffUserId))
                .col(big_integer(PayLinks::BalanceAtSend))
                .col(timestamp_with_time_zone(PayLinks::CreatedAt))
                .col(timestamp_with_time_zone(PayLinks::ExpiresAt))
                .col(timestamp_with_time_zone_null(PayLinks::RevokedAt))
                .foreign_key(&mut fk(PayLinks::PracticeId, Practices::Table))
                .foreign_key(&mut fk(PayLinks::PatientId, Patients::Table))
                .foreign_key(&mut fk(PayLinks::StaffUserId, StaffUsers::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pay_links_patient")
                .table(PayLinks::Table)
                .col(PayLinks::PatientId)
                .col(PayLinks::CreatedAt)
                .to_owned(),
        )
        .await?;
        let mut kinds = OUTBOX_KINDS_BEFORE.to_vec();
        kinds.push("statement");
        set_outbox_kinds(m, &kinds).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_outbox_kinds(m, OUTBOX_KINDS_BEFORE).await?;
        m.drop_table(Table::drop().table(PayLinks::Table).to_owned()).await
    }
}
