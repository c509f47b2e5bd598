use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pulse_core::api::ModelVersion;
use pulse_core::format::format_metric;
use pulse_core::registry::history::{history, HISTORY_TAG_PREFIX};
use pulse_core::registry::model_state::ModelState;
use pulse_core::tracking::run_data::thresholds_for;

use crate::api::load_version_state;
use crate::app::{app_href, use_config};
use crate::hooks::use_trend_settings::{use_trend_settings, UseTrendSettingsOptions};
use crate::registry::history_table::HistoryTable;
use crate::time::local_datetime_or_dash;
use crate::tracking::trend_panel::{TrendPanel, TrendRun};
use crate::ui::error_view::ErrorView;
use crate::ui::kv_table::KvTable;

/// `/models/:name/versions/:version`: one version's details and tags, and the model's promotion history.
#[component]
pub fn VersionPage() -> impl IntoView {
    let cfg = use_config();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        let p = params.read();
        (
            p.get("name").unwrap_or_default(),
            p.get("version").unwrap_or_default(),
        )
    });
    let state = LocalResource::new(move || {
        let (cfg, (name, version)) = (cfg.clone(), key.get());
        async move { load_version_state(&cfg, &name, &version).await }
    });
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading version…"</p> }>
                {move || Suspend::new(async move {
                    let (_, version) = key.get_untracked();
                    match state.await {
                        Ok(s) => view! { <VersionView state=s version /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| state.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn VersionView(state: ModelState, version: String) -> impl IntoView {
    let model_href = format!(
        "/models/{}",
        js_sys::encode_uri_component(&state.model.name)
    );
    let model_name = state.model.name.clone();
    let crumbs = view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <A href=app_href("/models")>"Models"</A> " / " <A href=app_href(&model_href)>{model_name}</A>
        </nav>
    };
    let Some(v) = state.version(&version).cloned() else {
        let message = format!(
            "Version {version} of {} does not exist (deleted, or a wrong link).",
            state.model.name
        );
        return view! {
            {crumbs}
            <div class="error-view" role="alert"><h2>"Not found"</h2><p>{message}</p></div>
        }
        .into_any();
    };
    let run = (!v.run_id.is_empty()).then(|| {
        let (href, id) = (format!("/runs/{}", v.run_id), v.run_id.clone());
        view! { <p>"Source run: " <A href=app_href(&href)>{id}</A></p> }
    });
    let trend = (!v.run_id.is_empty()).then(|| {
        view! { <SourceRunTrend model=state.model.name.clone() run_id=v.run_id.clone() version=version.clone() /> }
    });
    let entries = history(&state.versions);
    view! {
        {crumbs}
        <h1>{format!("{} v{version}", state.model.name)}</h1>
        {run}
        {trend}
        {version_tables(&state, &v)}
        <h2>"Promotion history of this model"</h2>
        <HistoryTable entries />
    }
    .into_any()
}

/// The source run's training history, against this model's threshold.
#[component]
fn SourceRunTrend(
    /// The model, whose threshold is drawn.
    model: String,
    /// The version's source run.
    run_id: String,
    /// The version, for the legend.
    version: String,
) -> impl IntoView {
    let cfg = use_config();
    let thresholds = {
        let cfg = cfg.clone();
        Callback::new(move |metric: String| thresholds_for(&cfg, &metric, [Some(model.as_str())]))
    };
    let runs = vec![TrendRun {
        id: run_id,
        label: format!("v{version} source run"),
        color: 0,
    }];
    let metrics = vec![cfg.f1_metric.clone()];
    let state = use_trend_settings(UseTrendSettingsOptions {
        metrics: metrics.clone(),
    })
    .state;
    view! {
        <h2>"Source run history"</h2>
        <TrendPanel runs metrics thresholds state />
    }
}

/// The version's details and its tags (without the promotion history's own).
fn version_tables(state: &ModelState, v: &ModelVersion) -> impl IntoView {
    let aliases = state
        .aliases_of(&v.version)
        .iter()
        .map(|a| format!("@{a}"))
        .collect::<Vec<_>>()
        .join(" ");
    let info = vec![
        ("Stage".to_owned(), v.current_stage.clone()),
        ("Aliases".to_owned(), aliases),
        (
            "F1".to_owned(),
            state
                .f1_of(&v.version)
                .map(format_metric)
                .unwrap_or_else(|| "—".to_owned()),
        ),
        ("Status".to_owned(), v.status.clone()),
        (
            "Created".to_owned(),
            local_datetime_or_dash(v.creation_timestamp),
        ),
        (
            "Updated".to_owned(),
            local_datetime_or_dash(v.last_updated_timestamp),
        ),
        ("Source".to_owned(), v.source.clone()),
        ("Description".to_owned(), v.description.clone()),
    ];
    let mut tags: Vec<(String, String)> = v
        .tags
        .iter()
        .filter(|t| !t.key.starts_with(HISTORY_TAG_PREFIX))
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect();
    tags.sort();
    view! {
        <div class="grid">
            <div><h2>"Details"</h2><KvTable label="Version details" rows=info empty="" /></div>
            <div><h2>"Tags"</h2><KvTable label="Version tags" rows=tags empty="No tags." /></div>
        </div>
    }
}
