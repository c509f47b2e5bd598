//! The best-of-each data of the view of several experiments, re-read when the metric or its direction
//! changes.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::api::{ApiError, Experiment};
use pulse_core::config::Config;
use pulse_core::tracking::diff::Direction;

use crate::api::{load_best_of_each, BestOfEach};

/// The experiments of the view as [`crate::api::load_experiments`] reads them.
pub type ExperimentsResource = LocalResource<Result<Vec<(String, Option<Experiment>)>, ApiError>>;

/// Options of [`use_best_of_each`].
pub struct UseBestOfEachOptions {
    /// The server settings.
    pub cfg: Arc<Config>,
    /// The view's experiments, read once by the page.
    pub experiments: ExperimentsResource,
    /// The metric ranking the runs.
    pub metric: Signal<String>,
    /// Which way it improves.
    pub direction: Signal<Direction>,
}

/// What [`use_best_of_each`] returns.
pub struct UseBestOfEachReturn {
    /// The rows, what they were computed from, and the serving versions.
    pub data: LocalResource<Result<BestOfEach, ApiError>>,
}

/// Reads each experiment's runs for the best-of-each rows once the experiments are known.
pub fn use_best_of_each(options: UseBestOfEachOptions) -> UseBestOfEachReturn {
    let UseBestOfEachOptions {
        cfg,
        experiments,
        metric,
        direction,
    } = options;
    let data = LocalResource::new(move || {
        let (cfg, metric, direction) = (cfg.clone(), metric.get(), direction.get());
        async move {
            let experiments = experiments.await?;
            load_best_of_each(&cfg, experiments, &metric, direction).await
        }
    });
    UseBestOfEachReturn { data }
}
