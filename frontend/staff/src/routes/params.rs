//! The staff routes' parameters, typed: a malformed id reads as `None` (the page says "not
//! found"), never as a string a page has to parse itself.
use leptos::Params;
use leptos_router::params::Params;
use uuid::Uuid;

/// `/staff/patients/:id`, `/staff/patients/:id/edit`, `/staff/patient-responsibility/:id`.
#[derive(Params, Clone, Debug, PartialEq)]
pub struct PatientRoute {
    pub id: Option<Uuid>,
}

/// `/staff/outreach/:template`.
#[derive(Params, Clone, Debug, PartialEq)]
pub struct TemplateRoute {
    pub template: Option<Uuid>,
}

/// `/staff/messages/:thread`.
#[derive(Params, Clone, Debug, PartialEq)]
pub struct ThreadRoute {
    pub thread: Option<Uuid>,
}

/// `/staff/:console`, for consoles not built yet.
#[derive(Params, Clone, Debug, PartialEq)]
pub struct ConsoleRoute {
    pub console: Option<String>,
}

/// `/staff/patients/:id/receipts/:entry`.
#[derive(Params, Clone, Debug, PartialEq)]
pub struct ReceiptRoute {
    pub id: Option<Uuid>,
    pub entry: Option<Uuid>,
}
