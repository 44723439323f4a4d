//! `/staff/outreach`: the templates.
use super::*;

#[component]
pub fn OutreachTemplates() -> impl IntoView {
    let client = use_client();
    let templates = LocalResource::new(move || api::outreach::templates(client));
    view! {
        <PageHeader
            title="Outreach Flows".to_owned()
            lead="Email and text message templates you send now to the patients you choose. Variants such as the Patient Portal Link fill in each patient's own details.".to_owned()
        >
            <a class="button button-primary" href="/staff/outreach/new">
                "New template"
            </a>
        </PageHeader>
        <Loaded read=templates let:page>
            {if page.items.is_empty() {
                view! {
                    <p class="empty" role="status">
                        "No templates yet. Create one with “New template”: write the message once, then send it to the patients you choose."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table templates">
                            <thead>
                                <tr>
                                    <th scope="col">"Template"</th>
                                    <th scope="col">"Channel"</th>
                                    <th scope="col" class="wide-only">
                                        "Last changed"
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {page
                                    .items
                                    .into_iter()
                                    .map(|t| {
                                        let about = t.subject.clone().unwrap_or_else(|| first_line(&t.body));
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=links::template(t.id)>{t.name}</a>
                                                    <span class="cell-sub">{about}</span>
                                                </td>
                                                <td class="nowrap">{channel_label(t.channel)}</td>
                                                <td class="wide-only nowrap">{format::instant(t.updated_at)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </Loaded>
    }
}
