//! A paged list that survives bad queries: a new query's first page replaces the items only when it
//! arrives, and a failed one leaves what was shown in place with the error beside it.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use pulse_core::api::ApiError;

use crate::time::next_task;

/// One page: the items and the token of the next page, if any.
pub type Page<T> = (Vec<T>, Option<String>);
type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, ApiError>>>>;
type Fetch<T> = Rc<dyn Fn(Option<String>) -> PageFuture<T>>;

/// Reactive state of a paged list.
pub struct Paged<T: Send + Sync + 'static> {
    /// Everything loaded so far for the current query.
    pub items: RwSignal<Vec<T>>,
    /// Token of the next page; `None` once the last page is in.
    pub next: RwSignal<Option<String>>,
    /// A request is in flight.
    pub loading: RwSignal<bool>,
    /// The last request's error, cleared by the next success.
    pub error: RwSignal<Option<ApiError>>,
    /// At least one page of some query has arrived.
    pub fetched: RwSignal<bool>,
    /// Counts the times a first page replaced the items (see [`Paged::list_id`]).
    list_id: StoredValue<u64>,
    /// The page token of the last request sent (None for a first page): what a retry sends again.
    last_token: StoredValue<Option<String>>,
    generation: StoredValue<u64>,
    fetch: StoredValue<Option<Fetch<T>>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Send + Sync + 'static> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            fetched: RwSignal::new(false),
            list_id: StoredValue::new(0),
            last_token: StoredValue::new(None),
            generation: StoredValue::new(0),
            fetch: StoredValue::new_local(None),
        }
    }
}

impl<T: Send + Sync + 'static> Paged<T> {
    /// Loads the first page whenever `query` changes (and once now), fetching with `fetch(query, token)`.
    pub fn follow<Q, F, Fut>(self, query: impl Fn() -> Q + 'static, fetch: F)
    where
        Q: Clone + 'static,
        F: Fn(Q, Option<String>) -> Fut + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let fetch = Rc::new(fetch);
        Effect::new(move || {
            let (q, fetch) = (query(), fetch.clone());
            self.restart(move |token| fetch(q.clone(), token));
        });
    }

    /// Loads the first page of the current query again (retry, or a refresh to see new runs).
    pub fn reload(self) {
        self.run(None);
    }

    /// Sends the request that failed again: the next page when that was it (what is loaded stays, with the scroll
    /// position), else the first.
    pub fn retry(self) {
        self.run(self.last_token.get_value());
    }

    /// Starts a new query; answers to earlier queries still in flight are ignored.
    fn restart<F, Fut>(self, fetch: F)
    where
        F: Fn(Option<String>) -> Fut + 'static,
        Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    {
        let fetch: Fetch<T> = Rc::new(move |token| Box::pin(fetch(token)));
        self.fetch.set_value(Some(fetch));
        self.run(None);
    }

    /// Loads the next page of the current query, if there is one and nothing is in flight.
    pub fn more(self) {
        if self.loading.get_untracked() {
            return;
        }
        if let Some(token) = self.next.get_untracked() {
            self.run(Some(token));
        }
    }

    /// Which list the items are: the same number while pages are only added at the end of it, a new one once a
    /// first page replaced them. Not tracked: read it where the items are.
    pub fn list_id(self) -> u64 {
        self.list_id.try_get_value().unwrap_or_default()
    }

    /// MLflow's own complaint about the query (a 400), for beside the search box.
    pub fn query_error(self) -> Signal<Option<String>> {
        Signal::derive(move || match self.error.get() {
            Some(ApiError::Mlflow {
                status: 400,
                message,
                ..
            }) => Some(message),
            _ => None,
        })
    }

    /// Any other failure of the last request (server down, 401, …), for an error view with a retry.
    pub fn failure(self) -> Option<ApiError> {
        self.error
            .get()
            .filter(|e| !matches!(e, ApiError::Mlflow { status: 400, .. }))
    }

    fn run(self, token: Option<String>) {
        let Some(fetch) = self.fetch.get_value() else {
            return;
        };
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.loading.set(true);
        let append = token.is_some();
        self.last_token.set_value(token.clone());
        spawn_local(async move {
            let result = fetch(token).await;
            // Decoded in the task the answer arrived in; shown in the next.
            next_task().await;
            // The page may have gone, or a newer query started, while this one was in flight.
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok((items, next)) => {
                    if append {
                        self.items.try_update(|v| v.extend(items));
                    } else {
                        self.list_id.try_update_value(|n| *n += 1);
                        self.items.try_set(items);
                    }
                    self.next.try_set(next);
                    // Readers told only of a change: a set notifies them even of the same value, and these are read
                    // by views (the runs table's parent) that would run again per page.
                    self.error.maybe_update(|e| e.take().is_some());
                    self.fetched.maybe_update(|f| !std::mem::replace(f, true));
                }
                Err(e) => {
                    self.error.try_set(Some(e));
                }
            }
            self.loading.try_set(false);
        });
    }
}

/// The "Load more" button of a paged list: shown while there is a next page, disabled while loading.
#[component]
pub fn LoadMore<T: Send + Sync + 'static>(
    /// The list to extend.
    pages: Paged<T>,
) -> impl IntoView {
    move || {
        pages.next.with(Option::is_some).then(|| {
            view! {
                <button class="more" disabled=move || pages.loading.get() on:click=move |_| pages.more()>
                    "Load more"
                </button>
            }
        })
    }
}
