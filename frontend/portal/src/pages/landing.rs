use leptos::prelude::*;

/// `/`: where a person lands without a link to anything more specific.
#[component]
pub fn Landing() -> impl IntoView {
    document().set_title("Portico");
    view! {
        <main id="main" class="public-page" tabindex="-1">
            <div class="public-card">
                <p class="wordmark" aria-hidden="true">"Portico"</p>
                <h1>"Welcome to Portico"</h1>
                <p class="lead">"The patient portal and staff consoles for your practice."</p>
                <div class="landing-actions">
                    <a class="button button-primary button-large" href="/portal/sign-in">
                        "Patient portal sign-in"
                    </a>
                    // The staff consoles are the other app: the browser loads it.
                    <a class="button button-secondary button-large" href="/staff/sign-in" rel="external">
                        "Staff sign in"
                    </a>
                </div>
                <p class="public-note">
                    <strong>"Patients: "</strong>
                    "use the invitation link your practice sent you to set up your portal account."
                </p>
            </div>
        </main>
    }
}
