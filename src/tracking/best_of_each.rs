//! Above the table of several experiments' runs: each experiment's best run by a metric against its
//! model's threshold, its run count and latest run, the version serving its model, a ranked bar chart of
//! those best values, and F1 over time with a colour per experiment.

use std::collections::BTreeMap;

use leptos::prelude::*;
use pulse_core::api::ApiError;
use pulse_core::chart::{ranked_spec, ChartSpec};
use pulse_core::format::file_stem;
use pulse_core::tracking::diff::Direction;
use pulse_core::tracking::experiments_compare::{
    direction_value, holder_text, metric_choices, row_readout, timeline_runs, timeline_summary,
    BestRow, Holder, SideState, Verdict,
};
use pulse_core::tracking::run_data::thresholds_for;
use pulse_core::tracking::runs_table::metric_keys;
use pulse_core::url_state::TIMELINE_OPEN;

use crate::api::BestOfEach;
use crate::app::use_config;
use crate::hooks::use_best_of_each::{use_best_of_each, ExperimentsResource, UseBestOfEachOptions};
use crate::hooks::use_query_writer::{use_query_writer, QueryWrite};
use crate::hooks::use_url_flag::{use_url_flag, UseUrlFlagOptions};
use crate::time::local_datetime_or_dash;
use crate::tracking::runs_timeline::Timeline;
use crate::ui::chart::{ChartCanvas, Pointer};
use crate::ui::error_view::ErrorView;

/// The best-of-each section; it loads its own data, so the runs table never waits for it.
#[component]
pub fn BestOfEachPanel(
    /// The view's experiments, read once by the page.
    experiments: ExperimentsResource,
    /// The metric ranking the runs (`metric=`).
    metric: Signal<String>,
    /// Which way it improves (`better=`).
    direction: Signal<Direction>,
) -> impl IntoView {
    let data = use_best_of_each(UseBestOfEachOptions {
        cfg: use_config(),
        experiments,
        metric,
        direction,
    })
    .data;
    // Outside the boundary, so the picker keeps focus while the rows are read again; the metrics it offers are
    // the last rows'.
    let choices = RwSignal::new(Vec::new());
    let pending = RwSignal::new(false);
    view! {
        <section class="best-of-each" aria-labelledby="best-of-each-title">
            <h2 id="best-of-each-title">"Best of each"</h2>
            <MetricPicker choices metric direction />
            <div class="progress" class:active=move || pending.get() aria-hidden="true"></div>
            <div aria-busy=move || pending.get().to_string()>
            <Transition set_pending=pending.write_only()
                fallback=|| view! { <p class="loading" role="status">"Loading the best run of each experiment…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <BestOfEachView d choices /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| data.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
            </div>
        </section>
    }
}

#[component]
fn BestOfEachView(
    d: BestOfEach,
    /// Set to the metrics these rows' runs logged, for the picker.
    choices: RwSignal<Vec<String>>,
) -> impl IntoView {
    let cfg = use_config();
    let all: Vec<_> = d
        .sides
        .iter()
        .flat_map(|s| s.recent.iter().cloned())
        .collect();
    let open = use_url_flag(UseUrlFlagOptions {
        flag: TIMELINE_OPEN,
    });
    let logged = metric_keys(&all, &cfg.f1_metric);
    // Only when they change: the picker's options are redrawn under its focus otherwise.
    if choices.with_untracked(|c| *c != logged) {
        choices.set(logged);
    }
    let (runs, series, labels) = timeline_runs(&d.sides);
    let f1 = cfg.f1_metric.clone();
    let thresholds = thresholds_for(&cfg, &f1, d.rows.iter().map(|r| r.model.as_deref()));
    let summary = timeline_summary(d.sides.len());
    view! {
        <BestTable rows=d.rows.clone() holders=d.holders metric=d.metric.clone() f1=f1.clone() />
        <RankedChart rows=d.rows metric=d.metric direction=d.direction />
        <details class="timeline" prop:open=open.on on:toggle=move |ev| open.follow_toggle(ev)>
            <summary>{format!("{f1} over time")}</summary>
            <Timeline runs thresholds metric=f1 summary series labels />
        </details>
    }
}

/// The metric and direction the rows rank by, written to the URL (`metric=`, `better=`).
#[component]
fn MetricPicker(
    /// The metrics the runs logged (the one ranked by is offered too).
    choices: RwSignal<Vec<String>>,
    /// The metric ranked by.
    metric: Signal<String>,
    /// Which way it improves.
    direction: Signal<Direction>,
) -> impl IntoView {
    let writer = use_query_writer();
    let go = move |metric: &str, better: &str| {
        writer.write.run(QueryWrite {
            updates: vec![("metric", metric.to_owned()), ("better", better.to_owned())],
            replace: false,
        })
    };
    let on_metric = move |ev| go(&event_target_value(&ev), "");
    let on_direction = move |ev| {
        let d = if event_target_value(&ev) == "lower" {
            Direction::Lower
        } else {
            Direction::Higher
        };
        let current = metric.get_untracked();
        go(&current, direction_value(d, &current))
    };
    let options = move || {
        metric_choices(choices.get(), &metric.get())
            .into_iter()
            .map(|m| {
                let value = m.clone();
                view! { <option value=value prop:selected=move || metric.get() == m>{m.clone()}</option> }
            })
            .collect_view()
    };
    let is = move |d: Direction| move || direction.get() == d;
    view! {
        <div class="toolbar">
            <label>"Best by " <select on:change=on_metric>{options}</select></label>
            <label>
                <span class="visually-hidden">"Direction"</span>
                <select on:change=on_direction>
                    <option value="higher" prop:selected=is(Direction::Higher)>"higher is better"</option>
                    <option value="lower" prop:selected=is(Direction::Lower)>"lower is better"</option>
                </select>
            </label>
        </div>
    }
}

#[component]
fn BestTable(
    rows: Vec<BestRow>,
    holders: BTreeMap<String, Result<Holder, ApiError>>,
    metric: String,
    f1: String,
) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|row| {
            let holder = row.model.as_ref().and_then(|m| holders.get(m));
            let serving = holder_text(row.model.as_deref(), holder, &f1);
            view! { <BestRowView row=row metric=metric.clone() serving /> }
        })
        .collect_view();
    view! {
        <div class="best-scroll">
            <table class="best" aria-label="Best run of each experiment">
                <thead>
                    <tr>
                        <th scope="col">"Experiment"</th>
                        <th scope="col">"Best run"</th>
                        <th scope="col">{metric.clone()}</th>
                        <th scope="col">"Threshold"</th>
                        <th scope="col">"Runs"</th>
                        <th scope="col">"Latest run"</th>
                        <th scope="col">"Serving version"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
fn BestRowView(row: BestRow, metric: String, serving: String) -> impl IntoView {
    let name = match row.state {
        SideState::Missing => view! { <span>{row.name.clone()}</span> <span class="badge deleted">"not found"</span> }.into_any(),
        state => view! {
            <a href=format!("experiments/{}", row.experiment_id)>{row.name.clone()}</a>
            {(state == SideState::Deleted).then(|| view! { <span class="badge deleted">"deleted"</span> })}
        }
        .into_any(),
    };
    let best = row.best.as_ref().map(|b| {
        view! { <a href=format!("runs/{}", b.run_id)>{b.run_name.clone()}</a> }
    });
    let verdict = match row.verdict {
        Verdict::Passes => "verdict ok",
        Verdict::Below => "verdict below",
        _ => "verdict",
    };
    view! {
        <tr data-experiment-id=row.experiment_id.clone() class:deleted=row.state != SideState::Active>
            <td><span class=format!("swatch run-{}", row.color % 8)></span>{name}</td>
            <td class="best-run">{best}{row.best.is_none().then_some("—")}{row.note().map(|n| view! { <div class="muted note">{n}</div> })}</td>
            <td class="num value">{row.value_text(&metric)}</td>
            <td class=verdict>{row.verdict_text()}</td>
            <td class="num runs">{row.runs_text()}</td>
            <td>{local_datetime_or_dash(row.latest_start)}</td>
            <td class="serving">{serving}</td>
        </tr>
    }
}

#[component]
fn RankedChart(rows: Vec<BestRow>, metric: String, direction: Direction) -> impl IntoView {
    let spec = Some(ChartSpec::Ranked(ranked_spec(&rows, &metric, direction)));
    let hover = {
        let metric = metric.clone();
        Callback::new(move |p: Pointer| {
            let row = rows.get(p.mark(24.0)?.run)?;
            Some(row_readout(row, &metric))
        })
    };
    view! {
        <ChartCanvas spec=Signal::stored(spec) label=format!("Best {metric} of each experiment, ranked, with each model's threshold")
            measure="pulse:chart:ranked" file_name=format!("best-{}-per-experiment", file_stem(&metric)) height=260 hover />
    }
}
