//! Paying by card (PAY-1…4): saved cards per portal account, card payments and refunds as
//! attempts with a status (the ledger, append-only, only gets an entry once the gateway said yes),
//! the `receipt` outbox kind, and at the sandbox gateway single-use tokens (a token charges once
//! unless the card was saved, as at a real gateway) and refunds unique by idempotency key.
//!
//! A payment or refund row is written `pending` before the gateway is called: it reserves its
//! amount, so two payments at once can never take more than the balance, and a request that died
//! mid-way is resumed with the same gateway idempotency key rather than charged again.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261204_000008_messaging::{self as messaging, set_outbox_kinds};

/// The outbox kinds from here on: messaging's and `receipt`.
pub(crate) const OUTBOX_KINDS: &[&str] =
    &["invitation", "verification_code", "password_reset", "outreach", "message_notice", "receipt"];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PaymentMethods {
    Table,
    Id,
    PracticeId,
    AccountId,
    Gateway,
    Token,
    CustomerRef,
    Brand,
    Last4,
    ExpMonth,
    ExpYear,
    IsDefault,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CardPayments {
    Table,
    Id,
    PracticeId,
    PatientId,
    PayerType,
    PayerId,
    PayerName,
    IdempotencyScope,
    IdempotencyKey,
    Fingerprint,
    Gateway,
    GatewayKey,
    Amount,
    Currency,
    Token,
    PaymentMethodId,
    SaveCard,
    Status,
    DeclineCode,
    GatewayChargeId,
    Brand,
    Last4,
    ConsentNote,
    LedgerEntryId,
    CreatedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum Refunds {
    Table,
    Id,
    PracticeId,
    PatientId,
    PaymentEntryId,
    CardPaymentId,
    Amount,
    Reason,
    Status,
    IdempotencyScope,
    IdempotencyKey,
    Fingerprint,
    GatewayKey,
    GatewayRefundId,
    StaffUserId,
    LedgerEntryId,
    CreatedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum SandboxCards {
    Table,
    Attached,
    UsedAt,
}

#[derive(DeriveIden)]
enum SandboxRefunds {
    Table,
    Id,
    IdempotencyKey,
    ChargeId,
    Amount,
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
enum PortalAccounts {
    Table,
}

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
}

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
}

fn fk(
    from: impl IntoIden,
    col: impl IntoIden,
    to: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, Alias::new("id")).on_delete(on_delete).to_owned()
}

fn one_of(column: impl IntoIden, names: &[&str]) -> SimpleExpr {
    Expr::col(column.into_iden()).is_in(names.iter().copied())
}

fn index(name: &str, table: impl IntoIden, cols: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        m.create_table(
            Table::create()
                .table(PaymentMethods::Table)
                .col(pk_uuid(PaymentMethods::Id))
                .col(uuid(PaymentMethods::PracticeId))
                .col(uuid(PaymentMethods::AccountId))
                .col(string(PaymentMethods::Gateway))
                // The gateway's reusable reference (a saved sandbox token, a Stripe payment method).
                .col(string(PaymentMethods::Token))
                .col(string_null(PaymentMethods::CustomerRef))
                .col(string(PaymentMethods::Brand))
                .col(string_len(PaymentMethods::Last4, 4))
                .col(integer(PaymentMethods::ExpMonth))
                .col(integer(PaymentMethods::ExpYear))
                .col(boolean(PaymentMethods::IsDefault))
                .col(timestamp_with_time_zone(PaymentMethods::CreatedAt))
                .foreign_key(&mut fk(PaymentMethods::Table, PaymentMethods::PracticeId, Practices::Table, Cascade))
                .foreign_key(&mut fk(PaymentMethods::Table, PaymentMethods::AccountId, PortalAccounts::Table, Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_payment_methods_account", PaymentMethods::Table, &["account_id", "created_at"]))
            .await?;
        // At most one default card per account, whatever runs at once.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_payment_methods_default ON payment_methods (account_id) WHERE is_default",
            )
            .await?;

        m.create_table(
            Table::create()
                .table(CardPayments::Table)
                .col(pk_uuid(CardPayments::Id))
                .col(uuid(CardPayments::PracticeId))
                .col(uuid(CardPayments::PatientId))
                .col(
                    string(CardPayments::PayerType)
                        .check(one_of(CardPayments::PayerType, &["portal", "staff", "pay_link"])),
                )
                .col(uuid_null(CardPayments::PayerId))
                .col(string(CardPayments::PayerName))
                .col(string(CardPayments::IdempotencyScope))
                .col(string(CardPayments::IdempotencyKey))
                .col(string(CardPayments::Fingerprint))
                .col(string(CardPayments::Gateway))
                .col(string(CardPayments::GatewayKey).unique_key())
                .col(big_integer(CardPayments::Amount).check(Expr::col(CardPayments::Amount).gt(0)))
                .col(string_len(CardPayments::Currency, 3))
                .col(string(CardPayments::Token))
                .col(uuid_null(CardPayments::PaymentMethodId))
                .col(boolean(CardPayments::SaveCard))
                .col(
                    string(CardPayments::Status)
                        .check(one_of(CardPayments::Status, &["pending", "succeeded", "declined", "failed"])),
                )
                .col(string_null(CardPayments::DeclineCode))
                .col(string_null(CardPayments::GatewayChargeId))
                .col(string_null(CardPayments::Brand))
                .col(string_null(CardPayments::Last4))
                .col(string_null(CardPayments::ConsentNote))
                .col(uuid_null(CardPayments::LedgerEntryId))
                .col(timestamp_with_time_zone(CardPayments::CreatedAt))
                .col(timestamp_with_time_zone_null(CardPayments::CompletedAt))
                .check(Expr::cust("(status = 'succeeded') = (ledger_entry_id IS NOT NULL)"))
                .foreign_key(&mut fk(CardPayments::Table, CardPayments::PracticeId, Practices::Table, Restrict))
                .foreign_key(&mut fk(CardPayments::Table, CardPayments::PatientId, Patients::Table, Restrict))
                .foreign_key(&mut fk(
                    CardPayments::Table,
                    CardPayments::PaymentMethodId,
                    PaymentMethods::Table,
                    SetNull,
                ))
                .foreign_key(&mut fk(CardPayments::Table, CardPayments::LedgerEntryId, LedgerEntries::Table, Restrict))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_card_payments_key", CardPayments::Table, &["idempotency_scope", "idempotency_key"]))
            .await?;
        m.create_index(index("ix_card_payments_patient", CardPayments::Table, &["patient_id", "status"])).await?;
        m.create_index(index("ix_card_payments_entry", CardPayments::Table, &["ledger_entry_id"])).await?;

        m.create_table(
            Table::create()
                .table(Refunds::Table)
                .col(pk_uuid(Refunds::Id))
                .col(uuid(Refunds::PracticeId))
                .col(uuid(Refunds::PatientId))
                .col(uuid(Refunds::PaymentEntryId))
                .col(uuid_null(Refunds::CardPaymentId))
                .col(big_integer(Refunds::Amount).check(Expr::col(Refunds::Amount).gt(0)))
                .col(string(Refunds::Reason))
                .col(string(Refunds::Status).check(one_of(Refunds::Status, &["pending", "succeeded", "failed"])))
                .col(string(Refunds::IdempotencyScope))
                .col(string(Refunds::IdempotencyKey))
                .col(string(Refunds::Fingerprint))
                .col(string(Refunds::GatewayKey).unique_key())
                .col(string_null(Refunds::GatewayRefundId))
                .col(uuid(Refunds::StaffUserId))
                .col(uuid_null(Refunds::LedgerEntryId))
                .col(timestamp_with_time_zone(Refunds::CreatedAt))
                .col(timestamp_with_time_zone_null(Refunds::CompletedAt))
                .check(Expr::cust("(status = 'succeeded') = (ledger_entry_id IS NOT NULL)"))
                .foreign_key(&mut fk(Refunds::Table, Refunds::PracticeId, Practices::Table, Restrict))
                .foreign_key(&mut fk(Refunds::Table, Refunds::PatientId, Patients::Table, Restrict))
                .foreign_key(&mut fk(Refunds::Table, Refunds::PaymentEntryId, LedgerEntries::Table, Restrict))
                .foreign_key(&mut fk(Refunds::Table, Refunds::CardPaymentId, CardPayments::Table, Restrict))
                .foreign_key(&mut fk(Refunds::Table, Refunds::StaffUserId, StaffUsers::Table, Restrict))
                .foreign_key(&mut fk(Refunds::Table, Refunds::LedgerEntryId, LedgerEntries::Table, Restrict))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ix_refunds_key", Refunds::Table, &["idempotency_scope", "idempotency_key"])).await?;
        m.create_index(index("ix_refunds_payment", Refunds::Table, &["payment_entry_id", "status"])).await?;

        m.alter_table(
            Table::alter()
                .table(SandboxCards::Table)
                .add_column(ColumnDef::new(SandboxCards::Attached).boolean().not_null().default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SandboxCards::Table)
                .add_column(ColumnDef::new(SandboxCards::UsedAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SandboxRefunds::Table)
                .col(pk_uuid(SandboxRefunds::Id))
                .col(string(SandboxRefunds::IdempotencyKey).unique_key())
                .col(uuid(SandboxRefunds::ChargeId))
                .col(big_integer(SandboxRefunds::Amount))
                .col(timestamp_with_time_zone(SandboxRefunds::CreatedAt))
                .to_owned(),
        )
        .await?;
        set_outbox_kinds(m, OUTBOX_KINDS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_outbox_kinds(m, messaging::OUTBOX_KINDS).await?;
        for col in [SandboxCards::UsedAt, SandboxCards::Attached] {
            m.alter_table(Table::alter().table(SandboxCards::Table).drop_column(col).to_owned()).await?;
        }
        for t in [
            SandboxRefunds::Table.into_iden(),
            Refunds::Table.into_iden(),
            CardPayments::Table.into_iden(),
            PaymentMethods::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
