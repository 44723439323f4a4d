//! The template form: name, channel, subject and message.
use super::*;

#[component]
pub(super) fn TemplateEditor(
    initial: Option<OutreachTemplate>,
    on_saved: Callback<OutreachTemplate>,
    /// Set while the form differs from the saved template.
    #[prop(optional)]
    dirty: Option<RwSignal<bool>>,
) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("template");
    let id = initial.as_ref().map(|t| t.id);
    let name = RwSignal::new(initial.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let channel = RwSignal::new(initial.as_ref().map_or(OutreachChannel::Email, |t| t.channel));
    let subject = RwSignal::new(initial.as_ref().and_then(|t| t.subject.clone()).unwrap_or_default());
    let body = RwSignal::new(initial.as_ref().map(|t| t.body.clone()).unwrap_or_default());
    let baseline = StoredValue::new(initial.as_ref().map(input_of));

    let current = move || {
        let c = channel.get();
        TemplateInput {
            name: name.get().trim().to_owned(),
            channel: c,
            subject: (c == OutreachChannel::Email).then(|| subject.get().trim().to_owned()),
            body: body.get().trim().to_owned(),
        }
    };
    if let Some(dirty) = dirty {
        Effect::new(move |_| {
            let now = current();
            dirty.set(baseline.with_value(|b| b.as_ref() != Some(&now)));
        });
    }

    let save = Action::new_local(move |input: &TemplateInput| {
        let input = input.clone();
        async move {
            match id {
                Some(id) => api::outreach::update(client, id, input).await,
                None => api::outreach::create(client, input).await,
            }
        }
    });
    errors.follow(save, move |t: OutreachTemplate| {
        baseline.set_value(Some(input_of(&t)));
        if let Some(dirty) = dirty {
            dirty.set(false);
        }
        on_saved.run(t);
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        // The server checks every field at once (name, subject, body and its variants).
        save.dispatch(current());
    };

    let body_ref = NodeRef::<html::Textarea>::new();
    // Whether the person has put the caret in the message: until then variants go at the end.
    let caret_placed = RwSignal::new(false);
    let on_caret = Callback::new(move |()| caret_placed.set(true));
    let variants = LocalResource::new(move || api::outreach::variants(client));
    let radio = move |value: OutreachChannel, label: &'static str| {
        let rid = format!("template-channel-{}", value.as_str());
        view! {
            <div class="check">
                <input
                    type="radio"
                    id=rid.clone()
                    name="channel"
                    value=value.as_str()
                    prop:checked=move || channel.get() == value
                    on:change=move |_| channel.set(value)
                />
                <label for=rid>{label}</label>
            </div>
        }
    };
    let sms_length = move || {
        let n = body.with(|b| b.trim().chars().count());
        format!("{n} of 1,000 characters. Long texts arrive as several messages.")
    };

    view! {
        <form class="stack" novalidate on:submit=on_submit>
            <ErrorBanner errors />
            <TextField label="Name" field="name" value=name errors autocomplete="off" hint="Staff see this name; patients never do." />
            <fieldset class="choices choices-inline">
                <legend>"Channel"</legend>
                {radio(OutreachChannel::Email, "Email")}
                {radio(OutreachChannel::Sms, "Text message")}
            </fieldset>
            <Show when=move || channel.get() == OutreachChannel::Email>
                <TextField label="Subject" field="subject" value=subject errors autocomplete="off" />
            </Show>
            <TextAreaField
                label="Message"
                field="body"
                value=body
                errors
                rows=10
                node_ref=body_ref
                on_caret
                hint="Plain text; a blank line starts a new paragraph."
            />
            <Show when=move || channel.get() == OutreachChannel::Sms>
                <p class="hint sms-length">{sms_length}</p>
            </Show>
            <Loaded read=variants loading="Loading variants…" let:list>
                <VariantPicker variants=list body body_ref caret_placed />
            </Loaded>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save template" }}
                </button>
                {id.is_none().then(|| view! { <a class="button button-secondary" href="/staff/outreach">"Cancel"</a> })}
            </div>
        </form>
    }
}

fn input_of(t: &OutreachTemplate) -> TemplateInput {
    TemplateInput { name: t.name.clone(), channel: t.channel, subject: t.subject.clone(), body: t.body.clone() }
}
