//! Step 4: review, accept the terms, and start the portal.
use super::*;

/// Step 4: review, accept the terms, and start the portal.
#[component]
pub(super) fn Finish(reg: Reg) -> impl IntoView {
    let portal = use_portal();
    let navigate = use_navigate();
    let flash = expect_context::<Flash>();
    let accepted = RwSignal::new(false);
    let errors = FormErrors::new("finish");
    let (email, phone, who, practice) = reg
        .with_status(|s| {
            (
                s.email.clone(),
                confirmed_phone(s.phone_verified.as_deref(), s.code_sent_to.as_deref()),
                registering_for(s.role, &s.patient_first_name),
                s.practice.display_name.clone(),
            )
        })
        .unwrap_or_default();

    let finish = Action::new_local(move |_: &()| async move {
        let token = reg.call(api::registration::complete).await?;
        portal.start(token).await
    });
    errors.follow(finish, move |()| {
        links::forget_link_token(links::REGISTER_LINK);
        flash.show_at("/portal", "Welcome! Your portal account is ready.");
        navigate("/portal", Default::default());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        if !accepted.get_untracked() {
            errors.reject("accept_terms", "Tick the box to accept the terms before you finish.");
            focus_first_invalid();
            return;
        }
        finish.dispatch(());
    };
    view! {
        <h1 tabindex="-1">"Review and finish"</h1>
        <p class="lead">"Almost done. Check your details, then accept the terms."</p>
        <dl class="details review">
            <div class="detail detail-wide">
                <dt>"Email (you sign in with it)"</dt>
                <dd>{email.unwrap_or_default()}</dd>
            </div>
            <div class="detail detail-wide">
                <dt>"Phone"</dt>
                <dd>{phone}</dd>
            </div>
            <div class="detail detail-wide">
                <dt>"You are registering for"</dt>
                <dd>{who}</dd>
            </div>
        </dl>
        <section class="terms" aria-labelledby="terms-heading" tabindex="0">
            <h2 id="terms-heading">"Terms of use and privacy notice"</h2>
            <p>{format!("The portal lets you see information {practice} keeps about your care, and contact them.")}</p>
            <p>
                "Keep your password to yourself. Anyone who signs in with it can see this information. Sign out when \
                 you use a shared computer; the portal also signs you out after 30 minutes without activity."
            </p>
            <p>
                "We use your email and phone number only to send you portal messages, codes and reminders — never for \
                 advertising. Every time someone looks at or changes your information, it is recorded."
            </p>
            <p>"The portal is not for emergencies. In an emergency, call 911."</p>
        </section>
        <ErrorBanner errors />
        <form class="stack portal-form" novalidate on:submit=on_submit>
            <CheckboxField label="I accept the terms of use and privacy notice" field="accept_terms" checked=accepted errors />
            <div class="form-actions">
                <button type="submit" class="button button-primary button-large" disabled=move || finish.pending().get()>
                    {move || if finish.pending().get() { "Finishing…" } else { "Finish registration" }}
                </button>
            </div>
        </form>
    }
}
