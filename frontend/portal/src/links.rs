//! Addresses: reading the ones people arrive with (from the kit), and building every one the
//! patient app links to, so a route's shape is written once.
pub use portico_kit::links::*;
use uuid::Uuid;

/// Home, for one patient of the account (or the account's first).
pub fn home(patient: Option<Uuid>) -> String {
    match patient {
        Some(id) => format!("/portal?patient={id}"),
        None => "/portal".to_owned(),
    }
}

pub fn my_information(patient: Uuid) -> String {
    format!("/portal/my-information?patient={patient}")
}

/// The patient's Messages.
pub fn messages(patient: Uuid) -> String {
    format!("/portal/messages?patient={patient}")
}

/// One thread of the patient's Messages.
pub fn thread(patient: Uuid, thread: Uuid) -> String {
    format!("/portal/messages/{thread}?patient={patient}")
}

/// The patient's My Files: what this account sent the practice, and sending more.
pub fn files(patient: Uuid) -> String {
    format!("/portal/files?patient={patient}")
}

/// Sign-in, for a practice when it is known.
pub fn sign_in(practice: Option<&str>) -> String {
    match practice {
        Some(code) => format!("/portal/sign-in?practice={code}"),
        None => "/portal/sign-in".to_owned(),
    }
}

/// "Forgot password", for a practice when it is known.
pub fn forgot_password(practice: Option<&str>) -> String {
    match practice {
        Some(code) => format!("/portal/forgot-password?practice={code}"),
        None => "/portal/forgot-password".to_owned(),
    }
}
