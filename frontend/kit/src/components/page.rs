//! Page chrome: the top of every page (its heading, focused after navigation, and its main
//! actions) and labelled values in a `<dl class="details">`.
use leptos::prelude::*;

#[component]
pub fn PageHeader(
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] lead: Option<Signal<String>>,
    /// `(href, label)` of the page one level up, e.g. the facesheet above its edit form.
    #[prop(optional)]
    back: Option<(String, &'static str)>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    Effect::new(move |_| document().set_title(&format!("{} · Portico", title.get())));
    view! {
        <header class="page-header">
            <div class="page-heading">
                {back.map(|(href, label)| view! { <a class="back-link" href=href>{label}</a> })}
                // tabindex -1: the shell moves focus here after each navigation.
                <h1 tabindex="-1">{title}</h1>
                {lead.map(|lead| view! { <p class="lead">{lead}</p> })}
            </div>
            {children.map(|c| view! { <div class="page-actions">{c()}</div> })}
        </header>
    }
}

/// One labelled value; a missing one says so instead of leaving a gap.
#[component]
pub fn Detail(
    term: &'static str,
    value: Option<String>,
    /// Takes the whole row (an address).
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    view! {
        <div class="detail" class:detail-wide=wide>
            <dt>{term}</dt>
            {match value.filter(|v| !v.is_empty()) {
                Some(v) => view! { <dd>{v}</dd> }.into_any(),
                None => view! { <dd class="muted">"Not recorded"</dd> }.into_any(),
            }}
        </div>
    }
}

/// A practice's logo, or its initials on its accent colour.
#[component]
pub fn PracticeMark(name: String, logo_url: Option<String>) -> impl IntoView {
    match logo_url {
        Some(url) => view! { <img class="brand-logo" src=url alt="" /> }.into_any(),
        None => {
            view! { <span class="brand-mark" aria-hidden="true">{crate::format::initials(&name)}</span> }.into_any()
        }
    }
}
