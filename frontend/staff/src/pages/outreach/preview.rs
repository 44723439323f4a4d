//! The preview of a saved template for one patient.
use super::*;

#[component]
pub(super) fn PreviewPanel(saved: RwSignal<OutreachTemplate>) -> impl IntoView {
    let client = use_client();
    let who = RwSignal::new(None::<PatientSummary>);
    let preview = Action::new_local(move |(template, patient): &(Uuid, Uuid)| {
        api::outreach::preview(client, *template, *patient)
    });
    let pick = Callback::new(move |p: PatientSummary| {
        preview.dispatch((saved.with_untracked(|t| t.id), p.id));
        who.set(Some(p));
    });
    // A saved change shows in the preview at once.
    Effect::new(move |first: Option<()>| {
        let id = saved.with(|t| t.id);
        if first.is_some()
            && let Some(p) = who.get_untracked()
        {
            preview.dispatch((id, p.id));
        }
    });
    view! {
        <PatientPicker id="preview-pick" label="Preview for a patient" action="Preview" on_pick=pick />
        <div aria-live="polite">
            {move || {
                if preview.pending().get() {
                    return view! { <Loading label="Preparing the preview…" /> }.into_any();
                }
                let channel = saved.with(|t| t.channel);
                match (preview.value().get(), who.get()) {
                    (Some(Ok(m)), Some(p)) => view! {
                        <div class="message-preview">
                            <p class="message-for">{format!("As {} would receive it", patient_name(&p))}</p>
                            <dl class="message-meta">
                                <dt>"To"</dt>
                                <dd>
                                    {match m.to {
                                        Some(to) if channel == OutreachChannel::Sms => format::phone(&to),
                                        Some(to) => to,
                                        None => format!("{} — they would be skipped", missing_address(channel)),
                                    }}
                                </dd>
                                {m
                                    .subject
                                    .map(|s| {
                                        view! {
                                            <dt>"Subject"</dt>
                                            <dd>{s}</dd>
                                        }
                                    })}
                            </dl>
                            <pre class="message-body" tabindex="0">{m.body}</pre>
                        </div>
                    }
                        .into_any(),
                    (Some(Err(p)), _) => view! { <p class="banner banner-error">{p.detail}</p> }.into_any(),
                    _ => ().into_any(),
                }
            }}
        </div>
    }
}
