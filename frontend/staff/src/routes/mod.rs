//! The staff app's routes, in groups: signing in, and every console inside the shell. Every
//! address the consoles link to is built in [`crate::links`].
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::path;

pub mod params;

use crate::components::{AppKind, NotFound};
use crate::pages::{
    Account, AuditLog, ComingSoon, Deliveries, EditPatient, Facesheet, Home, Messages, NewPatient, NewTemplate,
    NewThread, OutreachTemplates, PatientResponsibility, PatientSearch, PortalConfigPage, PortalDirectory, ReceiptPage,
    ResponsibilityDetail, SignIn, StaffShell, StaffThread, StaffUsers, TemplatePage,
};

/// `/staff/sign-in`, outside the shell.
#[component(transparent)]
pub fn SignInRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("/staff/sign-in") view=SignIn /> }.into_inner().into_any_nested_route()
}

/// `/staff/…`: every console, inside the signed-in shell.
#[component(transparent)]
pub fn ConsoleRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/staff") view=StaffShell>
            <Route path=path!("") view=Home />
            <PatientRoutes />
            <Route path=path!("portal-directory") view=PortalDirectory />
            <Route path=path!("patient-responsibility") view=PatientResponsibility />
            <Route path=path!("patient-responsibility/:id") view=ResponsibilityDetail />
            <OutreachRoutes />
            <Route path=path!("messages") view=Messages />
            <Route path=path!("messages/:thread") view=StaffThread />
            <AdminRoutes />
            <Route path=path!("account") view=Account />
            // Every other console: a plain "coming soon" page (or not found).
            <Route path=path!(":console") view=ComingSoon />
            <Route path=path!("*any") view=|| view! { <NotFound app=AppKind::Staff /> } />
        </ParentRoute>
    }
    .into_inner()
    .into_any_nested_route()
}

/// `/staff/patients/…`: search, a new patient, the facesheet, its edit form and receipts.
#[component(transparent)]
fn PatientRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("patients") view=PatientSearch />
        <Route path=path!("patients/new") view=NewPatient />
        <Route path=path!("patients/:id") view=Facesheet />
        <Route path=path!("patients/:id/edit") view=EditPatient />
        <Route path=path!("patients/:id/messages/new") view=NewThread />
        <Route path=path!("patients/:id/receipts/:entry") view=ReceiptPage />
    }
    .into_inner()
    .into_any_nested_route()
}

/// `/staff/outreach/…`: templates and their sends.
#[component(transparent)]
fn OutreachRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("outreach") view=OutreachTemplates />
        <Route path=path!("outreach/new") view=NewTemplate />
        <Route path=path!("outreach/:template") view=TemplatePage />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The administrators' consoles (the API refuses everyone else; the navigation hides them).
#[component(transparent)]
fn AdminRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("portal-config") view=PortalConfigPage />
        <Route path=path!("staff-users") view=StaffUsers />
        <Route path=path!("audit-log") view=AuditLog />
        <Route path=path!("deliveries") view=Deliveries />
    }
    .into_inner()
    .into_any_nested_route()
}
