//! Status and error messages. Each sits in a live region that is always in the page, so screen
//! readers announce the text when it appears (a region inserted together with its text is not).
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use portico_types::{ErrorCode, ProblemDetails};

use super::FormErrors;

/// What went wrong with a form as a whole. Field errors are told next to their fields; this
/// only counts them (the server's `detail` names fields by their JSON path, which is not for
/// people). Anything else shows the server's `detail`.
#[component]
pub fn ErrorBanner(errors: FormErrors) -> impl IntoView {
    view! {
        <div class="live-region" aria-live="assertive" aria-atomic="true">
            {move || errors.problem().map(|p| view! { <p class="banner banner-error">{summary(&p)}</p> })}
        </div>
    }
}

fn summary(p: &ProblemDetails) -> String {
    match (p.code, p.errors.as_slice()) {
        // A refused file (too big, a kind not taken) is told under the file picker too.
        (ErrorCode::ValidationFailed | ErrorCode::PayloadTooLarge | ErrorCode::UnsupportedMediaType, [one]) => {
            format!("Please check this field: {}", one.message)
        }
        (ErrorCode::ValidationFailed, [_, _, ..]) => {
            format!("{} fields need attention; each is marked below.", p.errors.len())
        }
        _ => p.detail.clone(),
    }
}

#[component]
pub fn Loading(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}

/// A read that failed. Offers to try again when that could help (no connection, server trouble),
/// not when the answer will not change (403, 404).
#[component]
fn LoadFailed(problem: ProblemDetails, retry: impl Fn() + 'static) -> impl IntoView {
    let transient = problem.status == 0 || problem.status >= 500;
    view! {
        <div class="banner banner-error" role="alert">
            <p>{problem.detail}</p>
            {transient
                .then(|| {
                    view! {
                        <button type="button" class="button button-secondary" on:click=move |_| retry()>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}

/// What a page shows for one read: a spinner while it loads, [`LoadFailed`] if it failed, and
/// `children` with the value once it is there. The children run reactively, so signals they read
/// re-render them like any other view.
#[component]
pub fn Loaded<T, V>(
    read: LocalResource<Result<T, ProblemDetails>>,
    #[prop(default = "Loading…")] loading: &'static str,
    /// Shown above the spinner and the failure only; the loaded view brings its own header, which
    /// can say more (a patient's name instead of "Patient").
    #[prop(optional, into)]
    header: ViewFn,
    children: impl Fn(T) -> V + Send + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match read.get() {
        None => view! {
            {header.run()}
            <Loading label=loading />
        }
        .into_any(),
        Some(Err(problem)) => view! {
            {header.run()}
            <LoadFailed problem retry=move || read.refetch() />
        }
        .into_any(),
        Some(Ok(value)) => children(value).into_any(),
    }
}

/// A message for the next page, e.g. "Patient saved." after a form navigates to the facesheet.
#[derive(Clone, Copy)]
pub struct Flash(RwSignal<Option<(String, String)>>);

impl Flash {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    /// Shows `message` once the app is at `path`.
    pub fn show_at(&self, path: impl Into<String>, message: impl Into<String>) {
        self.0.set(Some((path.into(), message.into())));
    }

    /// Shows `message` on the current page.
    pub fn show_here(&self, message: impl Into<String>) {
        self.show_at(current_path(), message);
    }
}

impl Default for Flash {
    fn default() -> Self {
        Self::new()
    }
}

fn current_path() -> String {
    leptos::prelude::location().pathname().unwrap_or_default()
}

/// Where flash messages appear; they disappear when the user moves to another page.
#[component]
pub fn FlashMessage() -> impl IntoView {
    let flash = expect_context::<Flash>();
    let path = use_location().pathname;
    Effect::new(move |_| {
        let here = path.get();
        if flash.0.with_untracked(|f| f.as_ref().is_some_and(|(at, _)| *at != here)) {
            flash.0.set(None);
        }
    });
    view! {
        <div class="live-region" role="status" aria-live="polite">
            {move || {
                flash
                    .0
                    .get()
                    .filter(|(at, _)| *at == path.get())
                    .map(|(_, message)| view! { <p class="banner banner-success">{message}</p> })
            }}
        </div>
    }
}
