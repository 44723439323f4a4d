//! Sending a saved template now to a chosen audience.
use super::*;

#[component]
pub(super) fn SendPanel(saved: RwSignal<OutreachTemplate>) -> impl IntoView {
    let flash = expect_context::<Flash>();
    let audience = RwSignal::new(Vec::<PatientSummary>::new());
    let ids = Signal::derive(move || audience.with(|a| a.iter().map(|p| p.id).collect::<Vec<_>>()));
    let full = RwSignal::new(false);
    let confirm_open = RwSignal::new(false);
    let result = RwSignal::new(None::<OutreachSend>);
    let add = Callback::new(move |p: PatientSummary| {
        if audience.with_untracked(|a| a.len() >= MAX_AUDIENCE) {
            full.set(true);
        } else {
            audience.update(|a| a.push(p));
        }
    });
    let remove = move |id: Uuid| {
        let name = audience.with_untracked(|a| a.iter().find(|p| p.id == id).map(patient_name)).unwrap_or_default();
        audience.update(|a| a.retain(|p| p.id != id));
        full.set(false);
        flash.show_here(format!("{name} removed from the recipients."));
        request_animation_frame(|| {
            let _ = focus(".chips .chip-remove") || focus("#audience-pick-q");
        });
    };
    let channel = move || saved.with(|t| t.channel);
    let unreachable = move || audience.with(|a| a.iter().filter(|p| !has_address(channel(), p)).count());
    let sent = Callback::new(move |s: OutreachSend| {
        confirm_open.set(false);
        let n = s.recipients.len();
        result.set(Some(s));
        audience.set(Vec::new());
        flash.show_here(format!(
            "“{}” is on its way to {n} {}.",
            saved.with_untracked(|t| t.name.clone()),
            if n == 1 { "patient" } else { "patients" }
        ));
        request_animation_frame(|| {
            focus("#send-results-heading");
        });
    });
    let title = Signal::derive(move || saved.with(|t| format!("Send “{}”?", t.name)));

    view! {
        <p class="hint">
            {move || {
                format!(
                    "Choose up to {MAX_AUDIENCE} patients. Each gets the message {} at the address on file; patients without one are skipped.",
                    channel_words(channel()),
                )
            }}
        </p>
        <PatientPicker id="audience-pick" label="Add patients" action="Add" on_pick=add picked=ids />
        <div class="audience" aria-labelledby="audience-heading">
            <h3 id="audience-heading">
                {move || match audience.with(Vec::len) {
                    0 => "Recipients".to_owned(),
                    1 => "Recipients (1 patient)".to_owned(),
                    n => format!("Recipients ({n} patients)"),
                }}
            </h3>
            <Show
                when=move || !audience.with(Vec::is_empty)
                fallback=|| view! { <p class="muted">"No one yet: search above and add patients."</p> }
            >
                <ul class="chips">
                    <For each=move || audience.get() key=|p| p.id let:p>
                        {
                            let name = patient_name(&p);
                            let id = p.id;
                            let note = (!has_address(channel(), &p)).then(|| missing_address(channel()));
                            view! {
                                <li class="chip" class:chip-warn=note.is_some()>
                                    <span>{name.clone()}</span>
                                    {note.map(|n| view! { <span class="chip-note">{format!("· {n}")}</span> })}
                                    <button type="button" class="chip-remove" aria-label=format!("Remove {name}") on:click=move |_| remove(id)>
                                        <span aria-hidden="true">"×"</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <Show when=move || full.get()>
                <p class="field-error" role="alert">
                    {format!("One send reaches at most {MAX_AUDIENCE} patients. Send to these first, then choose the rest.")}
                </p>
            </Show>
            <div class="form-actions">
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || audience.with(Vec::is_empty)
                    on:click=move |_| confirm_open.set(true)
                >
                    "Send now…"
                </button>
                <Show when=move || !audience.with(Vec::is_empty)>
                    <button
                        type="button"
                        class="button button-secondary"
                        on:click=move |_| {
                            audience.set(Vec::new());
                            full.set(false);
                        }
                    >
                        "Remove everyone"
                    </button>
                </Show>
            </div>
        </div>
        <Dialog open=confirm_open id="send-outreach-dialog" title>
            <ConfirmOutreach
                template=saved.get_untracked()
                audience=audience.get_untracked()
                unreachable=unreachable()
                sent
                on_cancel=move || confirm_open.set(false)
            />
        </Dialog>
        {move || result.get().map(|_| view! { <SendResults result /> })}
    }
}
