//! A staff email is unique within its practice, not across the deployment (security review, item
//! 9): with one address space for every practice, an admin of one could learn who works at
//! another from the "already taken" answer. Sign-in names the practice when an address is used by
//! more than one.
//!
//! PostgreSQL drops the column's unique constraint. SQLite cannot drop a column constraint, so the
//! table is rebuilt from its own stored definition (nothing references it by foreign key), and
//! its indexes and triggers are re-created as they were.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const BY_PRACTICE: &str = "CREATE UNIQUE INDEX ux_staff_users_practice_email ON staff_users (practice_id, email)";
const BY_EMAIL: &str = "CREATE INDEX ix_staff_users_email ON staff_users (email)";

/// `sql` from `sqlite_master` for the staff table's objects of `kind`.
async fn sqlite_objects(db: &SchemaManagerConnection<'_>, kind: &str) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = 'staff_users' AND sql IS NOT NULL",
            [kind.into()],
        ))
        .await?;
    rows.iter().map(|r| r.try_get::<String>("", "sql")).collect()
}

/// The table's definition without the UNIQUE on `email`; refuses to guess if the shape differs.
fn without_email_unique(create: &str) -> Result<String, DbErr> {
    let start = create.find("\"email\"").ok_or_else(|| DbErr::Migration("staff_users has no email column".into()))?;
    let end = start + create[start..].find(',').unwrap_or(create.len() - start);
    let column = &create[start..end];
    if !column.contains(" UNIQUE") {
        return Err(DbErr::Migration(format!("unexpected staff_users.email definition: {column}")));
    }
    let renamed = create.replacen("\"staff_users\"", "\"staff_users_rebuilt\"", 1);
    let shift = renamed.len() - create.len();
    let (start, end) = (start + shift, end + shift);
    Ok(format!("{}{}{}", &renamed[..start], renamed[start..end].replacen(" UNIQUE", "", 1), &renamed[end..]))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("ALTER TABLE staff_users DROP CONSTRAINT staff_users_email_key").await?;
            }
            _ => {
                let table = sqlite_objects(db, "table").await?;
                let create = without_email_unique(table.first().map_or("", String::as_str))?;
                let indexes = sqlite_objects(db, "index").await?;
                let triggers = sqlite_objects(db, "trigger").await?;
                // One batch on one connection, inside a savepoint: a pooled connection holding an
                // older read snapshot would still see the old table when the new one is renamed.
                let mut batch = vec![
                    "SAVEPOINT staff_email_per_practice".to_owned(),
                    create,
                    "INSERT INTO staff_users_rebuilt SELECT * FROM staff_users".to_owned(),
                    "DROP TABLE staff_users".to_owned(),
                    "ALTER TABLE staff_users_rebuilt RENAME TO staff_users".to_owned(),
                ];
                batch.extend(indexes.into_iter().chain(triggers));
                batch.push("RELEASE staff_email_per_practice".to_owned());
                db.execute_unprepared(&batch.join(";\n")).await?;
            }
        }
        db.execute_unprepared(BY_PRACTICE).await?;
        db.execute_unprepared(BY_EMAIL).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX ux_staff_users_practice_email").await?;
        db.execute_unprepared("DROP INDEX ix_staff_users_email").await?;
        // Fails, as it should, if an address is now used in two practices.
        db.execute_unprepared("CREATE UNIQUE INDEX staff_users_email_key ON staff_users (email)").await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_email_unique_goes() {
        let create = r#"CREATE TABLE "staff_users" ( "id" uuid_text NOT NULL PRIMARY KEY, "email" varchar NOT NULL UNIQUE, "name" varchar NOT NULL UNIQUE )"#;
        assert_eq!(
            without_email_unique(create).unwrap(),
            r#"CREATE TABLE "staff_users_rebuilt" ( "id" uuid_text NOT NULL PRIMARY KEY, "email" varchar NOT NULL, "name" varchar NOT NULL UNIQUE )"#
        );
        assert!(without_email_unique(r#"CREATE TABLE "staff_users" ( "email" varchar NOT NULL )"#).is_err());
    }
}
