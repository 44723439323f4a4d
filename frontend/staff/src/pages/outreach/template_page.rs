//! `/staff/outreach/:template`: one template — edit, preview, send.
use super::*;

#[component]
pub fn TemplatePage() -> impl IntoView {
    let client = use_client();
    let params = use_params::<TemplateRoute>();
    let id = Memo::new(move |_| params.get().ok().and_then(|p| p.template));
    // There is no single-template read: the list is small and already ordered.
    let templates = LocalResource::new(move || api::outreach::templates(client));
    let header = || {
        view! { <PageHeader title="Template".to_owned() back=("/staff/outreach".to_owned(), "Outreach Flows") /> }
    };
    view! {
        <Loaded read=templates header let:page>
            {match page.items.into_iter().find(|t| Some(t.id) == id.get()) {
                Some(t) => view! { <Workspace t /> }.into_any(),
                None => view! {
                    {header()}
                    <p class="banner banner-error" role="alert">
                        "No template was found at this address. "
                        <a href="/staff/outreach">"See all templates"</a>
                    </p>
                }
                    .into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn Workspace(t: OutreachTemplate) -> impl IntoView {
    let flash = expect_context::<Flash>();
    let saved = RwSignal::new(t.clone());
    let dirty = RwSignal::new(false);
    let title = Signal::derive(move || saved.with(|t| t.name.clone()));
    let on_saved = Callback::new(move |t: OutreachTemplate| {
        saved.set(t);
        flash.show_here("Template saved.");
    });
    view! {
        <PageHeader title back=("/staff/outreach".to_owned(), "Outreach Flows") />
        <div class="outreach">
            <section class="card outreach-editor" aria-labelledby="template-heading">
                <h2 id="template-heading">"Template"</h2>
                <TemplateEditor initial=Some(t) on_saved dirty />
            </section>
            <section class="card" aria-labelledby="preview-heading">
                <h2 id="preview-heading">"Preview"</h2>
                <Show when=move || dirty.get()>
                    <p class="banner banner-info">"Preview and send use the saved template: save your changes first."</p>
                </Show>
                <PreviewPanel saved />
            </section>
            <section class="card outreach-send" aria-labelledby="send-heading">
                <h2 id="send-heading">"Send"</h2>
                <SendPanel saved />
            </section>
        </div>
    }
}
