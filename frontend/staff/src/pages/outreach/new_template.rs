//! `/staff/outreach/new`: write a template.
use super::*;

#[component]
pub fn NewTemplate() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let navigate = use_navigate();
    let on_saved = Callback::new(move |t: OutreachTemplate| {
        let to = links::template(t.id);
        flash.show_at(&to, "Template created. Preview it for a patient, then send it.");
        navigate(&to, Default::default());
    });
    view! {
        <PageHeader title="New template".to_owned() back=("/staff/outreach".to_owned(), "Outreach Flows") />
        <section class="card outreach-editor" aria-label="Template">
            <TemplateEditor initial=None on_saved />
        </section>
    }
}
