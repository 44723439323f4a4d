//! Reading the audit log (administrators). Writing it is `platform::audit`.
pub mod routes;
