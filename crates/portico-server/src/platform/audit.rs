//! The append-only audit trail (AUD-1). Records are written with the same connection (so in the
//! same transaction) as the change they describe, and carry ids and outcomes, never PHI values.
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::Value;
use uuid::Uuid;

use crate::entities::audit_events;
pub use crate::entities::values::{ActorKind, Outcome};
use crate::platform::request::RequestMeta;

/// Who acted, for which practice.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
    pub role: Option<String>,
    pub practice_id: Option<Uuid>,
    pub meta: RequestMeta,
}

impl Actor {
    pub fn anonymous(meta: RequestMeta, practice_id: Option<Uuid>) -> Self {
        Self { kind: ActorKind::Anonymous, id: None, role: None, practice_id, meta }
    }

    pub fn system(practice_id: Uuid) -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            role: None,
            practice_id: Some(practice_id),
            meta: RequestMeta::default(),
        }
    }
}

/// What happened, with the ids it concerns: one variant per audited action. The stored action
/// name (`patient.update`) and resource follow from the variant, so a call site cannot misspell
/// one or forget the patient a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    PatientCreate {
        patient: Uuid,
    },
    PatientRead {
        patient: Uuid,
    },
    PatientUpdate {
        patient: Uuid,
    },
    PatientSearch,
    ContactList {
        patient: Uuid,
    },
    ContactCreate {
        patient: Uuid,
        contact: Uuid,
    },
    ContactUpdate {
        patient: Uuid,
        contact: Uuid,
    },
    ContactDelete {
        patient: Uuid,
        contact: Uuid,
    },
    InvitationCreate {
        invitation: Uuid,
        patient: Uuid,
    },
    InvitationResend {
        invitation: Uuid,
        patient: Uuid,
    },
    InvitationRevoke {
        invitation: Uuid,
        patient: Uuid,
    },
    InvitationList {
        patient: Uuid,
    },
    /// A portal account's access to a patient ended (its source changed, or staff revoked it).
    GrantRevoke {
        grant: Uuid,
        patient: Uuid,
    },
    PortalAccountLock {
        account: Uuid,
    },
    PortalAccountUnlock {
        account: Uuid,
    },
    PortalDirectoryList,
    RegistrationStart {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationAccount {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationEmailCodeSent {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationPhoneCodeSent {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationEmailVerified {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationPhoneVerified {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationCodeRejected {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationComplete {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationAddToAccount {
        invitation: Uuid,
        patient: Uuid,
    },
    RegistrationSignIn {
        account: Uuid,
    },
    StaffLogin {
        user: Option<Uuid>,
    },
    StaffLogout {
        session: Uuid,
    },
    StaffRefreshTokenReuse {
        session: Uuid,
    },
    StaffPasswordChange {
        user: Uuid,
    },
    StaffUserCreate {
        user: Uuid,
    },
    StaffUserUpdate {
        user: Uuid,
    },
    PortalLogin {
        account: Option<Uuid>,
    },
    PortalLogout {
        session: Uuid,
    },
    PortalRefreshTokenReuse {
        session: Uuid,
    },
    PortalPasswordResetRequest {
        account: Uuid,
    },
    PortalPasswordReset {
        account: Uuid,
    },
    PortalPasswordChange {
        account: Uuid,
    },
    PortalHomeRead {
        patient: Uuid,
    },
    PortalMyInformationRead {
        patient: Uuid,
    },
    PortalConfigUpdate {
        practice: Uuid,
    },
    OutreachTemplateCreate {
        template: Uuid,
    },
    OutreachTemplateUpdate {
        template: Uuid,
    },
    OutreachPreview {
        template: Uuid,
        patient: Uuid,
    },
    OutreachSend {
        send: Uuid,
    },
    ThreadCreate {
        thread: Uuid,
        patient: Uuid,
    },
    ThreadRead {
        thread: Uuid,
        patient: Uuid,
    },
    ThreadList {
        patient: Uuid,
    },
    MessagePost {
        thread: Uuid,
        patient: Uuid,
    },
    ThreadAssign {
        thread: Uuid,
    },
    ThreadClose {
        thread: Uuid,
    },
    ThreadReopen {
        thread: Uuid,
    },
    ThreadParticipants {
        thread: Uuid,
        patient: Uuid,
    },
    FileUpload {
        file: Uuid,
        patient: Uuid,
    },
    LedgerRead {
        patient: Uuid,
    },
    LedgerPost {
        entry: Uuid,
        patient: Uuid,
    },
    BalanceList,
    /// A card payment attempt: its outcome says whether the gateway took it.
    PaymentTake {
        payment: Uuid,
        patient: Uuid,
    },
    RefundIssue {
        refund: Uuid,
        patient: Uuid,
    },
    ReceiptRead {
        entry: Uuid,
        patient: Uuid,
    },
    PaymentMethodList,
    PaymentMethodAdd {
        method: Uuid,
    },
    PaymentMethodDelete {
        method: Uuid,
    },
    PaymentMethodDefault {
        method: Uuid,
    },
    PatientCardList {
        patient: Uuid,
    },
    StatementSend {
        link: Uuid,
        patient: Uuid,
    },
    PayLinkView {
        link: Uuid,
        patient: Uuid,
    },
    FileDownload {
        file: Uuid,
        patient: Uuid,
    },
    FileList {
        patient: Uuid,
    },
    AuditRead,
}

impl Action {
    /// The name the audit log shows.
    pub const fn name(&self) -> &'static str {
        match self {
            Self::PatientCreate { .. } => "patient.create",
            Self::PatientRead { .. } => "patient.read",
            Self::PatientUpdate { .. } => "patient.update",
            Self::PatientSearch => "patient.search",
            Self::ContactList { .. } => "patient_contact.list",
            Self::ContactCreate { .. } => "patient_contact.create",
            Self::ContactUpdate { .. } => "patient_contact.update",
            Self::ContactDelete { .. } => "patient_contact.delete",
            Self::InvitationCreate { .. } => "invitation.create",
            Self::InvitationResend { .. } => "invitation.resend",
            Self::InvitationRevoke { .. } => "invitation.revoke",
            Self::InvitationList { .. } => "invitation.list",
            Self::GrantRevoke { .. } => "portal_grant.revoke",
            Self::PortalAccountLock { .. } => "portal_account.lock",
            Self::PortalAccountUnlock { .. } => "portal_account.unlock",
            Self::PortalDirectoryList => "portal_directory.list",
            Self::RegistrationStart { .. } => "registration.start",
            Self::RegistrationAccount { .. } => "registration.account",
            Self::RegistrationEmailCodeSent { .. } => "registration.email_code_sent",
            Self::RegistrationPhoneCodeSent { .. } => "registration.phone_code_sent",
            Self::RegistrationEmailVerified { .. } => "registration.email_verified",
            Self::RegistrationPhoneVerified { .. } => "registration.phone_verified",
            Self::RegistrationCodeRejected { .. } => "registration.code_rejected",
            Self::RegistrationComplete { .. } => "registration.complete",
            Self::RegistrationAddToAccount { .. } => "registration.add_to_account",
            Self::RegistrationSignIn { .. } => "registration.sign_in",
            Self::StaffLogin { .. } => "staff.login",
            Self::StaffLogout { .. } => "staff.logout",
            Self::StaffRefreshTokenReuse { .. } => "staff.refresh_token_reuse",
            Self::StaffPasswordChange { .. } => "staff.password_change",
            Self::StaffUserCreate { .. } => "staff_user.create",
            Self::StaffUserUpdate { .. } => "staff_user.update",
            Self::PortalLogin { .. } => "portal.login",
            Self::PortalLogout { .. } => "portal.logout",
            Self::PortalRefreshTokenReuse { .. } => "portal.refresh_token_reuse",
            Self::PortalPasswordResetRequest { .. } => "portal.password_reset_request",
            Self::PortalPasswordReset { .. } => "portal.password_reset",
            Self::PortalPasswordChange { .. } => "portal.password_change",
            Self::PortalHomeRead { .. } => "portal.home.read",
            Self::PortalMyInformationRead { .. } => "portal.my_information.read",
            Self::PortalConfigUpdate { .. } => "portal_config.update",
            Self::OutreachTemplateCreate { .. } => "outreach.template.create",
            Self::OutreachTemplateUpdate { .. } => "outreach.template.update",
            Self::OutreachPreview { .. } => "outreach.preview",
            Self::OutreachSend { .. } => "outreach.send",
            Self::ThreadCreate { .. } => "thread.create",
            Self::ThreadRead { .. } => "thread.read",
            Self::ThreadList { .. } => "thread.list",
            Self::MessagePost { .. } => "thread.message_post",
            Self::ThreadAssign { .. } => "thread.assign",
            Self::ThreadClose { .. } => "thread.close",
            Self::ThreadReopen { .. } => "thread.reopen",
            Self::ThreadParticipants { .. } => "thread.participants_change",
            Self::FileUpload { .. } => "file.upload",
            Self::LedgerRead { .. } => "ledger.read",
            Self::LedgerPost { .. } => "ledger.post",
            Self::BalanceList => "ledger.balances",
            Self::PaymentTake { .. } => "payment.take",
            Self::RefundIssue { .. } => "payment.refund",
            Self::ReceiptRead { .. } => "receipt.read",
            Self::PaymentMethodList => "payment_method.list",
            Self::PaymentMethodAdd { .. } => "payment_method.add",
            Self::PaymentMethodDelete { .. } => "payment_method.delete",
            Self::PaymentMethodDefault { .. } => "payment_method.default",
            Self::PatientCardList { .. } => "payment_method.list_for_patient",
            Self::StatementSend { .. } => "statement.send",
            Self::PayLinkView { .. } => "pay_link.view",
            Self::FileDownload { .. } => "file.download",
            Self::FileList { .. } => "file.list",
            Self::AuditRead => "audit.read",
        }
    }

    const fn resource_type(&self) -> &'static str {
        match self {
            Self::PatientCreate { .. }
            | Self::PatientRead { .. }
            | Self::PatientUpdate { .. }
            | Self::PatientSearch
            | Self::InvitationList { .. }
            | Self::PortalHomeRead { .. }
            | Self::PortalMyInformationRead { .. } => "patient",
            Self::ContactList { .. }
            | Self::ContactCreate { .. }
            | Self::ContactUpdate { .. }
            | Self::ContactDelete { .. } => "patient_contact",
            Self::InvitationCreate { .. }
            | Self::InvitationResend { .. }
            | Self::InvitationRevoke { .. }
            | Self::RegistrationStart { .. }
            | Self::RegistrationAccount { .. }
            | Self::RegistrationEmailCodeSent { .. }
            | Self::RegistrationPhoneCodeSent { .. }
            | Self::RegistrationEmailVerified { .. }
            | Self::RegistrationPhoneVerified { .. }
            | Self::RegistrationCodeRejected { .. }
            | Self::RegistrationComplete { .. }
            | Self::RegistrationAddToAccount { .. } => "invitation",
            Self::GrantRevoke { .. } => "portal_grant",
            Self::PortalDirectoryList
            | Self::RegistrationSignIn { .. }
            | Self::PortalLogin { .. }
            | Self::PortalPasswordResetRequest { .. }
            | Self::PortalPasswordReset { .. }
            | Self::PortalPasswordChange { .. }
            | Self::PortalAccountLock { .. }
            | Self::PortalAccountUnlock { .. } => "portal_account",
            Self::StaffLogin { .. }
            | Self::StaffPasswordChange { .. }
            | Self::StaffUserCreate { .. }
            | Self::StaffUserUpdate { .. } => "staff_user",
            Self::StaffLogout { .. }
            | Self::StaffRefreshTokenReuse { .. }
            | Self::PortalLogout { .. }
            | Self::PortalRefreshTokenReuse { .. } => "session",
            Self::PortalConfigUpdate { .. } => "portal_config",
            Self::OutreachTemplateCreate { .. }
            | Self::OutreachTemplateUpdate { .. }
            | Self::OutreachPreview { .. } => "outreach_template",
            Self::OutreachSend { .. } => "outreach_send",
            Self::ThreadCreate { .. }
            | Self::ThreadRead { .. }
            | Self::MessagePost { .. }
            | Self::ThreadAssign { .. }
            | Self::ThreadClose { .. }
            | Self::ThreadReopen { .. }
            | Self::ThreadParticipants { .. } => "thread",
            Self::ThreadList { .. } | Self::FileList { .. } => "patient",
            Self::FileUpload { .. } | Self::FileDownload { .. } => "file",
            Self::LedgerRead { .. } => "patient",
            Self::LedgerPost { .. } | Self::BalanceList | Self::ReceiptRead { .. } => "ledger_entry",
            Self::PaymentTake { .. } => "card_payment",
            Self::RefundIssue { .. } => "refund",
            Self::PaymentMethodList
            | Self::PaymentMethodAdd { .. }
            | Self::PaymentMethodDelete { .. }
            | Self::PaymentMethodDefault { .. } => "payment_method",
            Self::PatientCardList { .. } => "patient",
            Self::StatementSend { .. } | Self::PayLinkView { .. } => "pay_link",
            Self::AuditRead => "audit_event",
        }
    }

    fn resource_id(&self) -> Option<Uuid> {
        match self {
            Self::PatientCreate { patient, .. } => Some(*patient),
            Self::PatientRead { patient, .. } => Some(*patient),
            Self::PatientUpdate { patient, .. } => Some(*patient),
            Self::ContactCreate { contact, .. } => Some(*contact),
            Self::ContactUpdate { contact, .. } => Some(*contact),
            Self::ContactDelete { contact, .. } => Some(*contact),
            Self::InvitationCreate { invitation, .. } => Some(*invitation),
            Self::InvitationResend { invitation, .. } => Some(*invitation),
            Self::InvitationRevoke { invitation, .. } => Some(*invitation),
            Self::GrantRevoke { grant, .. } => Some(*grant),
            Self::PortalAccountLock { account } | Self::PortalAccountUnlock { account } => Some(*account),
            Self::InvitationList { patient, .. } => Some(*patient),
            Self::RegistrationStart { invitation, .. } => Some(*invitation),
            Self::RegistrationAccount { invitation, .. } => Some(*invitation),
            Self::RegistrationEmailCodeSent { invitation, .. } => Some(*invitation),
            Self::RegistrationPhoneCodeSent { invitation, .. } => Some(*invitation),
            Self::RegistrationEmailVerified { invitation, .. } => Some(*invitation),
            Self::RegistrationPhoneVerified { invitation, .. } => Some(*invitation),
            Self::RegistrationCodeRejected { invitation, .. } => Some(*invitation),
            Self::RegistrationComplete { invitation, .. } => Some(*invitation),
            Self::RegistrationAddToAccount { invitation, .. } => Some(*invitation),
            Self::RegistrationSignIn { account, .. } => Some(*account),
            Self::StaffLogin { user, .. } => *user,
            Self::StaffLogout { session, .. } => Some(*session),
            Self::StaffRefreshTokenReuse { session, .. } => Some(*session),
            Self::StaffPasswordChange { user, .. } => Some(*user),
            Self::StaffUserCreate { user, .. } => Some(*user),
            Self::StaffUserUpdate { user, .. } => Some(*user),
            Self::PortalLogin { account, .. } => *account,
            Self::PortalLogout { session, .. } => Some(*session),
            Self::PortalRefreshTokenReuse { session, .. } => Some(*session),
            Self::PortalPasswordResetRequest { account, .. } => Some(*account),
            Self::PortalPasswordReset { account, .. } => Some(*account),
            Self::PortalPasswordChange { account, .. } => Some(*account),
            Self::PortalHomeRead { patient, .. } => Some(*patient),
            Self::PortalMyInformationRead { patient, .. } => Some(*patient),
            Self::PortalConfigUpdate { practice, .. } => Some(*practice),
            Self::OutreachTemplateCreate { template, .. } => Some(*template),
            Self::OutreachTemplateUpdate { template, .. } => Some(*template),
            Self::OutreachPreview { template, .. } => Some(*template),
            Self::OutreachSend { send, .. } => Some(*send),
            Self::ThreadCreate { thread, .. }
            | Self::ThreadRead { thread, .. }
            | Self::MessagePost { thread, .. }
            | Self::ThreadAssign { thread }
            | Self::ThreadClose { thread }
            | Self::ThreadReopen { thread }
            | Self::ThreadParticipants { thread, .. } => Some(*thread),
            Self::ThreadList { patient } | Self::FileList { patient } => Some(*patient),
            Self::FileUpload { file, .. } | Self::FileDownload { file, .. } => Some(*file),
            Self::LedgerRead { patient } => Some(*patient),
            Self::LedgerPost { entry, .. } | Self::ReceiptRead { entry, .. } => Some(*entry),
            Self::PaymentTake { payment, .. } => Some(*payment),
            Self::RefundIssue { refund, .. } => Some(*refund),
            Self::PaymentMethodAdd { method }
            | Self::PaymentMethodDelete { method }
            | Self::PaymentMethodDefault { method } => Some(*method),
            Self::PatientCardList { patient } => Some(*patient),
            Self::StatementSend { link, .. } | Self::PayLinkView { link, .. } => Some(*link),
            _ => None,
        }
    }

    fn patient_id(&self) -> Option<Uuid> {
        match self {
            Self::PatientCreate { patient, .. } => Some(*patient),
            Self::PatientRead { patient, .. } => Some(*patient),
            Self::PatientUpdate { patient, .. } => Some(*patient),
            Self::ContactList { patient, .. } => Some(*patient),
            Self::ContactCreate { patient, .. } => Some(*patient),
            Self::ContactUpdate { patient, .. } => Some(*patient),
            Self::ContactDelete { patient, .. } => Some(*patient),
            Self::InvitationCreate { patient, .. } => Some(*patient),
            Self::InvitationResend { patient, .. } => Some(*patient),
            Self::InvitationRevoke { patient, .. } => Some(*patient),
            Self::InvitationList { patient, .. } => Some(*patient),
            Self::GrantRevoke { patient, .. } => Some(*patient),
            Self::RegistrationStart { patient, .. } => Some(*patient),
            Self::RegistrationAccount { patient, .. } => Some(*patient),
            Self::RegistrationEmailCodeSent { patient, .. } => Some(*patient),
            Self::RegistrationPhoneCodeSent { patient, .. } => Some(*patient),
            Self::RegistrationEmailVerified { patient, .. } => Some(*patient),
            Self::RegistrationPhoneVerified { patient, .. } => Some(*patient),
            Self::RegistrationCodeRejected { patient, .. } => Some(*patient),
            Self::RegistrationComplete { patient, .. } => Some(*patient),
            Self::RegistrationAddToAccount { patient, .. } => Some(*patient),
            Self::PortalHomeRead { patient, .. } => Some(*patient),
            Self::PortalMyInformationRead { patient, .. } => Some(*patient),
            Self::OutreachPreview { patient, .. } => Some(*patient),
            Self::ThreadCreate { patient, .. }
            | Self::ThreadRead { patient, .. }
            | Self::MessagePost { patient, .. }
            | Self::ThreadList { patient }
            | Self::ThreadParticipants { patient, .. }
            | Self::FileUpload { patient, .. }
            | Self::FileDownload { patient, .. }
            | Self::FileList { patient }
            | Self::LedgerRead { patient }
            | Self::LedgerPost { patient, .. }
            | Self::PaymentTake { patient, .. }
            | Self::RefundIssue { patient, .. }
            | Self::ReceiptRead { patient, .. }
            | Self::PatientCardList { patient }
            | Self::StatementSend { patient, .. }
            | Self::PayLinkView { patient, .. } => Some(*patient),
            _ => None,
        }
    }
}

/// One audit record to write: the action, its outcome and non-PHI details.
#[derive(Debug, Clone)]
pub struct Event {
    action: Action,
    outcome: Outcome,
    details: Value,
}

impl Event {
    pub fn new(action: Action) -> Self {
        Self { action, outcome: Outcome::Success, details: Value::Object(Default::default()) }
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// Non-PHI details only: ids, field names, configuration values, reasons.
    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

impl From<Action> for Event {
    fn from(action: Action) -> Self {
        Self::new(action)
    }
}

pub async fn record(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    actor: &Actor,
    event: impl Into<Event>,
) -> Result<(), DbErr> {
    let event = event.into();
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(now),
        practice_id: Set(actor.practice_id),
        actor_type: Set(actor.kind),
        actor_id: Set(actor.id),
        actor_role: Set(actor.role.clone()),
        patient_id: Set(event.action.patient_id()),
        action: Set(event.action.name().into()),
        resource_type: Set(event.action.resource_type().into()),
        resource_id: Set(event.action.resource_id().map(|id| id.to_string())),
        outcome: Set(event.outcome),
        request_id: Set(actor.meta.request_id.clone()),
        ip: Set(actor.meta.ip.clone()),
        user_agent: Set(actor.meta.user_agent.clone()),
        details: Set(event.details),
    }
    .insert(db)
    .await?;
    Ok(())
}
