//! Each recipient's delivery status after a send.
use super::*;

#[component]
pub(super) fn SendResults(result: RwSignal<Option<OutreachSend>>) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let refresh = Action::new_local(move |id: &Uuid| api::outreach::get_send(client, *id));
    Effect::new(move |_| match refresh.value().get() {
        Some(Ok(s)) => {
            failed.set(None);
            result.set(Some(s));
        }
        Some(Err(p)) => failed.set(Some(p)),
        None => {}
    });
    view! {
        <section class="send-results" aria-labelledby="send-results-heading">
            <div class="card-heading">
                <h3 id="send-results-heading" tabindex="-1">
                    {move || result.with(|r| r.as_ref().map(|s| format!("Sent {}", format::instant(s.created_at))))}
                </h3>
                <button
                    type="button"
                    class="button button-small button-secondary"
                    disabled=move || refresh.pending().get()
                    on:click=move |_| {
                        if let Some(id) = result.with_untracked(|r| r.as_ref().map(|s| s.id)) {
                            refresh.dispatch(id);
                        }
                    }
                >
                    {move || if refresh.pending().get() { "Refreshing…" } else { "Refresh status" }}
                </button>
            </div>
            <p class="result-count" role="status">
                {move || result.with(|r| r.as_ref().map(|s| status_summary(&s.recipients)))}
            </p>
            {move || failed.get().map(|p| view! { <p class="field-error" role="alert">{p.detail}</p> })}
            <div class="table-wrap">
                <table class="table recipients">
                    <thead>
                        <tr>
                            <th scope="col">"Patient"</th>
                            <th scope="col">"To"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Detail"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            result
                                .get()
                                .map(|s| s.recipients)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|r| {
                                    let (label, tag) = recipient_status(&r.status);
                                    let to = r
                                        .to
                                        .map(|t| if t.starts_with('+') { format::phone(&t) } else { t })
                                        .unwrap_or_else(|| "—".to_owned());
                                    view! {
                                        <tr>
                                            <td>
                                                <a href=links::patient(r.patient_id)>{r.patient_name}</a>
                                            </td>
                                            <td class="break">
                                                <span class="cell-label" aria-hidden="true">
                                                    "To: "
                                                </span>
                                                {to}
                                            </td>
                                            <td>
                                                <span class=tag>{label}</span>
                                            </td>
                                            <td class="break">
                                                {r.detail.unwrap_or_default()}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
