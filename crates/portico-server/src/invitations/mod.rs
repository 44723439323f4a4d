//! Portal invitations (SPEC §2): staff invite a patient or a guardian/guarantor contact; the
//! invitee gets a branded email and/or text with a link that starts registration.
pub mod directory;
pub mod error;
pub mod model;
pub mod routes;
pub mod service;
