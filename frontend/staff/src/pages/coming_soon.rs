//! `/staff/:console` for consoles that are not built yet: says so plainly.
use leptos::prelude::*;
use leptos_router::hooks::use_params;

use crate::components::{AppKind, NotFound, PageHeader};
use crate::consoles;
use crate::routes::params::ConsoleRoute;

#[component]
pub fn ComingSoon() -> impl IntoView {
    let params = use_params::<ConsoleRoute>();
    move || {
        let slug = params.get().ok().and_then(|p| p.console).unwrap_or_default();
        match consoles::find(&slug).filter(|c| !c.ready) {
            Some(console) => view! {
                <PageHeader title=console.label.to_owned() />
                <div class="card prose">
                    <p>{format!("{} is coming soon.", console.label)}</p>
                    <p>{format!("What it will cover: {}", console.summary)}</p>
                    <p>
                        "Until then, the "
                        <a href="/staff/patients">"Patients"</a>
                        " console is ready to use."
                    </p>
                </div>
            }
            .into_any(),
            None => view! { <NotFound app=AppKind::Staff /> }.into_any(),
        }
    }
}
