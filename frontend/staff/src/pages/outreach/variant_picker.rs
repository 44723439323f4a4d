//! The variant picker: inserts `{{ key }}` at the message's cursor.
use super::*;

/// "Insert: Patient Portal Link" and the others: each puts `{{ key }}` into the message at the
/// cursor (or at the end before the cursor was placed), then returns to the message.
#[component]
pub(super) fn VariantPicker(
    variants: Vec<Variant>,
    body: RwSignal<String>,
    body_ref: NodeRef<html::Textarea>,
    caret_placed: RwSignal<bool>,
) -> impl IntoView {
    let announced = RwSignal::new(String::new());
    let insert = move |v: &Variant| {
        let snippet = placeholder(&v.key);
        let text = body.get_untracked();
        let el = body_ref.get_untracked();
        let selection = el
            .as_ref()
            .filter(|_| caret_placed.get_untracked())
            .and_then(|el| Some((el.selection_start().ok()??, el.selection_end().ok()??)));
        let (next, caret) = match selection {
            Some((start, end)) => insert_at(&text, start as usize, end as usize, &snippet),
            None => append(&text, &snippet),
        };
        if let Some(el) = &el {
            el.set_value(&next);
        }
        body.set(next);
        caret_placed.set(true);
        announced.set(format!("Inserted {} into the message.", v.label));
        if let Some(el) = el {
            let _ = el.focus();
            let caret = u32::try_from(caret).unwrap_or(u32::MAX);
            let _ = el.set_selection_range(caret, caret);
        }
    };
    view! {
        <div class="variant-picker" role="group" aria-labelledby="variant-picker-label">
            <p class="variant-picker-label" id="variant-picker-label">
                "Insert a variant at the cursor"
            </p>
            <div class="row-actions">
                {variants
                    .iter()
                    .cloned()
                    .map(|v| {
                        let label = format!("Insert: {}", v.label);
                        let v = StoredValue::new(v);
                        view! {
                            <button
                                type="button"
                                class="button button-small button-secondary"
                                on:click=move |_| v.with_value(|v| insert(v))
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <details class="variant-help">
                <summary>"What each variant inserts"</summary>
                <dl>
                    {variants
                        .into_iter()
                        .map(|v| {
                            view! {
                                <dt>
                                    {v.label} " " <code>{placeholder(&v.key)}</code>
                                </dt>
                                <dd>{v.description}</dd>
                            }
                        })
                        .collect_view()}
                </dl>
            </details>
            <p class="visually-hidden" aria-live="polite">
                {move || announced.get()}
            </p>
        </div>
    }
}
