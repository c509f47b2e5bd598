use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pulse_core::api::{is_system_tag, Experiment, Run, Tag};
use pulse_core::format::{format_full, format_run_duration};
use pulse_core::tracking::row_text::status_class;
use pulse_core::tracking::run_data::{model_of, thresholds_for};
use pulse_core::tracking::runs_table::metric_keys;
use pulse_core::url_state::SYSTEM_TAGS_OPEN;

use crate::api::{get_experiment, get_run};
use crate::app::{app_href, use_config};
use crate::hooks::use_trend_settings::{use_trend_settings, UseTrendSettingsOptions};
use crate::hooks::use_url_flag::{use_url_flag, UseUrlFlagOptions};
use crate::time::local_datetime_or_dash;
use crate::tracking::trend_panel::{TrendPanel, TrendRun};
use crate::ui::error_view::ErrorView;
use crate::ui::kv_table::KvTable;

/// `/runs/:run_id`: a run's info, params, latest metrics and tags.
#[component]
pub fn RunPage() -> impl IntoView {
    let cfg = use_config();
    let params = use_params_map();
    let run_id = Memo::new(move |_| params.read().get("run_id").unwrap_or_default());
    let run = LocalResource::new(move || {
        let (cfg, id) = (cfg.clone(), run_id.get());
        async move { get_run(&cfg, &id).await.map(|r| r.run) }
    });
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading run…"</p> }>
                {move || Suspend::new(async move {
                    match run.await {
                        Ok(run) => view! { <RunDetails run /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| run.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

type ExperimentResource = LocalResource<Option<Experiment>>;

#[component]
fn RunDetails(run: Run) -> impl IntoView {
    let cfg = use_config();
    let exp_id = run.info.experiment_id.clone();
    let experiment: ExperimentResource = LocalResource::new({
        let (cfg, exp_id) = (cfg.clone(), exp_id.clone());
        move || {
            let (cfg, exp_id) = (cfg.clone(), exp_id.clone());
            async move {
                get_experiment(&cfg, &exp_id)
                    .await
                    .map(|r| r.experiment)
                    .ok()
            }
        }
    });
    let mlflow_link =
        cfg.mlflow_ui_link(&format!("experiments/{}/runs/{}", exp_id, run.info.run_id));
    let description = run.tag("mlflow.note.content").map(str::to_owned);
    let parent = run.parent_id().map(|p| {
        let (href, p) = (format!("/runs/{p}"), p.to_owned());
        view! { <p>"Child of run " <A href=app_href(&href)>{p}</A></p> }
    });

    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <A href=app_href("/experiments")>"Experiments"</A>
            " / "
            <A href=app_href(&format!("/experiments/{exp_id}"))>
                {move || {
                    experiment
                        .get()
                        .flatten()
                        .map(|e| e.name)
                        .unwrap_or_else(|| format!("Experiment {}", exp_id))
                }}
            </A>
        </nav>
        <div class="page-head">
            <h1>{run.display_name().to_owned()}</h1>
            <span class=status_class(&run.info.status)>{run.info.status.clone()}</span>
            {(run.info.lifecycle_stage == "deleted").then(|| view! { <span class="badge deleted">"deleted"</span> })}
            {mlflow_link.map(|href| view! { <a class="external" href=href target="_blank" rel="noopener noreferrer">"Open in MLflow ↗"</a> })}
        </div>
        {parent}
        {description.map(|d| view! { <p class="description">{d}</p> })}
        <RunTrend run=run.clone() experiment />
        {run_tables(&run)}
    }
}

/// The run's metric history, against its model's threshold (the model from the run's or its experiment's
/// tags); nothing when it logged no metrics.
#[component]
fn RunTrend(
    /// The run.
    run: Run,
    /// Its experiment, whose tags may name the model.
    experiment: ExperimentResource,
) -> impl IntoView {
    let cfg = use_config();
    let metric_names = metric_keys(std::slice::from_ref(&run), &cfg.f1_metric);
    (!metric_names.is_empty()).then(|| {
        let state = use_trend_settings(UseTrendSettingsOptions {
            metrics: metric_names.clone(),
        })
        .state;
        let runs = vec![TrendRun {
            id: run.info.run_id.clone(),
            label: run.display_name().to_owned(),
            color: 0,
        }];
        let thresholds = Callback::new(move |metric: String| {
            let tags = experiment
                .get()
                .flatten()
                .map(|e| e.tags)
                .unwrap_or_default();
            thresholds_for(&cfg, &metric, [model_of(&run, &tags)])
        });
        view! {
            <h2>"Metric history"</h2>
            <TrendPanel runs metrics=metric_names thresholds state />
        }
    })
}

/// Info, latest metrics, params, and user and system tags, each sorted.
fn run_tables(run: &Run) -> impl IntoView {
    let open = use_url_flag(UseUrlFlagOptions {
        flag: SYSTEM_TAGS_OPEN,
    });
    let info = vec![
        ("Run ID".to_owned(), run.info.run_id.clone()),
        ("Status".to_owned(), run.info.status.clone()),
        ("User".to_owned(), run.info.user_id.clone()),
        (
            "Start".to_owned(),
            local_datetime_or_dash(run.info.start_time),
        ),
        ("End".to_owned(), local_datetime_or_dash(run.info.end_time)),
        ("Duration".to_owned(), format_run_duration(run)),
        ("Artifacts".to_owned(), run.info.artifact_uri.clone()),
    ];
    let pairs = |items: &[Tag]| -> Vec<(String, String)> {
        let mut v: Vec<_> = items
            .iter()
            .map(|p| (p.key.clone(), p.value.clone()))
            .collect();
        v.sort();
        v
    };
    let params = pairs(&run.data.params);
    let mut metrics: Vec<(String, String)> = run
        .data
        .metrics
        .iter()
        .map(|m| (m.key.clone(), format_full(m.value)))
        .collect();
    metrics.sort();
    let (system, user): (Vec<_>, Vec<_>) = pairs(&run.data.tags)
        .into_iter()
        .partition(|(k, _)| is_system_tag(k));
    let system_count = format!("System tags ({})", system.len());
    view! {
        <div class="grid">
            <div>
                <h2>"Info"</h2>
                <KvTable label="Run info" rows=info empty="" />
            </div>
            <div>
                <h2>"Metrics (latest)"</h2>
                <KvTable label="Metrics" rows=metrics empty="No metrics logged." />
            </div>
            <div>
                <h2>"Params"</h2>
                <KvTable label="Params" rows=params empty="No params logged." />
            </div>
            <div>
                <h2>"Tags"</h2>
                <KvTable label="Tags" rows=user empty="No tags." />
                <details class="system-tags" prop:open=open.on on:toggle=move |ev| open.follow_toggle(ev)>
                    <summary>{system_count}</summary>
                    <KvTable label="System tags" rows=system empty="None." />
                </details>
            </div>
        </div>
    }
}
