//! The patient app's root: its context (the portal session and its API client, flash messages) and
//! the router.
use leptos::prelude::*;
use leptos_router::components::{Router, Routes};

use crate::components::{AppKind, Flash, NotFound};
use crate::routes::{PortalRoutes, PublicRoutes};
use crate::session::PortalSession;

#[component]
pub fn App() -> impl IntoView {
    // Portal pages restore the session themselves (the shell, the sign-in page): the public
    // pages and registration need no refresh call.
    let portal = PortalSession::new();
    // The kit's components that call the API themselves (Download) find the client here.
    provide_context(portal.client());
    provide_context(portal);
    provide_context(Flash::new());

    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound app=AppKind::Portal /> }>
                <PublicRoutes />
                <PortalRoutes />
            </Routes>
        </Router>
    }
}
