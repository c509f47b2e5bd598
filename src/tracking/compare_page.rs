use std::collections::HashMap;
use std::sync::Arc;

use futures::future::join_all;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use pulse_core::api::{ApiError, Experiment, Run};
use pulse_core::config::Config;
use pulse_core::tracking::run_data::{
    compare_experiments_request, compared_summary, model_of, runs_by_id_request, thresholds_for,
    MAX_COMPARED_RUNS,
};
use pulse_core::tracking::runs_table::metric_keys;
use pulse_core::url_state::parse_run_ids;

use crate::api::{get_run, search_experiments, search_runs};
use crate::app::{app_href, use_config};
use crate::hooks::use_compare_settings::{
    use_compare_settings, UseCompareSettingsOptions, UseCompareSettingsReturn,
};
use crate::tracking::compare_charts::CompareCharts;
use crate::tracking::diff_table::DiffTable;
use crate::tracking::trend_panel::{TrendPanel, TrendRun};
use crate::ui::error_view::ErrorView;

/// The runs being compared and their experiments.
#[derive(Clone)]
struct Loaded {
    runs: Vec<Run>,
    experiments: HashMap<String, Experiment>,
    /// Runs that could not be read: (id, why).
    missing: Vec<(String, ApiError)>,
}

/// Two requests however many runs: every experiment, then one `runs/search` for the runs across them.
/// A run not found that way (deleted since, or in an experiment past the first 1,000) is read with
/// `runs/get`, which also says why it cannot be read.
async fn load(cfg: Arc<Config>, ids: Vec<String>) -> Result<Loaded, ApiError> {
    let experiments: HashMap<String, Experiment> =
        search_experiments(&cfg, &compare_experiments_request())
            .await?
            .experiments
            .into_iter()
            .map(|e| (e.experiment_id.clone(), e))
            .collect();
    let found = search_runs(
        &cfg,
        &runs_by_id_request(experiments.keys().cloned().collect(), &ids),
    )
    .await?;
    let mut by_id: HashMap<String, Run> = found
        .runs
        .into_iter()
        .map(|r| (r.info.run_id.clone(), r))
        .collect();
    let rest: Vec<&String> = ids.iter().filter(|id| !by_id.contains_key(*id)).collect();
    let results = join_all(rest.iter().map(|id| get_run(&cfg, id))).await;
    let mut missing = Vec::new();
    for (id, result) in rest.into_iter().zip(results) {
        match result {
            Ok(r) => {
                by_id.insert(id.clone(), r.run);
            }
            Err(e) => missing.push((id.clone(), e)),
        }
    }
    // In the order of the link, which is the order of the columns and colours.
    let runs = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok(Loaded {
        runs,
        experiments,
        missing,
    })
}

/// `/compare?runs=a,b,c`: the diff table, metric history and comparison charts of up to 100 runs.
#[component]
pub fn ComparePage() -> impl IntoView {
    let cfg = use_config();
    let query = use_query_map();
    let all_ids = Memo::new(move |_| parse_run_ids(&query.read().get("runs").unwrap_or_default()));
    let ids = Memo::new(move |_| {
        all_ids.with(|ids| {
            ids.iter()
                .take(MAX_COMPARED_RUNS)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let loaded = LocalResource::new(move || load(cfg.clone(), ids.get()));
    let over_cap = move || {
        let n = all_ids.with(Vec::len);
        (n > MAX_COMPARED_RUNS).then(|| view! {
            <p class="banner warning" role="status">
                {format!("{n} runs were selected; Pulse compares at most {MAX_COMPARED_RUNS} at once (MLflow's history endpoint takes 100 runs a call), so the first {MAX_COMPARED_RUNS} are shown.")}
            </p>
        })
    };
    view! {
        <section class="page compare">
            <nav class="crumbs" aria-label="Breadcrumb"><A href=app_href("/experiments")>"Experiments"</A></nav>
            <h1>"Compare runs"</h1>
            {over_cap}
            {move || if ids.with(Vec::is_empty) {
                view! {
                    <p class="empty">"No runs to compare. Tick runs in an experiment's runs table, then choose "<strong>"Compare"</strong>"."</p>
                }.into_any()
            } else {
                view! {
                    <Transition fallback=|| view! { <p class="loading" role="status">"Loading runs…"</p> }>
                        {move || Suspend::new(async move {
                            match loaded.await {
                                Ok(data) => view! { <CompareView data /> }.into_any(),
                                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| loaded.refetch()) /> }.into_any(),
                            }
                        })}
                    </Transition>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CompareView(data: Loaded) -> impl IntoView {
    let cfg = use_config();
    let Loaded {
        runs,
        experiments,
        missing,
    } = data;
    let metrics = metric_keys(&runs, &cfg.f1_metric);
    let settings = use_compare_settings(UseCompareSettingsOptions {
        metrics: metrics.clone(),
        runs: runs.iter().map(|r| r.info.run_id.clone()).collect(),
    });
    let UseCompareSettingsReturn {
        trend,
        diff_only,
        flipped,
        focus,
        ..
    } = settings;
    let models: Vec<Option<String>> = runs
        .iter()
        .map(|r| {
            let tags = experiments
                .get(&r.info.experiment_id)
                .map(|e| e.tags.as_slice())
                .unwrap_or(&[]);
            model_of(r, tags).map(str::to_owned)
        })
        .collect();
    let thresholds = {
        let cfg = cfg.clone();
        Callback::new(move |metric: String| {
            thresholds_for(&cfg, &metric, models.iter().map(|m| m.as_deref()))
        })
    };
    let trend_runs: Vec<TrendRun> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| TrendRun {
            id: r.info.run_id.clone(),
            label: r.display_name().to_owned(),
            color: i,
        })
        .collect();
    let names: HashMap<String, String> = experiments
        .iter()
        .map(|(id, e)| (id.clone(), e.name.clone()))
        .collect();
    if runs.is_empty() {
        return view! {
            <MissingNote missing />
            <p class="empty">"None of the selected runs could be loaded."</p>
        }
        .into_any();
    }
    let summary = compared_summary(&runs);
    let runs = Arc::new(runs);
    view! {
        <MissingNote missing />
        <p class="muted">{summary}</p>
        <h2>"Metric history"</h2>
        <TrendPanel runs=trend_runs metrics=metrics.clone() thresholds state=trend />
        <h2>"Runs side by side"</h2>
        <DiffTable runs=runs.clone() experiments=names primary=cfg.f1_metric.clone() diff_only flipped focus />
        <h2>"Charts"</h2>
        <CompareCharts runs thresholds metrics settings focus />
    }
    .into_any()
}

/// Which of the selected runs could not be read, and why; nothing when all could.
#[component]
fn MissingNote(
    /// The runs not read: (id, why).
    missing: Vec<(String, ApiError)>,
) -> impl IntoView {
    (!missing.is_empty()).then(|| {
        let list: Vec<String> = missing.iter().map(|(id, e)| format!("{id} ({e})")).collect();
        view! {
            <p class="banner warning" role="status">
                {format!("{} of the selected runs could not be loaded and are left out: {}", missing.len(), list.join("; "))}
            </p>
        }
    })
}
