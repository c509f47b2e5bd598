//! The experiment page's "F1 over time": each finished run's latest F1 by start time, the best so far and
//! the threshold, so a team sees whether retraining is improving. The page mounts it once the runs table has
//! its first page, so its bigger query never delays the first row.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use pulse_core::api::{Run, Tag};
use pulse_core::chart::{
    timeline_readout, timeline_spec, timeline_spec_by_series, ChartSpec, Threshold, HIT_RADIUS_PX,
};
use pulse_core::format::file_stem;
use pulse_core::tracking::diff::Direction;
use pulse_core::tracking::run_data::{
    finished_summary, model_of, thresholds_for, timeline_request,
};
use pulse_core::url_state::TIMELINE_OPEN;

use crate::api::search_runs;
use crate::app::use_config;
use crate::hooks::use_url_flag::{use_url_flag, UseUrlFlagOptions};
use crate::time::{next_task, offset_at};
use crate::ui::chart::{ChartCanvas, Pointer};
use crate::ui::error_view::ErrorView;

/// F1 over time across an experiment's finished runs.
#[component]
pub fn RunsTimeline(
    /// The experiment.
    experiment_id: String,
    /// The experiment's tags: its `pulse.model` picks the threshold for runs without their own.
    experiment_tags: Vec<Tag>,
) -> impl IntoView {
    let cfg = use_config();
    let data = LocalResource::new({
        let tags = experiment_tags;
        let (cfg, id) = (cfg.clone(), experiment_id.clone());
        move || {
            let (cfg, id, tags) = (cfg.clone(), id.clone(), tags.clone());
            async move {
                // Up to 1,000 runs, decoded a part a task; drawn in the task after the last part.
                let runs = search_runs(&cfg, &timeline_request(&id)).await?.runs;
                next_task().await;
                let models: Vec<Option<String>> = runs
                    .iter()
                    .map(|r| model_of(r, &tags).map(str::to_owned))
                    .collect();
                // Shared, not copied, by every read of the resource.
                Ok::<_, pulse_core::api::ApiError>((
                    Arc::new(runs),
                    thresholds_for(&cfg, &cfg.f1_metric, models.iter().map(|m| m.as_deref())),
                ))
            }
        }
    });
    let metric = cfg.f1_metric.clone();
    let title = format!("{metric} over time");
    let open = use_url_flag(UseUrlFlagOptions {
        flag: TIMELINE_OPEN,
    });
    view! {
        <details class="timeline" prop:open=open.on on:toggle=move |ev| open.follow_toggle(ev)>
            <summary>{title}</summary>
            // Read where it shows, with no Suspense boundary: the page's first content never waits for this
            // query, and the experiment page downloads none of Suspense's code.
            {move || match data.get() {
                None => view! { <p class="loading" role="status">"Loading finished runs…"</p> }.into_any(),
                Some(Ok((runs, thresholds))) => {
                    let summary = finished_summary(runs.len());
                    view! { <Timeline runs thresholds metric=metric.clone() summary /> }.into_any()
                }
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |_| data.refetch()) /> }.into_any(),
            }}
        </details>
    }
}

/// The F1-over-time chart of runs already read: one experiment's, or several experiments' with a colour
/// and a best-so-far line each.
#[component]
pub fn Timeline(
    /// The runs, any order.
    #[prop(into)]
    runs: Arc<Vec<Run>>,
    /// The threshold lines.
    thresholds: Vec<Threshold>,
    /// The metric drawn.
    metric: String,
    /// The line above the chart: how many runs it draws from.
    summary: String,
    /// Across experiments: each run's experiment (its place in `labels`).
    #[prop(optional)]
    series: Vec<usize>,
    /// Across experiments: the experiments' names; empty for one experiment.
    #[prop(optional)]
    labels: Vec<String>,
) -> impl IntoView {
    let higher = Direction::for_metric(&metric) == Direction::Higher;
    let spec = Some(ChartSpec::Timeline(if labels.is_empty() {
        timeline_spec(&runs, &metric, higher, thresholds, &offset_at)
    } else {
        timeline_spec_by_series(
            &runs, &series, &labels, &metric, higher, thresholds, &offset_at,
        )
    }));
    let f1_metric = use_config().f1_metric.clone();
    let hover = {
        let runs = runs.clone();
        Callback::new(move |p: Pointer| {
            let i = p.mark(HIT_RADIUS_PX)?.run;
            let r = runs.get(i)?;
            // Across experiments, the run's experiment heads the read-out.
            let experiment = series.get(i).and_then(|s| labels.get(*s));
            let offset = r.info.start_time.map_or(0, offset_at);
            Some(timeline_readout(
                r,
                &f1_metric,
                experiment.map(String::as_str),
                offset,
            ))
        })
    };
    let navigate = use_navigate();
    let on_pick = Callback::new(move |p: Pointer| {
        let Some(m) = p.mark(HIT_RADIUS_PX) else {
            return;
        };
        if let Some(r) = runs.get(m.run) {
            navigate(&format!("/runs/{}", r.info.run_id), Default::default());
        }
    });
    view! {
        <p class="muted timeline-summary">{summary}</p>
        <ChartCanvas spec=Signal::stored(spec) label=format!("{metric} of finished runs by start time, with the best so far")
            measure="pulse:chart:timeline" file_name=format!("{}-over-time", file_stem(&metric)) height=260 hover on_pick />
    }
}
