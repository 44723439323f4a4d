//! The router and the app-wide context (API clients, sessions, flash messages).
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api::Client;
use crate::components::Flash;
use crate::pages::portal::{
    ForgotPassword, MyAccount, MyInformation, PortalHome, PortalShell, PortalSignIn, Register, ResetPassword,
};
use crate::pages::public::{Landing, NotFound};
use crate::pages::staff::{
    Account, AuditLog, ComingSoon, DeliveryLog, EditPatient, Facesheet, Home, NewPatient, NewTemplate,
    OutreachTemplates, PatientResponsibility, PatientSearch, PortalConfigPage, PortalDirectory, ResponsibilityDetail,
    SignIn, StaffShell, StaffUsers, TemplatePage,
};
use crate::portal_session::PortalSession;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let client = Client::new();
    let session = Session::new(client);
    provide_context(client);
    provide_context(session);
    provide_context(PortalSession::new());
    provide_context(Flash::new());
    // A reload keeps staff signed in: the refresh cookie buys a new access token. Patients'
    // pages restore the portal session themselves (a different cookie), and need no staff call.
    let path = location().pathname().unwrap_or_default();
    if !(path.starts_with("/portal") || path.starts_with("/register")) {
        session.restore_once();
    }

    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=Landing />
                <Route path=path!("/staff/sign-in") view=SignIn />
                <ParentRoute path=path!("/staff") view=StaffShell>
                    <Route path=path!("") view=Home />
                    <Route path=path!("patients") view=PatientSearch />
                    <Route path=path!("patients/new") view=NewPatient />
                    <Route path=path!("patients/:id") view=Facesheet />
                    <Route path=path!("patients/:id/edit") view=EditPatient />
                    <Route path=path!("portal-directory") view=PortalDirectory />
                    <Route path=path!("patient-responsibility") view=PatientResponsibility />
                    <Route path=path!("patient-responsibility/:id") view=ResponsibilityDetail />
                    <Route path=path!("outreach") view=OutreachTemplates />
                    <Route path=path!("outreach/new") view=NewTemplate />
                    <Route path=path!("outreach/:template") view=TemplatePage />
                    <Route path=path!("portal-config") view=PortalConfigPage />
                    <Route path=path!("staff-users") view=StaffUsers />
                    <Route path=path!("audit-log") view=AuditLog />
                    <Route path=path!("deliveries") view=DeliveryLog />
                    <Route path=path!("account") view=Account />
                    // Every other console: a plain "coming soon" page (or not found).
                    <Route path=path!(":console") view=ComingSoon />
                    <Route path=path!("*any") view=NotFound />
                </ParentRoute>
                <Route path=path!("/register") view=Register />
                <Route path=path!("/portal/sign-in") view=PortalSignIn />
                <Route path=path!("/portal/forgot-password") view=ForgotPassword />
                <Route path=path!("/portal/reset-password") view=ResetPassword />
                <ParentRoute path=path!("/portal") view=PortalShell>
                    <Route path=path!("") view=PortalHome />
                    <Route path=path!("my-information") view=MyInformation />
                    <Route path=path!("account") view=MyAccount />
                    <Route path=path!("*any") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
