//! Portal accounts and how people get one: invitations with their links, registration progress
//! and verification codes, grants `(patient, role)`, and password-reset links (SPEC §1–§3, §5).
//! Every token and code is stored only as a hash.
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PortalAccounts {
    Table,
    Id,
    PracticeId,
    Email,
    PasswordHash,
    Phone,
    EmailVerifiedAt,
    PhoneVerifiedAt,
    TermsAcceptedAt,
    RegisteredAt,
    FailedLoginCount,
    LastFailedLoginAt,
    LockedAt,
    LastLoginAt,
    PasswordChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    PracticeId,
    PatientId,
    ContactId,
    Role,
    Origin,
    InviteeFirstName,
    InviteeLastName,
    Email,
    Phone,
    Channels,
    CreatedBy,
    CreatedAt,
    LastSentAt,
    SendCount,
    ExpiresAt,
    RevokedAt,
    RevokedBy,
    AcceptedAt,
    AccountId,
    PasswordHash,
    EmailVerifiedAt,
    VerifyPhone,
    PhoneVerifiedAt,
}

#[derive(DeriveIden)]
enum InvitationTokens {
    Table,
    Id,
    InvitationId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum VerificationCodes {
    Table,
    Id,
    InvitationId,
    Channel,
    Destination,
    CodeHash,
    CreatedAt,
    ExpiresAt,
    Attempts,
    ConsumedAt,
}

#[derive(DeriveIden)]
enum PortalGrants {
    Table,
    Id,
    PracticeId,
    AccountId,
    PatientId,
    Role,
    InvitationId,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum PasswordResetTokens {
    Table,
    Id,
    AccountId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
}

#[derive(DeriveIden)]
enum Patients {
    Table,
}

fn cascade(from: impl IntoIden, col: impl IntoIden, to: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, Alias::new("id")).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PortalAccounts::Table)
                .col(pk_uuid(PortalAccounts::Id))
                .col(uuid(PortalAccounts::PracticeId))
                .col(string(PortalAccounts::Email))
                .col(string(PortalAccounts::PasswordHash))
                .col(string_null(PortalAccounts::Phone))
                .col(timestamp_with_time_zone_null(PortalAccounts::EmailVerifiedAt))
                .col(timestamp_with_time_zone_null(PortalAccounts::PhoneVerifiedAt))
                .col(timestamp_with_time_zone_null(PortalAccounts::TermsAcceptedAt))
                // Null until the first registration completes; such an account cannot sign in.
                .col(timestamp_with_time_zone_null(PortalAccounts::RegisteredAt))
                .col(integer(PortalAccounts::FailedLoginCount))
                .col(timestamp_with_time_zone_null(PortalAccounts::LastFailedLoginAt))
                .col(timestamp_with_time_zone_null(PortalAccounts::LockedAt))
                .col(timestamp_with_time_zone_null(PortalAccounts::LastLoginAt))
                .col(timestamp_with_time_zone(PortalAccounts::PasswordChangedAt))
                .col(timestamp_with_time_zone(PortalAccounts::CreatedAt))
                .col(timestamp_with_time_zone(PortalAccounts::UpdatedAt))
                .foreign_key(&mut cascade(PortalAccounts::Table, PortalAccounts::PracticeId, Practices::Table))
                .to_owned(),
        )
        .await?;
        // An email is one account per practice: sign-in names the practice, then the email.
        m.create_index(
            Index::create()
                .name("ux_portal_accounts_practice_email")
                .table(PortalAccounts::Table)
                .col(PortalAccounts::PracticeId)
                .col(PortalAccounts::Email)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Invitations::Table)
                .col(pk_uuid(Invitations::Id))
                .col(uuid(Invitations::PracticeId))
                .col(uuid(Invitations::PatientId))
                // Absent for the patient themself; a contact may later be deleted, so no FK.
                .col(uuid_null(Invitations::ContactId))
                .col(string(Invitations::Role))
                .col(string(Invitations::Origin))
                .col(string(Invitations::InviteeFirstName))
                .col(string(Invitations::InviteeLastName))
                .col(string_null(Invitations::Email))
                .col(string_null(Invitations::Phone))
                .col(string(Invitations::Channels))
                .col(uuid(Invitations::CreatedBy))
                .col(timestamp_with_time_zone(Invitations::CreatedAt))
                .col(timestamp_with_time_zone(Invitations::LastSentAt))
                .col(integer(Invitations::SendCount))
                // The newest link's expiry: the invitation is usable until then.
                .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                .col(timestamp_with_time_zone_null(Invitations::RevokedAt))
                .col(uuid_null(Invitations::RevokedBy))
                .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                // Registration progress (REG-2): stored here so any link resumes it.
                .col(uuid_null(Invitations::AccountId))
                // The password chosen at step 1, moved to the account only when this registrant
                // completes: nobody can set the password of an account they cannot finish.
                .col(string_null(Invitations::PasswordHash))
                .col(timestamp_with_time_zone_null(Invitations::EmailVerifiedAt))
                .col(string_null(Invitations::VerifyPhone))
                .col(timestamp_with_time_zone_null(Invitations::PhoneVerifiedAt))
                .foreign_key(&mut cascade(Invitations::Table, Invitations::PracticeId, Practices::Table))
                .foreign_key(&mut cascade(Invitations::Table, Invitations::PatientId, Patients::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_invitations_patient")
                .table(Invitations::Table)
                .col(Invitations::PracticeId)
                .col(Invitations::PatientId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InvitationTokens::Table)
                .col(pk_uuid(InvitationTokens::Id))
                .col(uuid(InvitationTokens::InvitationId))
                .col(string_uniq(InvitationTokens::TokenHash))
                .col(timestamp_with_time_zone(InvitationTokens::CreatedAt))
                .col(timestamp_with_time_zone(InvitationTokens::ExpiresAt))
                .foreign_key(&mut cascade(InvitationTokens::Table, InvitationTokens::InvitationId, Invitations::Table))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(VerificationCodes::Table)
                .col(pk_uuid(VerificationCodes::Id))
                .col(uuid(VerificationCodes::InvitationId))
                .col(string(VerificationCodes::Channel))
                .col(string(VerificationCodes::Destination))
                .col(string(VerificationCodes::CodeHash))
                .col(timestamp_with_time_zone(VerificationCodes::CreatedAt))
                .col(timestamp_with_time_zone(VerificationCodes::ExpiresAt))
                .col(integer(VerificationCodes::Attempts))
                .col(timestamp_with_time_zone_null(VerificationCodes::ConsumedAt))
                .foreign_key(&mut cascade(
                    VerificationCodes::Table,
                    VerificationCodes::InvitationId,
                    Invitations::Table,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_verification_codes_invitation")
                .table(VerificationCodes::Table)
                .col(VerificationCodes::InvitationId)
                .col(VerificationCodes::Channel)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PortalGrants::Table)
                .col(pk_uuid(PortalGrants::Id))
                .col(uuid(PortalGrants::PracticeId))
                .col(uuid(PortalGrants::AccountId))
                .col(uuid(PortalGrants::PatientId))
                .col(string(PortalGrants::Role))
                .col(uuid_null(PortalGrants::InvitationId))
                .col(timestamp_with_time_zone(PortalGrants::CreatedAt))
                .col(timestamp_with_time_zone_null(PortalGrants::RevokedAt))
                .foreign_key(&mut cascade(PortalGrants::Table, PortalGrants::PracticeId, Practices::Table))
                .foreign_key(&mut cascade(PortalGrants::Table, PortalGrants::AccountId, PortalAccounts::Table))
                .foreign_key(&mut cascade(PortalGrants::Table, PortalGrants::PatientId, Patients::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_portal_grants_account_patient_role")
                .table(PortalGrants::Table)
                .col(PortalGrants::AccountId)
                .col(PortalGrants::PatientId)
                .col(PortalGrants::Role)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_portal_grants_patient")
                .table(PortalGrants::Table)
                .col(PortalGrants::PracticeId)
                .col(PortalGrants::PatientId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PasswordResetTokens::Table)
                .col(pk_uuid(PasswordResetTokens::Id))
                .col(uuid(PasswordResetTokens::AccountId))
                .col(string_uniq(PasswordResetTokens::TokenHash))
                .col(timestamp_with_time_zone(PasswordResetTokens::CreatedAt))
                .col(timestamp_with_time_zone(PasswordResetTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(PasswordResetTokens::UsedAt))
                .foreign_key(&mut cascade(
                    PasswordResetTokens::Table,
                    PasswordResetTokens::AccountId,
                    PortalAccounts::Table,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PasswordResetTokens::Table.into_iden(),
            PortalGrants::Table.into_iden(),
            VerificationCodes::Table.into_iden(),
            InvitationTokens::Table.into_iden(),
            Invitations::Table.into_iden(),
            PortalAccounts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
