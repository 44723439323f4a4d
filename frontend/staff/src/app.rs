//! The staff app's root: its context (the session and its API client, flash messages) and the
//! router.
use leptos::prelude::*;
use leptos_router::components::{Router, Routes};

use crate::components::{AppKind, Flash, NotFound};
use crate::routes::{ConsoleRoutes, SignInRoutes};
use crate::session::StaffSession;

#[component]
pub fn App() -> impl IntoView {
    let session = StaffSession::new();
    provide_context(session.client());
    provide_context(session);
    provide_context(Flash::new());
    // A reload keeps staff signed in: the refresh cookie buys a new access token.
    session.restore_once();

    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound app=AppKind::Staff /> }>
                <SignInRoutes />
                <ConsoleRoutes />
            </Routes>
        </Router>
    }
}
