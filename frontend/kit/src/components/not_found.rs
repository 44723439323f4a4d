use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Any address the app does not know. Inside the staff shell or the patient portal it keeps the
/// frame around it.
#[component]
pub fn NotFound() -> impl IntoView {
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
        <a class="button button-primary" href=home>{home_label}</a>
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
