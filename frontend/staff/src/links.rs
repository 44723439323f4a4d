//! Addresses: reading the ones people arrive with (from the kit), and building every one the
//! staff consoles link to, so a route's shape is written once.
pub use portico_kit::links::*;
use uuid::Uuid;

/// A patient's facesheet.
pub fn patient(id: Uuid) -> String {
    format!("/staff/patients/{id}")
}

pub fn patient_edit(id: Uuid) -> String {
    format!("/staff/patients/{id}/edit")
}

/// A payment's or refund's printable receipt.
pub fn receipt(patient: Uuid, entry: Uuid) -> String {
    format!("/staff/patients/{patient}/receipts/{entry}")
}

/// A patient in Patient Responsibility: their detail view, with the row of patient actions.
pub fn responsibility(id: Uuid) -> String {
    format!("/staff/patient-responsibility/{id}")
}

/// A conversation in the Messages console.
pub fn thread(id: Uuid) -> String {
    format!("/staff/messages/{id}")
}

/// "New message" to a patient.
pub fn new_thread(patient: Uuid) -> String {
    format!("/staff/patients/{patient}/messages/new")
}

/// The audit log, filtered to one patient.
pub fn patient_audit(id: Uuid) -> String {
    format!("/staff/audit-log?patient={id}")
}

/// An Outreach Flows template.
pub fn template(id: Uuid) -> String {
    format!("/staff/outreach/{id}")
}

/// Staff sign-in, coming back to `here` (a path and query of this app) afterwards.
pub fn sign_in_then(here: &str) -> String {
    format!("/staff/sign-in?next={}", js_sys::encode_uri_component(here))
}
