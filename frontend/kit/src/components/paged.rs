//! A cursor-paged list: the first page as a resource (it reloads when the filters it reads
//! change), later pages appended by "Show more".
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portico_types::{Page, ProblemDetails};

type PageResult<T> = Result<Page<T>, ProblemDetails>;
/// Loads the page after `cursor` and appends it.
type LoadMore = Box<dyn Fn(String)>;

pub struct Paged<T: Send + Sync + 'static> {
    pub first: LocalResource<PageResult<T>>,
    /// Rows from the pages after the first.
    pub more: RwSignal<Vec<T>>,
    next: RwSignal<Option<String>>,
    more_error: RwSignal<Option<ProblemDetails>>,
    load: StoredValue<LoadMore, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Clone + Send + Sync + 'static> Paged<T> {
    /// `fetch(cursor)` loads one page; the signals it reads become the list's filters.
    pub fn new<Fut>(fetch: impl Fn(Option<String>) -> Fut + Copy + 'static) -> Self
    where
        Fut: Future<Output = PageResult<T>> + 'static,
    {
        let first = LocalResource::new(move || fetch(None));
        let more = RwSignal::new(Vec::new());
        let next = RwSignal::new(None);
        let more_error = RwSignal::new(None);
        // A new first page (new filters) starts the list over.
        Effect::new(move |_| {
            let cursor = first.get().and_then(|r| r.ok()).and_then(|p| p.next_cursor);
            more.set(Vec::new());
            more_error.set(None);
            next.set(cursor);
        });
        let load = StoredValue::new_local(Box::new(move |cursor: String| {
            let page = fetch(Some(cursor));
            spawn_local(async move {
                match page.await {
                    Ok(page) => {
                        more.update(|m| m.extend(page.items));
                        next.set(page.next_cursor);
                    }
                    Err(p) => more_error.set(Some(p)),
                }
            });
        }) as LoadMore);
        Self { first, more, next, more_error, load }
    }

    /// Whether the server has more rows (reactive).
    pub fn has_more(&self) -> bool {
        self.next.with(Option::is_some)
    }

    fn load_more(&self) {
        if let Some(cursor) = self.next.get_untracked() {
            self.more_error.set(None);
            self.load.with_value(|load| load(cursor));
        }
    }
}

/// The "Show more" button under a paged list, and why the next page failed if it did.
#[component]
pub fn ShowMore<T: Clone + Send + Sync + 'static>(paged: Paged<T>, label: &'static str) -> impl IntoView {
    view! {
        {move || paged.more_error.get().map(|p| view! { <p class="field-error" role="alert">{p.detail}</p> })}
        <Show when=move || paged.has_more()>
            <button type="button" class="button button-secondary" on:click=move |_| paged.load_more()>
                {label}
            </button>
        </Show>
    }
}
