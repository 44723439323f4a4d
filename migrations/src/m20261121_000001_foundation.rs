//! Tenants, staff identity and sessions, portal configuration, patients and contacts, scheduling
//! reference data, throttling counters and the append-only audit log.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Practices {
    Table,
    Id,
    Name,
    Slug,
    Timezone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PortalConfigs {
    Table,
    PracticeId,
    Settings,
    Version,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
    Id,
    PracticeId,
    Email,
    Name,
    PasswordHash,
    Roles,
    Active,
    FailedLoginCount,
    LastFailedLoginAt,
    LockedAt,
    LastLoginAt,
    PasswordChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
    PracticeId,
    SubjectType,
    SubjectId,
    CreatedAt,
    LastUsedAt,
    AbsoluteExpiresAt,
    RevokedAt,
    RevokedReason,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    IssuedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStartedAt,
    Count,
}

#[derive(DeriveIden)]
enum Patients {
    Table,
    Id,
    PracticeId,
    FirstName,
    LastName,
    PreferredName,
    DateOfBirth,
    Sex,
    GenderIdentity,
    Email,
    Phone,
    AddressLine1,
    AddressLine2,
    City,
    Region,
    PostalCode,
    NameKey,
    SearchText,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PatientContacts {
    Table,
    Id,
    PracticeId,
    PatientId,
    FirstName,
    LastName,
    Relationship,
    Email,
    Phone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Providers {
    Table,
    Id,
    PracticeId,
    Name,
    Credentials,
    Active,
}

#[derive(DeriveIden)]
enum Locations {
    Table,
    Id,
    PracticeId,
    Name,
    Address,
}

#[derive(DeriveIden)]
enum AppointmentTypes {
    Table,
    Id,
    PracticeId,
    Name,
    DurationMinutes,
    NewPatients,
    Active,
}

#[derive(DeriveIden)]
enum AvailabilityRules {
    Table,
    Id,
    PracticeId,
    ProviderId,
    LocationId,
    Weekday,
    StartMinute,
    EndMinute,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    PracticeId,
    ActorType,
    ActorId,
    ActorRole,
    PatientId,
    Action,
    ResourceType,
    ResourceId,
    Outcome,
    RequestId,
    Ip,
    UserAgent,
    Details,
}

fn practice_fk<T: IntoIden + 'static>(table: T, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Practices::Table, Practices::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Practices::Table)
                .col(pk_uuid(Practices::Id))
                .col(string(Practices::Name))
                .col(string_uniq(Practices::Slug))
                .col(string(Practices::Timezone))
                .col(timestamp_with_time_zone(Practices::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PortalConfigs::Table)
                .col(pk_uuid(PortalConfigs::PracticeId))
                .col(json(PortalConfigs::Settings))
                .col(integer(PortalConfigs::Version))
                .col(timestamp_with_time_zone(PortalConfigs::UpdatedAt))
                .col(uuid_null(PortalConfigs::UpdatedBy))
                .foreign_key(&mut practice_fk(PortalConfigs::Table, PortalConfigs::PracticeId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StaffUsers::Table)
                .col(pk_uuid(StaffUsers::Id))
                .col(uuid(StaffUsers::PracticeId))
                // Staff sign in with email alone, so an address names one user in the deployment.
                .col(string_uniq(StaffUsers::Email))
                .col(string(StaffUsers::Name))
                .col(string(StaffUsers::PasswordHash))
                .col(string(StaffUsers::Roles))
                .col(boolean(StaffUsers::Active))
                .col(integer(StaffUsers::FailedLoginCount))
                .col(timestamp_with_time_zone_null(StaffUsers::LastFailedLoginAt))
                .col(timestamp_with_time_zone_null(StaffUsers::LockedAt))
                .col(timestamp_with_time_zone_null(StaffUsers::LastLoginAt))
                .col(timestamp_with_time_zone(StaffUsers::PasswordChangedAt))
                .col(timestamp_with_time_zone(StaffUsers::CreatedAt))
                .col(timestamp_with_time_zone(StaffUsers::UpdatedAt))
                .foreign_key(&mut practice_fk(StaffUsers::Table, StaffUsers::PracticeId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_staff_users_practice")
                .table(StaffUsers::Table)
                .col(StaffUsers::PracticeId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuthSessions::Table)
                .col(pk_uuid(AuthSessions::Id))
                .col(uuid(AuthSessions::PracticeId))
                .col(string(AuthSessions::SubjectType))
                .col(uuid(AuthSessions::SubjectId))
                .col(timestamp_with_time_zone(AuthSessions::CreatedAt))
                .col(timestamp_with_time_zone(AuthSessions::LastUsedAt))
                .col(timestamp_with_time_zone(AuthSessions::AbsoluteExpiresAt))
                .col(timestamp_with_time_zone_null(AuthSessions::RevokedAt))
                .col(string_null(AuthSessions::RevokedReason))
                .foreign_key(&mut practice_fk(AuthSessions::Table, AuthSessions::PracticeId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_auth_sessions_subject")
                .table(AuthSessions::Table)
                .col(AuthSessions::SubjectType)
                .col(AuthSessions::SubjectId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_uuid(RefreshTokens::Id))
                .col(uuid(RefreshTokens::SessionId))
                .col(string_uniq(RefreshTokens::TokenHash))
                .col(timestamp_with_time_zone(RefreshTokens::IssuedAt))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::SessionId)
                        .to(AuthSessions::Table, AuthSessions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RateLimits::Table)
                .col(string(RateLimits::Key).primary_key())
                .col(timestamp_with_time_zone(RateLimits::WindowStartedAt))
                .col(integer(RateLimits::Count))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Patients::Table)
                .col(pk_uuid(Patients::Id))
                .col(uuid(Patients::PracticeId))
                .col(string(Patients::FirstName))
                .col(string(Patients::LastName))
                .col(string_null(Patients::PreferredName))
                .col(date(Patients::DateOfBirth))
                .col(string(Patients::Sex))
                .col(string_null(Patients::GenderIdentity))
                .col(string_null(Patients::Email))
                .col(string_null(Patients::Phone))
                .col(string(Patients::AddressLine1))
                .col(string(Patients::AddressLine2))
                .col(string(Patients::City))
                .col(string(Patients::Region))
                .col(string(Patients::PostalCode))
                // Lower-case "last first": the sort key behind cursor pages.
                .col(string(Patients::NameKey))
                // Lower-case names, email and phone digits, matched by search terms.
                .col(text(Patients::SearchText))
                .col(timestamp_with_time_zone(Patients::CreatedAt))
                .col(timestamp_with_time_zone(Patients::UpdatedAt))
                .foreign_key(&mut practice_fk(Patients::Table, Patients::PracticeId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_patients_practice_name")
                .table(Patients::Table)
                .col(Patients::PracticeId)
                .col(Patients::NameKey)
                .col(Patients::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_patients_practice_dob")
                .table(Patients::Table)
                .col(Patients::PracticeId)
                .col(Patients::DateOfBirth)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PatientContacts::Table)
                .col(pk_uuid(PatientContacts::Id))
                .col(uuid(PatientContacts::PracticeId))
                .col(uuid(PatientContacts::PatientId))
                .col(string(PatientContacts::FirstName))
                .col(string(PatientContacts::LastName))
                .col(string(PatientContacts::Relationship))
                .col(string_null(PatientContacts::Email))
                .col(string_null(PatientContacts::Phone))
                .col(timestamp_with_time_zone(PatientContacts::CreatedAt))
                .col(timestamp_with_time_zone(PatientContacts::UpdatedAt))
                .foreign_key(&mut practice_fk(PatientContacts::Table, PatientContacts::PracticeId))
                .foreign_key(
                    ForeignKey::create()
                        .from(PatientContacts::Table, PatientContacts::PatientId)
                        .to(Patients::Table, Patients::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_patient_contacts_patient")
                .table(PatientContacts::Table)
                .col(PatientContacts::PracticeId)
                .col(PatientContacts::PatientId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Providers::Table)
                .col(pk_uuid(Providers::Id))
                .col(uuid(Providers::PracticeId))
                .col(string(Providers::Name))
                .col(string_null(Providers::Credentials))
                .col(boolean(Providers::Active))
                .foreign_key(&mut practice_fk(Providers::Table, Providers::PracticeId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Locations::Table)
                .col(pk_uuid(Locations::Id))
                .col(uuid(Locations::PracticeId))
                .col(string(Locations::Name))
                .col(string(Locations::Address))
                .foreign_key(&mut practice_fk(Locations::Table, Locations::PracticeId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AppointmentTypes::Table)
                .col(pk_uuid(AppointmentTypes::Id))
                .col(uuid(AppointmentTypes::PracticeId))
                .col(string(AppointmentTypes::Name))
                .col(integer(AppointmentTypes::DurationMinutes))
                .col(boolean(AppointmentTypes::NewPatients))
                .col(boolean(AppointmentTypes::Active))
                .foreign_key(&mut practice_fk(AppointmentTypes::Table, AppointmentTypes::PracticeId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AvailabilityRules::Table)
                .col(pk_uuid(AvailabilityRules::Id))
                .col(uuid(AvailabilityRules::PracticeId))
                .col(uuid(AvailabilityRules::ProviderId))
                .col(uuid(AvailabilityRules::LocationId))
                // ISO weekday, 1 = Monday … 7 = Sunday, in the practice's time zone.
                .col(small_integer(AvailabilityRules::Weekday))
                // Minutes after local midnight.
                .col(integer(AvailabilityRules::StartMinute))
                .col(integer(AvailabilityRules::EndMinute))
                .foreign_key(&mut practice_fk(AvailabilityRules::Table, AvailabilityRules::PracticeId))
                .foreign_key(
                    ForeignKey::create()
                        .from(AvailabilityRules::Table, AvailabilityRules::ProviderId)
                        .to(Providers::Table, Providers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AvailabilityRules::Table, AvailabilityRules::LocationId)
                        .to(Locations::Table, Locations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        // No foreign keys: the audit trail outlives what it describes.
        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .col(pk_uuid(AuditEvents::Id))
                .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                .col(uuid_null(AuditEvents::PracticeId))
                .col(string(AuditEvents::ActorType))
                .col(uuid_null(AuditEvents::ActorId))
                .col(string_null(AuditEvents::ActorRole))
                .col(uuid_null(AuditEvents::PatientId))
                .col(string(AuditEvents::Action))
                .col(string(AuditEvents::ResourceType))
                .col(string_null(AuditEvents::ResourceId))
                .col(string(AuditEvents::Outcome))
                .col(string_null(AuditEvents::RequestId))
                .col(string_null(AuditEvents::Ip))
                .col(string_null(AuditEvents::UserAgent))
                .col(json(AuditEvents::Details))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_practice_time")
                .table(AuditEvents::Table)
                .col(AuditEvents::PracticeId)
                .col(AuditEvents::OccurredAt)
                .col(AuditEvents::Id)
                .to_owned(),
        )
        .await?;

        // Append-only, enforced by the database itself and not just by the absence of an endpoint.
        let db = m.get_connection();
        match m.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
                     BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql;
                     CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
                     FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // The foundation is never rolled back: it would destroy the audit trail.
        Err(DbErr::Migration("the foundation migration cannot be reverted".into()))
    }
}
