use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Which of the two apps is running: a link to the other one must load it (a full page load),
/// not route inside this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    /// Landing, portal sign-in, registration and the patient portal.
    Portal,
    /// The staff consoles under `/staff`.
    Staff,
}

impl AppKind {
    /// Whether `path` (an address on this site) belongs to the other app.
    pub fn is_other_app(self, path: &str) -> bool {
        let staff = path == "/staff" || path.starts_with("/staff/") || path.starts_with("/staff?");
        staff != (self == Self::Staff)
    }

    /// `rel="external"` for a link into the other app (the router then leaves it to the browser).
    pub fn rel(self, path: &str) -> Option<&'static str> {
        self.is_other_app(path).then_some("external")
    }
}

/// Any address the app does not know. Inside the staff shell or the patient portal it keeps the
/// frame around it.
#[component]
pub fn NotFound(app: AppKind) -> impl IntoView {
    document().set_title("Page not found · Portico");
    let path = use_location().pathname.get_untracked();
    let in_staff = path.starts_with("/staff");
    let in_portal = path.starts_with("/portal/");
    let (home, home_label) = if in_staff {
        ("/staff", "Go to the staff home")
    } else if in_portal {
        ("/portal", "Go to your portal home")
    } else {
        ("/", "Go to the start page")
    };
    let body = view! {
        <h1 tabindex="-1">"We can't find that page"</h1>
        <p class="lead">"The address may be mistyped, or the page may have moved."</p>
        <a class="button button-primary" href=home rel=app.rel(home)>
            {home_label}
        </a>
    };
    if in_staff || in_portal {
        view! { <section class="not-found">{body}</section> }.into_any()
    } else {
        view! {
            <main id="main" class="public-page" tabindex="-1">
                <div class="public-card">{body}</div>
            </main>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::AppKind;

    #[test]
    fn links_into_the_other_app_load_it() {
        assert!(AppKind::Portal.is_other_app("/staff/sign-in"));
        assert!(AppKind::Portal.is_other_app("/staff"));
        assert!(!AppKind::Portal.is_other_app("/staffing"));
        assert!(!AppKind::Portal.is_other_app("/portal"));
        assert!(AppKind::Staff.is_other_app("/"));
        assert!(AppKind::Staff.is_other_app("/register#t=abc"));
        assert!(!AppKind::Staff.is_other_app("/staff/patients"));
    }
}
