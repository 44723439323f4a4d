//! Portico's schema, one file per migration. Never edit a migration that has been applied:
//! add a new one. The same migrations run on SQLite and PostgreSQL; where PostgreSQL offers a
//! stronger guarantee a migration may add it there only (see each file).
pub use sea_orm_migration::prelude::*;

mod m20261121_000001_foundation;
mod m20261121_000002_outbox;
mod m20261121_000003_portal_accounts;
mod m20261121_000004_outreach;
mod m20261201_000005_typed_values;
mod m20261202_000006_staff_lock;
mod m20261203_000007_staff_email_per_practice;
mod m20261204_000008_messaging;
mod m20261205_000009_files;
mod m20261206_000010_ledger;
mod m20261207_000011_idempotency_and_sandbox;
mod m20261208_000012_card_payments;
mod m20261209_000013_pay_links;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_foundation::Migration),
            Box::new(m20261121_000002_outbox::Migration),
            Box::new(m20261121_000003_portal_accounts::Migration),
            Box::new(m20261121_000004_outreach::Migration),
            Box::new(m20261201_000005_typed_values::Migration),
            Box::new(m20261202_000006_staff_lock::Migration),
            Box::new(m20261203_000007_staff_email_per_practice::Migration),
            Box::new(m20261204_000008_messaging::Migration),
            Box::new(m20261205_000009_files::Migration),
            Box::new(m20261206_000010_ledger::Migration),
            Box::new(m20261207_000011_idempotency_and_sandbox::Migration),
            Box::new(m20261208_000012_card_payments::Migration),
            Box::new(m20261209_000013_pay_links::Migration),
        ]
    }
}
