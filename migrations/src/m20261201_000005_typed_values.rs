//! Stored enums accept only their known names (typed columns in the entities read them back and
//! fail on anything else). PostgreSQL gets CHECK constraints; SQLite cannot add a constraint to an
//! existing table without rebuilding it (and every foreign key that points at it), so it gets the
//! same condition as BEFORE INSERT/UPDATE triggers that abort the statement.
//!
//! The names are frozen here on purpose: a new role or status is a new migration.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One name per row (`IN (…)`), or a comma-separated set of names (`admin,billing`).
enum Shape {
    One,
    Set,
}

const CHECKS: &[(&str, &str, Shape, &[&str])] = &[
    ("staff_users", "roles", Shape::Set, &["admin", "front_desk", "billing", "clinician"]),
    ("invitations", "role", Shape::One, &["self", "guardian", "guarantor"]),
    ("invitations", "origin", Shape::One, &["facesheet", "patient_responsibility", "outreach"]),
    ("invitations", "channels", Shape::Set, &["email", "sms"]),
    ("portal_grants", "role", Shape::One, &["self", "guardian", "guarantor"]),
    ("patient_contacts", "relationship", Shape::One, &["guardian", "guarantor", "emergency", "other"]),
    ("patients", "sex", Shape::One, &["female", "male", "other", "unknown"]),
    ("outreach_templates", "channel", Shape::One, &["email", "sms"]),
    ("verification_codes", "channel", Shape::One, &["email", "sms"]),
    ("outbox_messages", "kind", Shape::One, &["invitation", "verification_code", "password_reset", "outreach"]),
    ("outbox_messages", "channel", Shape::One, &["email", "sms"]),
    ("outbox_messages", "status", Shape::One, &["pending", "sending", "sent", "failed"]),
    ("audit_events", "actor_type", Shape::One, &["staff", "portal", "anonymous", "system"]),
    ("audit_events", "outcome", Shape::One, &["success", "failure", "denied"]),
];

/// The condition on `column` (`col` on PostgreSQL, `NEW.col` in a SQLite trigger). A set is
/// valid when removing each known `,name,` from `,value,` leaves a single comma.
fn condition(column: &str, shape: &Shape, names: &[&str]) -> String {
    match shape {
        Shape::One => {
            let list: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            format!("{column} IN ({})", list.join(", "))
        }
        Shape::Set => {
            let mut expr = format!("(',' || {column} || ',')");
            for n in names {
                expr = format!("replace({expr}, ',{n},', ',')");
            }
            format!("{column} <> '' AND {expr} = ','")
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (table, column, shape, names) in CHECKS {
            match m.get_database_backend() {
                DatabaseBackend::Postgres => {
                    let check = condition(column, shape, names);
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_known CHECK ({check})"
                    ))
                    .await?;
                }
                _ => {
                    let check = condition(&format!("NEW.{column}"), shape, names);
                    for (when, event) in [("insert", "INSERT".to_owned()), ("update", format!("UPDATE OF {column}"))] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_{column}_known_{when} BEFORE {event} ON {table}
                             WHEN NOT ({check})
                             BEGIN SELECT RAISE(ABORT, '{table}.{column} holds an unknown value'); END;"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (table, column, _, _) in CHECKS {
            match m.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!("ALTER TABLE {table} DROP CONSTRAINT {table}_{column}_known"))
                        .await?;
                }
                _ => {
                    for when in ["insert", "update"] {
                        db.execute_unprepared(&format!("DROP TRIGGER {table}_{column}_known_{when}")).await?;
                    }
                }
            }
        }
        Ok(())
    }
}
