//! Labelled form fields that show the API's message for their field next to them.
use leptos::html;
use leptos::prelude::*;
use portico_types::{ErrorCode, FieldError, ProblemDetails};

use super::focus_first_invalid;
use crate::api::problem;

/// The last problem a form got back, and the ids of its fields. `Copy`, so every field can hold it.
#[derive(Clone, Copy)]
pub struct FormErrors {
    problem: RwSignal<Option<ProblemDetails>>,
    /// Keeps field ids unique when two forms share a page (the facesheet and its dialog).
    prefix: &'static str,
}

impl FormErrors {
    pub fn new(prefix: &'static str) -> Self {
        Self { problem: RwSignal::new(None), prefix }
    }

    pub fn set(&self, problem: ProblemDetails) {
        self.problem.set(Some(problem));
    }

    /// A problem found before asking the server, shown exactly like the server's own.
    pub fn reject(&self, field: &str, message: &str) {
        self.reject_all(vec![FieldError { field: field.to_owned(), message: message.to_owned() }]);
    }

    pub fn reject_all(&self, fields: Vec<FieldError>) {
        let mut p = problem(422, ErrorCode::ValidationFailed, "Check the form", "Check the highlighted fields.");
        p.errors = fields;
        self.set(p);
    }

    /// Checks before asking the server: `(field, missing, message)` for each required input. When
    /// any is missing, shows every such message at once, focuses the first and answers false.
    pub fn require(&self, checks: &[(&str, bool, &str)]) -> bool {
        let missing: Vec<FieldError> = checks
            .iter()
            .filter(|(_, missing, _)| *missing)
            .map(|(field, _, message)| FieldError { field: (*field).to_owned(), message: (*message).to_owned() })
            .collect();
        if missing.is_empty() {
            return true;
        }
        self.reject_all(missing);
        focus_first_invalid();
        false
    }

    /// Sets or clears the message of one field and keeps the others' (a file picker's check as
    /// files are chosen, while the rest of the form's messages stay). A problem that was about
    /// fields goes away with its last field message.
    pub fn set_field(&self, field: &str, message: Option<String>) {
        let mut p = match (self.problem.get_untracked(), &message) {
            (Some(p), _) => p,
            (None, Some(_)) => {
                problem(422, ErrorCode::ValidationFailed, "Check the form", "Check the highlighted fields.")
            }
            (None, None) => return,
        };
        let had_fields = !p.errors.is_empty();
        p.errors.retain(|e| e.field.strip_prefix(field).is_none_or(|rest| !(rest.is_empty() || rest.starts_with('['))));
        if let Some(message) = message {
            p.errors.push(FieldError { field: field.to_owned(), message });
        }
        // A problem about the form as a whole (no connection) stays until the next submit.
        let keep = !p.errors.is_empty() || (!had_fields && p.code != ErrorCode::ValidationFailed);
        self.problem.set(keep.then_some(p));
    }

    pub fn clear(&self) {
        self.problem.set(None);
    }

    /// The current problem (reactive).
    pub fn problem(&self) -> Option<ProblemDetails> {
        self.problem.get()
    }

    /// The message for `field` (reactive). A list field also collects its items' errors, so
    /// `online_scheduling.provider_ids[0]` shows beside the providers.
    pub fn message(&self, field: &str) -> Option<String> {
        self.problem.with(|p| {
            p.as_ref()?
                .errors
                .iter()
                .find(|e| e.field.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with('[')))
                .map(|e| e.message.clone())
        })
    }

    pub fn id(&self, field: &str) -> String {
        format!("{}-{}", self.prefix, field.replace(['.', '_'], "-"))
    }

    /// Follows a form's `save`: its value goes to `done`; a problem is shown next to the fields
    /// and focus moves to the first one in error.
    pub fn follow<I: 'static, T: Clone + 'static>(
        self,
        save: Action<I, Result<T, ProblemDetails>>,
        done: impl Fn(T) + 'static,
    ) {
        Effect::new(move |_| match save.value().get() {
            Some(Ok(value)) => done(value),
            Some(Err(problem)) => {
                self.set(problem);
                focus_first_invalid();
            }
            None => {}
        });
    }
}

/// The ids that describe a control: its hint, and its error while there is one.
pub(crate) fn described_by(
    errors: FormErrors,
    field: &'static str,
    has_hint: bool,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        let id = errors.id(field);
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if errors.message(field).is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
fn Hint(id: String, text: Option<&'static str>) -> impl IntoView {
    text.map(|text| view! { <p class="hint" id=format!("{id}-hint")>{text}</p> })
}

#[component]
pub(crate) fn FieldError(errors: FormErrors, field: &'static str) -> impl IntoView {
    let id = format!("{}-error", errors.id(field));
    move || {
        errors.message(field).map(|m| {
            view! {
                <p class="field-error" id=id.clone()>
                    <span class="visually-hidden">"Error: "</span>
                    {m}
                </p>
            }
        })
    }
}

#[component]
pub fn TextField(
    label: &'static str,
    /// The field's path as the API names it in `errors[].field`.
    field: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// Adds "(optional)" to the label; required is the quiet default.
    #[prop(optional)]
    optional: bool,
    #[prop(optional, into)] readonly: MaybeProp<bool>,
    #[prop(optional)] node_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let id = errors.id(field);
    view! {
        <div class="field" class:has-error=move || errors.message(field).is_some()>
            <label for=id.clone()>
                {label}
                {optional.then_some(view! { <span class="optional">" (optional)"</span> })}
            </label>
            <Hint id=id.clone() text=hint />
            <input
                id=id
                name=field
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                readonly=move || readonly.get().unwrap_or(false)
                aria-required=(!optional).then_some("true")
                aria-invalid=move || errors.message(field).is_some().then_some("true")
                aria-describedby=described_by(errors, field, hint.is_some())
                node_ref=node_ref
                bind:value=value
            />
            <FieldError errors field />
        </div>
    }
}

/// A multi-line text; `on_caret` runs when the caret may have moved (click, typing, focus), for
/// callers that insert at the cursor.
#[component]
pub fn TextAreaField(
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = 8)] rows: u32,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] node_ref: NodeRef<html::Textarea>,
    #[prop(optional)] on_caret: Option<Callback<()>>,
) -> impl IntoView {
    let id = errors.id(field);
    let caret = move || {
        if let Some(cb) = on_caret {
            cb.run(());
        }
    };
    view! {
        <div class="field" class:has-error=move || errors.message(field).is_some()>
            <label for=id.clone()>{label}</label>
            <Hint id=id.clone() text=hint />
            <textarea
                id=id
                name=field
                rows=rows
                aria-required="true"
                aria-invalid=move || errors.message(field).is_some().then_some("true")
                aria-describedby=described_by(errors, field, hint.is_some())
                node_ref=node_ref
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    caret();
                }
                on:focus=move |_| caret()
                on:click=move |_| caret()
                on:keyup=move |_| caret()
                on:select=move |_| caret()
            ></textarea>
            <FieldError errors field />
        </div>
    }
}

#[component]
pub fn SelectField(
    label: &'static str,
    field: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    /// `(value, label)` pairs.
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = errors.id(field);
    view! {
        <div class="field" class:has-error=move || errors.message(field).is_some()>
            <label for=id.clone()>{label}</label>
            <Hint id=id.clone() text=hint />
            <select
                id=id
                name=field
                aria-invalid=move || errors.message(field).is_some().then_some("true")
                aria-describedby=described_by(errors, field, hint.is_some())
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = v.clone();
                        view! { <option value=v selected=move || value.with(|cur| *cur == selected)>{l}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError errors field />
        </div>
    }
}

#[component]
pub fn CheckboxField(
    label: &'static str,
    field: &'static str,
    checked: RwSignal<bool>,
    errors: FormErrors,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = errors.id(field);
    view! {
        <div class="check" class:has-error=move || errors.message(field).is_some()>
            <input
                type="checkbox"
                id=id.clone()
                name=field
                aria-invalid=move || errors.message(field).is_some().then_some("true")
                aria-describedby=described_by(errors, field, hint.is_some())
                bind:checked=checked
            />
            <div class="check-text">
                <label for=id.clone()>{label}</label>
                <Hint id=id text=hint />
                <FieldError errors field />
            </div>
        </div>
    }
}

/// A group of checkboxes choosing several values, e.g. the providers offered online or a user's
/// roles. The API names the whole list in its error, so the message sits under the legend.
#[component]
pub fn Checklist<K>(
    legend: &'static str,
    field: &'static str,
    /// `(value, name, detail)`; an empty detail is left out.
    items: Vec<(K, String, String)>,
    selected: RwSignal<Vec<K>>,
    errors: FormErrors,
) -> impl IntoView
where
    K: Copy + PartialEq + Send + Sync + 'static,
{
    let group = errors.id(field);
    let error_id = format!("{group}-error");
    let invalid = move || errors.message(field).is_some();
    let empty = items.is_empty();
    view! {
        <fieldset class="checklist" class:has-error=invalid>
            <legend>{legend}</legend>
            <FieldError errors field />
            {empty.then_some(view! { <p class="muted">"None set up yet."</p> })}
            {items
                .into_iter()
                .enumerate()
                .map(|(i, (value, name, about))| {
                    let input_id = format!("{group}-{i}");
                    let error_id = error_id.clone();
                    view! {
                        <div class="check">
                            <input
                                type="checkbox"
                                id=input_id.clone()
                                aria-invalid=move || invalid().then_some("true")
                                aria-describedby=move || invalid().then(|| error_id.clone())
                                prop:checked=move || selected.with(|s| s.contains(&value))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| {
                                        s.retain(|x| *x != value);
                                        if on {
                                            s.push(value);
                                        }
                                    });
                                }
                            />
                            <div class="check-text">
                                <label for=input_id>
                                    {name}
                                    {(!about.is_empty()).then(|| view! { <span class="muted">{format!(" · {about}")}</span> })}
                                </label>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_fields_message_changes_and_the_others_stay() {
        let errors = FormErrors::new("t");
        errors.set_field("file", None);
        assert!(errors.problem().is_none());

        errors.reject("body", "Write a message first.");
        errors.set_field("file", Some("Too big.".to_owned()));
        assert_eq!(errors.message("body").as_deref(), Some("Write a message first."));
        assert_eq!(errors.message("file").as_deref(), Some("Too big."));

        errors.set_field("file", None);
        assert_eq!(errors.message("body").as_deref(), Some("Write a message first."));
        assert_eq!(errors.message("file"), None);

        // The last field message gone, the form's problem goes too.
        errors.set_field("body", None);
        assert!(errors.problem().is_none());

        // A server's problem about a field goes with it; one about the whole form stays.
        let mut too_big = problem(413, ErrorCode::PayloadTooLarge, "Too large", "A file is too big.");
        too_big.errors.push(FieldError { field: "file[1]".to_owned(), message: "Too big.".to_owned() });
        errors.set(too_big);
        errors.set_field("file", None);
        assert!(errors.problem().is_none());
        errors.set(problem(0, ErrorCode::Unavailable, "Offline", "Check your connection."));
        errors.set_field("file", None);
        assert!(errors.problem().is_some());
    }
}
