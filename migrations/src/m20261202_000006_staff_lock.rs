//! Staff can lock a portal account (issue 9, item 1). `locked_by` names who did: a lock from
//! failed sign-ins (empty) ends with a password reset, a lock by staff only when staff unlock it.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PortalAccounts {
    Table,
    LockedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(PortalAccounts::Table)
                .add_column(ColumnDef::new(PortalAccounts::LockedBy).uuid().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(PortalAccounts::Table).drop_column(PortalAccounts::LockedBy).to_owned())
            .await
    }
}
