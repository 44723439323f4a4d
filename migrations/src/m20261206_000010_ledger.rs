//! The patient ledger (PAY-1, PAY-2): charges, payments, adjustments and refunds in integer minor
//! units with their currency. Append-only, enforced by the database as for the audit trail:
//! a correction is a new entry (an adjustment or a refund), never an edit. `effect` is the signed
//! change to the balance (charges and refunds add, payments take away, adjustments either), so a
//! balance is one SUM over the patient's entries.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    PracticeId,
    PatientId,
    Kind,
    Amount,
    Effect,
    Currency,
    DateOfService,
    Description,
    ProcedureCode,
    ProviderId,
    RefundOf,
    PostedByType,
    PostedById,
    PostedByName,
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
enum Providers {
    Table,
}

fn to(col: LedgerEntries, table: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(LedgerEntries::Table, col).to(table, Alias::new("id")).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let kinds = ["charge", "payment", "adjustment", "refund"];
        m.create_table(
            Table::create()
                .table(LedgerEntries::Table)
                .col(pk_uuid(LedgerEntries::Id))
                .col(uuid(LedgerEntries::PracticeId))
                .col(uuid(LedgerEntries::PatientId))
                .col(string(LedgerEntries::Kind).check(Expr::col(LedgerEntries::Kind).is_in(kinds)))
                // What was charged, paid, adjusted or refunded, as entered (adjustments signed).
                .col(big_integer(LedgerEntries::Amount))
                .col(big_integer(LedgerEntries::Effect))
                .col(string_len(LedgerEntries::Currency, 3))
                .col(date_null(LedgerEntries::DateOfService))
                .col(string(LedgerEntries::Description))
                .col(string_null(LedgerEntries::ProcedureCode))
                .col(uuid_null(LedgerEntries::ProviderId))
                .col(uuid_null(LedgerEntries::RefundOf))
                .col(
                    string(LedgerEntries::PostedByType)
                        .check(Expr::col(LedgerEntries::PostedByType).is_in(["staff", "portal"])),
                )
                .col(uuid(LedgerEntries::PostedById))
                .col(string(LedgerEntries::PostedByName))
                .col(timestamp_with_time_zone(LedgerEntries::CreatedAt))
                // The sign of each kind, in the table itself.
                .check(Expr::cust(
                    "(kind = 'charge' AND amount > 0 AND effect = amount AND date_of_service IS NOT NULL) \
                     OR (kind = 'payment' AND amount > 0 AND effect = -amount) \
                     OR (kind = 'refund' AND amount > 0 AND effect = amount AND refund_of IS NOT NULL) \
                     OR (kind = 'adjustment' AND amount <> 0 AND effect = amount)",
                ))
                .foreign_key(&mut to(LedgerEntries::PracticeId, Practices::Table))
                .foreign_key(&mut to(LedgerEntries::PatientId, Patients::Table))
                .foreign_key(&mut to(LedgerEntries::ProviderId, Providers::Table))
                .foreign_key(&mut to(LedgerEntries::RefundOf, LedgerEntries::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_ledger_patient")
                .table(LedgerEntries::Table)
                .col(LedgerEntries::PatientId)
                .col(LedgerEntries::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_ledger_practice")
                .table(LedgerEntries::Table)
                .col(LedgerEntries::PracticeId)
                .col(LedgerEntries::PatientId)
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION ledger_entries_append_only() RETURNS trigger AS $$
                     BEGIN RAISE EXCEPTION 'ledger_entries is append-only'; END; $$ LANGUAGE plpgsql;
                     CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
                     FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
                     BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
                     CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
                     BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection().execute_unprepared("DROP TRIGGER ledger_entries_no_change ON ledger_entries").await?;
            m.get_connection().execute_unprepared("DROP FUNCTION ledger_entries_append_only()").await?;
        }
        m.drop_table(Table::drop().table(LedgerEntries::Table).to_owned()).await
    }
}
