//! `/staff/:console` for consoles that are not built yet: says so plainly.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::{AppKind, NotFound, PageHeader};
use crate::consoles;

#[component]
pub fn ComingSoon() -> impl IntoView {
    let params = use_params_map();
    move || {
        let slug = params.with(|p| p.get("console")).unwrap_or_default();
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
