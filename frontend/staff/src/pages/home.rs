//! `/staff`: a greeting and a tile for each console.
use leptos::prelude::*;

use crate::components::PageHeader;
use crate::consoles::{self, Console};
use crate::session::use_session;

#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    let greeting = Signal::derive(move || {
        let first = session.me().map(|me| me.name.split_whitespace().next().unwrap_or_default().to_owned());
        match first {
            Some(name) if !name.is_empty() => format!("Welcome, {name}"),
            _ => "Welcome".to_owned(),
        }
    });
    let practice = Signal::derive(move || {
        session
            .me()
            .map(|me| {
                let roles: Vec<&str> = me.roles.iter().map(|r| r.label()).collect();
                format!("{} at {}", roles.join(", "), me.practice.display_name)
            })
            .unwrap_or_default()
    });
    let tiles = move |ready: bool| {
        consoles::visible(session.is_admin(), session.can_invite())
            .filter(move |c| c.ready == ready)
            .map(|c| view! { <Tile console=c /> })
            .collect_view()
    };

    view! {
        <PageHeader title=greeting lead=practice />
        <section aria-labelledby="ready-heading">
            <h2 id="ready-heading" class="section-title">
                "Consoles"
            </h2>
            <ul class="tiles">{move || tiles(true)}</ul>
        </section>
        <section aria-labelledby="soon-heading">
            <h2 id="soon-heading" class="section-title">
                "Coming soon"
            </h2>
            <p class="hint">"These consoles are being built. Each page says what it will cover."</p>
            <ul class="tiles tiles-quiet">{move || tiles(false)}</ul>
        </section>
    }
}

#[component]
fn Tile(console: Console) -> impl IntoView {
    view! {
        <li class="tile">
            <a href=console.href()>
                <span class="tile-title">{console.label}</span>
                <span class="tile-summary">{console.summary}</span>
            </a>
        </li>
    }
}
