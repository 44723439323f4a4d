//! The six-digit code form of steps 2 and 3, and their resend countdown.
use super::*;

/// The six-digit code field and its "Send a new code" button, shared by both verify steps.
#[component]
pub(super) fn CodeForm(
    errors: FormErrors,
    /// Sends the typed code.
    verify: Callback<String>,
    verifying: Memo<bool>,
    /// Sends a new code.
    resend: Callback<()>,
    resending: Memo<bool>,
    wait: Cooldown,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        match clean_code(&code.get_untracked()) {
            Some(c) => verify.run(c),
            None => {
                errors.reject("code", "Enter the 6 numbers from the message.");
                focus_first_invalid();
            }
        }
    };
    view! {
        <form class="stack portal-form" novalidate on:submit=on_submit>
            <TextField
                label="6-digit code"
                field="code"
                value=code
                errors
                inputmode="numeric"
                autocomplete="one-time-code"
                hint="The code works for 10 minutes."
            />
            <div class="form-actions">
                <button type="submit" class="button button-primary button-large" disabled=move || verifying.get()>
                    {move || if verifying.get() { "Checking…" } else { "Continue" }}
                </button>
            </div>
        </form>
        <div class="resend">
            <p class="hint">"Didn't get it? Wait a minute and check your spam folder, or ask for a new code."</p>
            <button
                type="button"
                class="button button-secondary"
                disabled=move || resending.get() || wait.waiting()
                on:click=move |_| {
                    errors.clear();
                    resend.run(());
                }
            >
                {move || match (resending.get(), wait.left()) {
                    (true, _) => "Sending…".to_owned(),
                    (false, 0) => "Send a new code".to_owned(),
                    (false, secs) => format!("Send a new code in {}", format::long_wait(secs)),
                }}
            </button>
        </div>
    }
}

/// Keeps a step's resend countdown in line with the server's `resend_in_seconds` (REG-3).
pub(super) fn follow_resend_timer(reg: Reg, wait: Cooldown) {
    Effect::new(move |_| {
        if let Some(secs) = reg.with_status(|s| s.resend_in_seconds) {
            wait.start(secs);
        }
    });
}

/// What a failed send or check shows: a countdown for 429, else the problem by its field.
/// `field` is the one on screen (the code, or the phone number while choosing where to text).
pub(super) fn show_problem(p: ProblemDetails, errors: FormErrors, wait: Cooldown, field: &str) {
    if p.status == 429 {
        wait.start_from(&p);
        // Longer than the resend wait: a safety limit (codes or wrong tries an hour), which the
        // person must be told in words, beside the field they were using.
        if p.retry_after_seconds.is_some_and(|s| s > 30) {
            errors.reject(field, &p.detail);
            focus_first_invalid();
        }
    } else if p.code != ErrorCode::RegistrationStepOutOfOrder && !is_link_problem(&p) {
        errors.set(p);
        focus_first_invalid();
    }
}
