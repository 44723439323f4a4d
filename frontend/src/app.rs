//! The router and the app-wide context (API client, session, flash messages).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api::Client;
use crate::components::Flash;
use crate::pages::public::{Landing, NotFound};
use crate::pages::staff::{
    Account, AuditLog, ComingSoon, EditPatient, Facesheet, Home, NewPatient, PatientSearch, PortalConfigPage, SignIn,
    StaffShell, StaffUsers,
};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let client = Client::new();
    let session = Session::new(client);
    provide_context(client);
    provide_context(session);
    provide_context(Flash::new());
    // A reload keeps staff signed in: the refresh cookie buys a new access token.
    spawn_local(session.restore());

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
                    <Route path=path!("portal-config") view=PortalConfigPage />
                    <Route path=path!("staff-users") view=StaffUsers />
                    <Route path=path!("audit-log") view=AuditLog />
                    <Route path=path!("account") view=Account />
                    // Every other console: a plain "coming soon" page (or not found).
                    <Route path=path!(":console") view=ComingSoon />
                    <Route path=path!("*any") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
