//! Step 2: the code emailed to the account's address.
use super::*;

/// Step 2: the code emailed to the account's address.
#[component]
pub(super) fn VerifyEmail(reg: Reg) -> impl IntoView {
    let errors = FormErrors::new("email-code");
    let wait = Cooldown::new();
    follow_resend_timer(reg, wait);
    let sent = RwSignal::new(false);

    let verify = Action::new_local(move |code: &String| {
        let code = code.clone();
        reg.advance(move |t| api::registration::verify_email(t, code.clone()))
    });
    let resend = Action::new_local(move |_: &()| reg.advance(api::registration::resend_email));
    Effect::new(move |_| {
        if let Some(Err(p)) = verify.value().get() {
            show_problem(p, errors, wait, "code");
        }
    });
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(())) => sent.set(true),
        Some(Err(p)) => show_problem(p, errors, wait, "code"),
        None => {}
    });
    let sent_to = move || reg.with_status(|s| s.code_sent_to.clone().or_else(|| s.email.clone())).flatten();
    view! {
        <h1 tabindex="-1">"Check your email"</h1>
        <p class="lead">
            {move || match sent_to() {
                Some(to) => format!("We emailed a 6-digit code to {to}. Enter it below."),
                None => "We emailed you a 6-digit code. Enter it below.".to_owned(),
            }}
        </p>
        <div class="live-region" role="status" aria-live="polite">
            {move || sent.get().then(|| view! { <p class="banner banner-success">"We sent a new code. Use the newest one."</p> })}
        </div>
        <ErrorBanner errors />
        <CodeForm
            errors
            verify=Callback::new(move |c| {
                verify.dispatch(c);
            })
            verifying=verify.pending()
            resend=Callback::new(move |()| {
                resend.dispatch(());
            })
            resending=resend.pending()
            wait
        />
    }
}
