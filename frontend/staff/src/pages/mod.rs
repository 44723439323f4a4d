//! The staff consoles (SPEC §7) and the user's own account, inside [`StaffShell`], plus the
//! sign-in page.
mod account;
mod audit_log;
mod billing;
mod coming_soon;
mod contacts;
mod deliveries;
mod facesheet;
mod home;
mod invitations;
mod messages;
mod outreach;
mod patient_files;
mod patient_form;
mod patient_responsibility;
mod patients;
mod portal_config;
mod portal_directory;
mod shell;
mod sign_in;
mod staff_users;

pub use account::Account;
pub use audit_log::AuditLog;
pub use billing::ReceiptPage;
pub use coming_soon::ComingSoon;
pub use deliveries::Deliveries;
pub use facesheet::Facesheet;
pub use home::Home;
pub use messages::{Messages, NewThread, StaffThread};
pub use outreach::{NewTemplate, OutreachTemplates, TemplatePage};
pub use patient_form::{EditPatient, NewPatient};
pub use patient_responsibility::{PatientResponsibility, ResponsibilityDetail};
pub use patients::PatientSearch;
pub use portal_config::PortalConfigPage;
pub use portal_directory::PortalDirectory;
pub use shell::StaffShell;
pub use sign_in::SignIn;
pub use staff_users::StaffUsers;

use leptos::prelude::*;
use leptos_router::hooks::use_params;
use portico_types::patients::Patient;
use portico_types::{ErrorCode, ProblemDetails};
use uuid::Uuid;

use crate::api::Client;
use crate::routes::params::PatientRoute;

/// The `:id` of a patient route, if it is a well-formed id.
fn use_patient_id() -> Memo<Option<Uuid>> {
    let params = use_params::<PatientRoute>();
    Memo::new(move |_| params.get().ok().and_then(|p| p.id))
}

/// The patient the route names, read from the API; a malformed id reads as not found.
fn route_patient(client: Client, id: Memo<Option<Uuid>>) -> LocalResource<Result<Patient, ProblemDetails>> {
    LocalResource::new(move || async move {
        match id.get() {
            Some(id) => crate::api::patients::get(client, id).await,
            None => Err(no_such_patient()),
        }
    })
}

/// What a malformed id in the address gets: the same answer as an unknown one.
fn not_found_problem(what: &str) -> ProblemDetails {
    crate::api::problem(404, ErrorCode::NotFound, "Not found", &format!("No {what} was found at this address."))
}

/// What a malformed patient id in the address gets: the same answer as an unknown one.
fn no_such_patient() -> ProblemDetails {
    crate::api::problem(
        404,
        ErrorCode::NotFound,
        "Not found",
        "No patient was found at this address. Search for them on the Patients page.",
    )
}
