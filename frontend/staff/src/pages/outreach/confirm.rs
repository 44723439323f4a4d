//! The confirmation dialog before a send.
use super::*;

#[component]
pub(super) fn ConfirmOutreach(
    template: OutreachTemplate,
    audience: Vec<PatientSummary>,
    unreachable: usize,
    sent: Callback<OutreachSend>,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let client = use_client();
    let failed = RwSignal::new(None::<ProblemDetails>);
    let count = audience.len();
    let names: Vec<String> = audience.iter().map(patient_name).collect();
    let ids: Vec<Uuid> = audience.iter().map(|p| p.id).collect();
    let question = send_question(&template.name, template.channel, count);
    let missing = missing_address(template.channel).to_lowercase();
    let skipped = match (unreachable, count) {
        (0, _) => None,
        (1, 1) => Some(format!("This patient has {missing}: they will be skipped.")),
        (1, _) => Some(format!("1 of them has {missing} and will be skipped.")),
        (n, _) => Some(format!("{n} of them have {missing} and will be skipped.")),
    };
    let links = template.body.contains("patient_portal_link")
        || template.subject.as_deref().is_some_and(|s| s.contains("patient_portal_link"));
    let tid = template.id;
    let go = Action::new_local(move |ids: &Vec<Uuid>| api::outreach::send(client, tid, ids.clone()));
    Effect::new(move |_| match go.value().get() {
        Some(Ok(s)) => sent.run(s),
        Some(Err(p)) => failed.set(Some(p)),
        None => {}
    });
    let names = StoredValue::new(names);
    let ids = StoredValue::new(ids);
    let label = if count == 1 { "Send to 1 patient".to_owned() } else { format!("Send to {count} patients") };
    view! {
        <p>{question}</p>
        {skipped.map(|s| view! { <p class="hint">{s}</p> })}
        {links
            .then(|| {
                view! {
                    <p class="hint">
                        "Patients without a portal account get a personal registration link; the others get the portal sign-in page."
                    </p>
                }
            })}
        <div class="live-region" aria-live="assertive">
            {move || {
                failed
                    .get()
                    .map(|p| {
                        let lines = names.with_value(|n| audience_errors(&p, n));
                        view! {
                            <div class="banner banner-error">
                                <ul class="plain-list">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
        </div>
        <div class="form-actions">
            <button
                type="button"
                class="button button-primary"
                disabled=move || go.pending().get()
                on:click=move |_| {
                    failed.set(None);
                    go.dispatch(ids.get_value());
                }
            >
                {move || if go.pending().get() { "Sending…".to_owned() } else { label.clone() }}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                "Cancel"
            </button>
        </div>
    }
}
