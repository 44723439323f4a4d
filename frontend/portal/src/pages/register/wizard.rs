//! The wizard: the step the server says, with its progress, and what a refused link shows.
use super::*;

#[component]
pub(super) fn Wizard(link: String) -> impl IntoView {
    let portal = use_portal();
    let reg = Reg::new(portal.client(), link);
    let open = move || {
        reg.refused.set(None);
        spawn_local(async move {
            if let Err(p) = reg.open().await {
                reg.refused.set(Some(p));
            }
        });
    };
    open();

    // Only a change of step (or of the link's fate) redraws the screen; the rest of the status
    // (resend timers, where a code went) updates in place.
    let step = Memo::new(move |_| reg.with_status(|s| s.step));
    let refused = Memo::new(move |_| reg.refused.get());
    Effect::new(move |first: Option<()>| {
        step.track();
        if first.is_some() {
            focus_heading();
        }
    });
    // A refused link may come before any status: then the practice is the one the problem names
    // (an invitation already used says where to sign in), else the one this browser remembers.
    let named = RwSignal::new(None::<PracticeBranding>);
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if asked || reg.status.with_untracked(Option::is_some) {
            return asked;
        }
        let Some(p) = refused.get() else { return false };
        let code = p.sign_in_path.as_deref().and_then(links::practice_code).or_else(links::remembered_practice);
        if let Some(code) = code {
            load_branding(reg.client, code, named);
        }
        true
    });
    let practice = Signal::derive(move || reg.with_status(|s| s.practice.clone()).or_else(|| named.get()));

    view! {
        <PortalCard practice wide=true>
            {move || match (refused.get(), step.get()) {
                (Some(p), _) => view! { <Refused p retry=open /> }.into_any(),
                (None, None) => view! { <Loading label="Opening your invitation…" /> }.into_any(),
                (None, Some(step)) => view! {
                    // Adding a patient to an existing account is one screen, not a step of four.
                    {(step != RegistrationStep::SignIn).then(|| view! { <Progress step /> })}
                    <div class="live-region" role="status" aria-live="polite">
                        {move || reg.note.get().map(|n| view! { <p class="banner banner-info">{n}</p> })}
                    </div>
                    {match step {
                        RegistrationStep::CreateAccount => view! { <CreateAccount reg /> }.into_any(),
                        RegistrationStep::SignIn => view! { <SignInToAdd reg /> }.into_any(),
                        RegistrationStep::VerifyEmail => view! { <VerifyEmail reg /> }.into_any(),
                        RegistrationStep::VerifyPhone => view! { <VerifyPhone reg /> }.into_any(),
                        RegistrationStep::Complete => view! { <Finish reg /> }.into_any(),
                    }}
                }
                    .into_any(),
            }}
            {move || practice.get().map(|practice| view! { <CallThePractice practice /> })}
        </PortalCard>
    }
}

#[component]
pub(super) fn Progress(step: RegistrationStep) -> impl IntoView {
    let n = step.number();
    view! {
        <div class="wizard-progress">
            <p class="wizard-step">{format!("Step {n} of 4")}</p>
            <ol class="progress-bar" aria-hidden="true">
                {(1..=4u8).map(|i| view! { <li class:done={i < n} class:current={i == n}></li> }).collect_view()}
            </ol>
        </div>
    }
}

/// The link does not work (or no longer): what happened, and what to do.
#[component]
pub(super) fn Refused(p: ProblemDetails, retry: impl Fn() + Copy + 'static) -> impl IntoView {
    // The server's `detail` says what to do; the title names what happened.
    let title = match p.code {
        ErrorCode::InvitationInvalid => "This invitation link doesn't work",
        ErrorCode::InvitationExpired => "This invitation has expired",
        ErrorCode::InvitationRevoked => "This invitation was withdrawn",
        ErrorCode::InvitationAccepted => "You have already registered",
        _ => "We couldn't open your invitation",
    };
    let transient = p.status == 0 || p.status >= 500;
    let accepted = p.code == ErrorCode::InvitationAccepted;
    let sign_in = links::local_path(p.sign_in_path.as_deref());
    view! {
        <h1 tabindex="-1">{title}</h1>
        <p class="lead">{p.detail}</p>
        {if accepted {
            view! {
                <a class="button button-primary button-large" href=sign_in>
                    "Sign in"
                </a>
            }
                .into_any()
        } else {
            view! {
                <p class="public-note">
                    <strong>"Already registered? "</strong>
                    <a href=sign_in>"Sign in to your portal"</a>
                </p>
            }
                .into_any()
        }}
        {transient
            .then(|| {
                view! {
                    <button type="button" class="button button-primary button-large" on:click=move |_| retry()>
                        "Try again"
                    </button>
                }
            })}
    }
}
