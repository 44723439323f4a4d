//! Step 3: a code by text message.
use super::*;

/// Step 3: a code by text, to the phone on file or to another number.
#[component]
pub(super) fn VerifyPhone(reg: Reg) -> impl IntoView {
    let errors = FormErrors::new("phone-code");
    let wait = Cooldown::new();
    follow_resend_timer(reg, wait);
    let phone_on_file = reg.with_status(|s| s.phone_on_file.clone()).flatten();
    let has_phone_on_file = phone_on_file.is_some();
    // Typing another number than the one on file (or there is none).
    let other_number = RwSignal::new(!has_phone_on_file);
    let phone = RwSignal::new(String::new());
    // The number the last code went to: `None` for the one on file.
    let last_number = StoredValue::new(None::<String>);
    // Choosing where the code goes, until one was sent.
    let choosing = RwSignal::new(reg.with_status(|s| s.code_sent_to.is_none()).unwrap_or(true));
    let sent = RwSignal::new(false);

    let send = Action::new_local(move |number: &Option<String>| {
        let number = number.clone();
        async move {
            last_number.set_value(number.clone());
            reg.advance(move |t| api::registration::send_phone_code(t, number.clone())).await
        }
    });
    let verify = Action::new_local(move |code: &String| {
        let code = code.clone();
        reg.advance(move |t| api::registration::verify_phone(t, code.clone()))
    });
    Effect::new(move |_| {
        if let Some(Err(p)) = verify.value().get() {
            show_problem(p, errors, wait, "code");
        }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(())) => {
            let was_choosing = choosing.get_untracked();
            choosing.set(false);
            sent.set(!was_choosing);
            if was_choosing {
                focus_heading();
            }
        }
        Some(Err(p)) => show_problem(p, errors, wait, if choosing.get_untracked() { "phone" } else { "code" }),
        None => {}
    });
    let send_to_typed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let typed = phone.get_untracked().trim().to_owned();
        if typed.chars().filter(char::is_ascii_digit).count() < 7 {
            errors.reject("phone", "Enter your mobile phone number, with area code.");
            focus_first_invalid();
            return;
        }
        send.dispatch(Some(typed));
    };
    let send_label = move || match (send.pending().get(), wait.left()) {
        (true, _) => "Sending…".to_owned(),
        (false, 0) => "Text me a code".to_owned(),
        (false, secs) => format!("Text me a code in {}", format::long_wait(secs)),
    };
    let on_file = StoredValue::new(phone_on_file);

    view! {
        <h1 tabindex="-1">"Confirm your mobile phone"</h1>
        {move || {
            if choosing.get() {
                view! {
                    <p class="lead">"We'll text you a 6-digit code to make sure this phone is yours."</p>
                    <ErrorBanner errors />
                    {move || {
                        if other_number.get() {
                            view! {
                                <form class="stack portal-form" novalidate on:submit=send_to_typed>
                                    <TextField
                                        label="Mobile phone number"
                                        field="phone"
                                        value=phone
                                        errors
                                        input_type="tel"
                                        autocomplete="tel"
                                        inputmode="tel"
                                        hint="A phone that can receive text messages. Message rates may apply."
                                    />
                                    <div class="form-actions">
                                        <button
                                            type="submit"
                                            class="button button-primary button-large"
                                            disabled=move || send.pending().get() || wait.waiting()
                                        >
                                            {send_label}
                                        </button>
                                    </div>
                                </form>
                                {has_phone_on_file
                                    .then(|| {
                                        view! {
                                            <div class="portal-links">
                                                <button type="button" class="button button-link" on:click=move |_| {
                                                    errors.clear();
                                                    other_number.set(false);
                                                }>
                                                    "Use the number on file instead"
                                                </button>
                                            </div>
                                        }
                                    })}
                            }
                                .into_any()
                        } else {
                            view! {
                                <p>
                                    "The phone number we have for you ends like this: "
                                    <strong class="nowrap">{on_file.get_value().unwrap_or_default()}</strong>
                                </p>
                                <div class="form-actions">
                                    <button
                                        type="button"
                                        class="button button-primary button-large"
                                        disabled=move || send.pending().get() || wait.waiting()
                                        on:click=move |_| {
                                            errors.clear();
                                            send.dispatch(None);
                                        }
                                    >
                                        {send_label}
                                    </button>
                                    <button type="button" class="button button-secondary button-large" on:click=move |_| {
                                        errors.clear();
                                        other_number.set(true);
                                    }>
                                        "Use a different number"
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                    }}
                }
                    .into_any()
            } else {
                let sent_to = move || reg.with_status(|s| s.code_sent_to.clone()).flatten().unwrap_or_default();
                view! {
                    <p class="lead">
                        "We texted a 6-digit code to " <span class="nowrap">{sent_to}</span> ". Enter it below."
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
                            send.dispatch(last_number.get_value());
                        })
                        resending=send.pending()
                        wait
                    />
                    <div class="portal-links">
                        <button type="button" class="button button-link" on:click=move |_| {
                            errors.clear();
                            sent.set(false);
                            choosing.set(true);
                            other_number.set(true);
                        }>
                            "Use a different number"
                        </button>
                    </div>
                }
                    .into_any()
            }
        }}
    }
}
