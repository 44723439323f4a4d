//! Pieces several staff consoles share: inviting someone to the portal (the facesheet, the
//! Portal Directory, Patient Responsibility) and choosing patients (the directory, Outreach).
pub mod invite_flow;
pub mod patient_picker;
