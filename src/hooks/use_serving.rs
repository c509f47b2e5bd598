//! The live serving state, polled once for the whole app: the shell creates it and provides it as
//! [`ServingState`], so the header's alert badge and the serving page read the same polls.
//!
//! The polling code (stats decoding, the registry reads, the overview's maths) is a wasm chunk of its own
//! (issue 10): the shell holds only the signals, and the chunk, fetched once the shell is on screen, fills
//! them. Without a stats URL none of it is downloaded.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::{select, Either};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
#[cfg(not(feature = "serving-first"))]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;
use pulse_core::api::ApiError;
use pulse_core::config::Config;
use pulse_core::registry::model_state::ModelState;
use pulse_core::serving::{
    overview, registered_models, registry_to_fetch, InstanceState, LiveState, MismatchWatch,
    Overview, StatsDoc, StatsFetchError,
};

use super::use_document_hidden::use_document_hidden;
use super::use_polling::{use_polling, UsePollingOptions};
use crate::api::{get_stats_answer, load_registry};
use crate::time::{next_task, sleep, tz_offset_minutes};

/// How long the first view waits for the registry of the models its first poll named before it shows without it.
const FIRST_REGISTRY_WAIT_MS: i32 = 1_000;
/// The User Timing measure around the reading of each poll's answers (decoding, and a new record of updates), for
/// the bench.
const READ_MEASURE: &str = "pulse:serving:read";
const READ_START: &str = "pulse:serving:read:start";
/// The User Timing measure around each poll's update (joining, aggregating, alerts), for the bench.
const MEASURE: &str = "pulse:serving:update";
const MEASURE_START: &str = "pulse:serving:update:start";
/// From the same start to the task after the update, by when the page has re-rendered what changed.
const RENDER_MEASURE: &str = "pulse:serving:render";

/// The serving overview as the latest poll left it, shared through context.
#[derive(Clone, Copy)]
pub struct ServingState {
    /// What the overview shows; None until the first poll finished.
    pub overview: Signal<Option<Arc<Overview>>>,
    /// Set to stop polling (the page's Pause button), clear to poll again at once.
    pub paused: RwSignal<bool>,
    /// Whether the tab is hidden (polling waits until it shows).
    pub hidden: Signal<bool>,
    /// Whether the polling code could not be downloaded: then nothing polls until [`ServingState::retry`].
    pub not_downloaded: Signal<bool>,
    /// Asks for the polling code again (after it did not download) and starts polling once it is here.
    pub retry: Callback<()>,
    /// Polls at once, instead of waiting out the longer wait after failed polls.
    pub poll_now: Callback<()>,
}

/// Options of [`use_serving`].
pub struct UseServingOptions {
    /// The runtime configuration: the stats URLs, the refresh interval, the alert limits.
    pub config: Arc<Config>,
}

/// What the overview remembers between polls.
#[derive(Default)]
struct Memory {
    instances: Vec<InstanceState>,
    live: LiveState,
    watch: MismatchWatch,
    registry: BTreeMap<String, ModelState>,
    registry_read_at: Option<i64>,
    registry_error: Option<String>,
}

type Answers = Vec<Result<(u16, String), ApiError>>;
type Docs = Vec<Result<StatsDoc, StatsFetchError>>;
type Registry = Vec<(String, Result<ModelState, ApiError>)>;

/// Polls every stats URL (in parallel) each `refresh_seconds`, and the registry of the served models at
/// most every 15 s, and keeps the overview up to date. The polling starts once its code has downloaded.
pub fn use_serving(options: UseServingOptions) -> ServingState {
    let published = RwSignal::new(None::<Arc<Overview>>);
    let paused = RwSignal::new(false);
    let hidden = use_document_hidden();
    let not_downloaded = RwSignal::new(false);
    let now = Trigger::new();
    let poller = Poller {
        config: options.config,
        published,
        paused: Signal::derive(move || paused.get() || hidden.get()),
        now,
    };
    // Under this (the shell's) owner, so the polling stops with it, also when Try again starts it from a click.
    let owner = Owner::current();
    let start = move || {
        let poller = poller.clone();
        not_downloaded.set(false);
        let spawn = move || {
            spawn_local_scoped_with_cancellation(async move {
                if start_polling(poller).await.is_err() {
                    not_downloaded.set(true);
                }
            })
        };
        match &owner {
            Some(owner) => owner.with(spawn),
            None => spawn(),
        }
    };
    start();
    ServingState {
        overview: published.into(),
        paused,
        hidden,
        not_downloaded: not_downloaded.into(),
        retry: Callback::new(move |()| start()),
        poll_now: Callback::new(move |()| now.notify()),
    }
}

/// What the polling code needs from [`use_serving`].
#[derive(Clone)]
struct Poller {
    config: Arc<Config>,
    /// Where each poll's overview goes.
    published: RwSignal<Option<Arc<Overview>>>,
    /// The user paused, or the tab is hidden.
    paused: Signal<bool>,
    /// Notified to poll at once.
    now: Trigger,
}

/// The split point: this and all it calls go into the `serving_poll` wasm chunk. Not the serving page's chunk: a
/// first visit to another page then downloads only the polling (77 KB brotli instead of 121 KB, and the serving
/// page 5 KB more, for the chunk they share).
#[cfg(not(feature = "serving-first"))]
#[wasm_split(serving_poll, wasm_split_path = ::leptos::wasm_split, fallible)]
fn start_polling(poller: Poller) -> Result<(), SplitLoaderError> {
    run(poller);
    Ok(())
}

/// In the build for the serving overview's addresses (src/app.rs), the polling is in the main wasm.
#[cfg(feature = "serving-first")]
async fn start_polling(poller: Poller) -> Result<(), SplitLoaderError> {
    run(poller);
    Ok(())
}

/// Starts the poll loop that keeps `poller.published` up to date.
fn run(poller: Poller) {
    let Poller {
        config,
        published,
        paused,
        now,
    } = poller;
    let memory = StoredValue::new(Memory {
        instances: config
            .stats_urls
            .iter()
            .map(|u| InstanceState::new(u))
            .collect(),
        ..Default::default()
    });
    let every = Duration::from_secs(u64::from(config.refresh_seconds.max(1)));
    let poll = move || {
        let config = config.clone();
        async move {
            let now = js_sys::Date::now() as i64;
            let due = memory.with_value(|m| {
                let names = registered_models(m.instances.iter().filter_map(|i| i.last.as_ref()));
                registry_to_fetch(&names, &m.registry, m.registry_read_at, now)
            });
            let stats =
                futures::future::join_all(config.stats_urls.iter().map(|u| get_stats_answer(u)));
            let (answers, registry) = futures::join!(stats, read_registry(&config, due.clone()));
            // Reading the answers, and then the update, each in a task of its own: on a first visit the answers
            // are already here as the shell mounts, and its render, reading a thousand updates, and joining and
            // aggregating them would be one long task.
            next_task().await;
            let docs = read(memory, answers);
            next_task().await;
            let now = js_sys::Date::now() as i64;
            let answered = update(memory, &config, Some(docs), registry, now);
            // Models seen for the first time are read now rather than on the next due read.
            let new = memory.with_value(|m| {
                let names = registered_models(m.instances.iter().filter_map(|i| i.last.as_ref()));
                let mut new = registry_to_fetch(&names, &m.registry, m.registry_read_at, now);
                new.retain(|n| !due.contains(n));
                new
            });
            if new.is_empty() {
                publish(published, answered);
            } else {
                // The first view waits a moment for the registry, so its cards do not grow under the reader; a
                // later poll shows its answer at once and the registry's when it comes.
                let first = published.with_untracked(Option::is_none);
                let wait = if first { FIRST_REGISTRY_WAIT_MS } else { 0 };
                let registry = with_deadline(read_registry(&config, new), wait, || {
                    publish(published, answered)
                })
                .await;
                let now = js_sys::Date::now() as i64;
                publish(published, update(memory, &config, None, registry, now));
            }
            memory.with_value(|m| m.instances.iter().any(|i| i.error.is_none()))
        }
    };
    use_polling(
        UsePollingOptions {
            every,
            back_off: true,
            paused,
            now,
        },
        poll,
    );
}

/// Shows an overview, and times its render.
fn publish(published: RwSignal<Option<Arc<Overview>>>, overview: Arc<Overview>) {
    published.set(Some(overview));
    measure_render();
}

/// `work`'s result; when it takes longer than `ms`, `meanwhile` runs at `ms` (at once for 0) and the wait goes on.
async fn with_deadline<T>(
    work: impl std::future::Future<Output = T>,
    ms: i32,
    meanwhile: impl FnOnce(),
) -> T {
    if ms <= 0 {
        meanwhile();
        return work.await;
    }
    let work = std::pin::pin!(work);
    match select(work, std::pin::pin!(sleep(ms))).await {
        Either::Left((done, _)) => done,
        Either::Right(((), work)) => {
            meanwhile();
            work.await
        }
    }
}

/// Ends the render measure in the next task: the effects that redraw the page run as microtasks before it.
fn measure_render() {
    set_timeout(
        || {
            if let Some(p) = window().performance() {
                let _ = p.measure_with_start_mark(RENDER_MEASURE, MEASURE_START);
            }
        },
        Duration::ZERO,
    );
}

/// Every named model's registry entry and versions, in parallel.
async fn read_registry(config: &Config, names: Vec<String>) -> Registry {
    let reads = names.iter().map(|n| load_registry(config, n));
    let results = futures::future::join_all(reads).await;
    names.into_iter().zip(results).collect()
}

/// Reads each stats URL's answer (see [`InstanceState::read`]), timed.
fn read(memory: StoredValue<Memory>, answers: Answers) -> Docs {
    let performance = window().performance();
    if let Some(p) = &performance {
        let _ = p.mark(READ_START);
    }
    let docs = memory.with_value(|m| {
        m.instances
            .iter()
            .zip(answers)
            .map(|(instance, answer)| {
                answer
                    .map_err(StatsFetchError::Http)
                    .and_then(|(status, body)| instance.read(status, &body))
            })
            .collect()
    });
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(READ_MEASURE, READ_START);
    }
    docs
}

/// Folds one poll's documents and registry reads into the memory and works out the overview, timed.
fn update(
    memory: StoredValue<Memory>,
    config: &Config,
    docs: Option<Docs>,
    registry: Registry,
    now: i64,
) -> Arc<Overview> {
    let performance = window().performance();
    if let Some(p) = &performance {
        let _ = p.mark(MEASURE_START);
    }
    let out = memory
        .try_update_value(|m| {
            for (instance, doc) in m.instances.iter_mut().zip(docs.into_iter().flatten()) {
                instance.observe(doc, now);
            }
            if !registry.is_empty() {
                m.registry_read_at = Some(now);
                m.registry_error = None;
            }
            for (name, read) in registry {
                match read {
                    Ok(state) => {
                        m.registry.insert(name, state);
                    }
                    Err(e) => {
                        m.registry_error = Some(format!("The registry could not be read: {e}"))
                    }
                }
            }
            let tz = tz_offset_minutes();
            let mut o = overview(
                &m.instances,
                &m.registry,
                &mut m.live,
                &mut m.watch,
                now,
                config,
                tz,
            );
            o.registry_error = m.registry_error.clone();
            Arc::new(o)
        })
        .unwrap_or_default();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(MEASURE, MEASURE_START);
    }
    out
}
