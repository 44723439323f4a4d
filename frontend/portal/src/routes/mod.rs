//! The patient app's routes, in groups: the public pages (landing, registration) and the portal
//! (sign-in and password pages outside the shell, the signed-in pages inside it). Every address
//! the app links to is built in [`crate::links`].
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::{ParentRoute, Route};
use leptos_router::path;

use crate::components::{AppKind, NotFound};
use crate::pages::{
    ForgotPassword, Landing, MyAccount, MyFiles, MyInformation, PortalHome, PortalMessages, PortalShell, PortalSignIn,
    PortalThread, Register, ResetPassword,
};

/// `/` and `/register` (an invitation link: `/register#t=…`).
#[component(transparent)]
pub fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/") view=Landing />
        <Route path=path!("/register") view=Register />
    }
    .into_inner()
    .into_any_nested_route()
}

/// `/portal/…`: signing in and passwords, then everything inside the signed-in shell.
#[component(transparent)]
pub fn PortalRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/portal/sign-in") view=PortalSignIn />
        <Route path=path!("/portal/forgot-password") view=ForgotPassword />
        <Route path=path!("/portal/reset-password") view=ResetPassword />
        <ParentRoute path=path!("/portal") view=PortalShell>
            <Route path=path!("") view=PortalHome />
            <Route path=path!("my-information") view=MyInformation />
            <Route path=path!("messages") view=PortalMessages />
            <Route path=path!("messages/:thread") view=PortalThread />
            <Route path=path!("files") view=MyFiles />
            <Route path=path!("account") view=MyAccount />
            <Route path=path!("*any") view=|| view! { <NotFound app=AppKind::Portal /> } />
        </ParentRoute>
    }
    .into_inner()
    .into_any_nested_route()
}
