//! The patient app's root: its context (the portal session, flash messages) and the router.
use leptos::prelude::*;
use leptos_router::components::{Router, Routes};

use crate::components::{AppKind, Flash, NotFound};
use crate::routes::{PortalRoutes, PublicRoutes};
use crate::session::PortalSession;

#[component]
pub fn App() -> impl IntoView {
    // Portal pages restore the session themselves (the shell, the sign-in page): the public
    // pages and registration need no refresh call.
    provide_context(PortalSession::new());
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
