//! The update history: what the service did with each candidate, joined with the registry's promotions,
//! filtered by model and outcome through the URL (`?model=&outcome=`), which also keeps how many rows show.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pulse_core::serving::{
    history_shown_value, parse_history_shown, timeline_row, OutcomeFilter, Overview,
    TimelineFilter, TimelineRow, HISTORY_ROWS, HISTORY_SHOWN_KEY,
};

use crate::hooks::use_query_writer::{use_query_writer, QueryWrite};
use crate::hooks::use_url_settings::{use_url_settings, UseUrlSettingsOptions};
use crate::time::{offset_at, tz_offset_minutes};
use crate::ui::table_head::TableHead;

/// `<table aria-label="Update history">`, newest first, with its "Model" and "Outcome" filters.
#[component]
pub fn UpdateHistory(
    /// The overview the timeline is read from.
    overview: Signal<Option<Arc<Overview>>>,
) -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| TimelineFilter::from_params(q.get_str("model"), q.get_str("outcome")))
    });
    // How many rows show: "Show more" adds HISTORY_ROWS; kept in the URL (`shown=`).
    let limit = RwSignal::new(HISTORY_ROWS);
    use_url_settings(UseUrlSettingsOptions {
        pairs: move || vec![(HISTORY_SHOWN_KEY, history_shown_value(limit.get()))],
        apply: move |get: &dyn Fn(&str) -> String| {
            limit.set(parse_history_shown(&get(HISTORY_SHOWN_KEY)))
        },
    });
    // (rows shown, events matching, events in all)
    let rows = Memo::new(move |_| {
        let (f, tz) = (filter.get(), tz_offset_minutes());
        overview.with(|o| {
            let Some(o) = o else {
                return (Vec::new(), 0, 0);
            };
            let matching = f.apply(&o.timeline);
            let shown = matching
                .iter()
                .take(limit.get())
                // Each row in the offset of its own date (daylight saving as it was then).
                .map(|e| timeline_row(e, e.at.map_or(tz, offset_at)))
                .collect();
            (shown, matching.len(), o.timeline.len())
        })
    });
    // The overview's models, and the URL's when the overview does not know it (yet).
    let models = Memo::new(move |_| {
        let mut models =
            overview.with(|o| o.as_ref().map(|o| o.models.clone()).unwrap_or_default());
        if let Some(m) = filter.with(|f| f.model.clone()) {
            if !models.contains(&m) {
                models.push(m);
            }
        }
        models
    });
    view! {
        <HistoryFilter filter models=models.into() />
        // Laid out and painted only near the screen (style/serving.css): most of the page's elements, at its end.
        <div class="history-box">
            {move || rows.with(|(shown, _, all)| history_table(shown.clone(), *all))}
        </div>
        <ShowMore rows limit />
    }
}

/// The "Model" and "Outcome" selects; a choice goes into the URL (`?model=&outcome=`), so it can be linked
/// and the browser's back and forward buttons step through choices.
#[component]
fn HistoryFilter(
    /// The filter as the URL has it.
    filter: Memo<TimelineFilter>,
    /// The models to offer.
    models: Signal<Vec<String>>,
) -> impl IntoView {
    let writer = use_query_writer();
    let go = move |f: TimelineFilter| {
        writer.write.run(QueryWrite {
            updates: f.pairs(),
            replace: false,
        })
    };
    let on_model = move |ev| {
        let model = Some(event_target_value(&ev)).filter(|m| !m.is_empty());
        go(TimelineFilter {
            model,
            ..filter.get_untracked()
        })
    };
    let on_outcome = move |ev| {
        let outcome = OutcomeFilter::parse(&event_target_value(&ev));
        go(TimelineFilter {
            outcome,
            ..filter.get_untracked()
        })
    };
    let model = move || filter.with(|f| f.model.clone().unwrap_or_default());
    let outcome = move || filter.with(|f| f.outcome.map_or("", OutcomeFilter::as_str).to_owned());
    let model_options = move || {
        let options = models.get().into_iter().map(|m| {
            let (value, current) = (m.clone(), m.clone());
            view! { <option value=value prop:selected=move || model() == current>{m}</option> }
        });
        options.collect_view()
    };
    let outcome_options = OutcomeFilter::ALL.map(|o| {
        view! { <option value=o.as_str() prop:selected=move || outcome() == o.as_str()>{o.as_str()}</option> }
    });
    view! {
        <div class="toolbar history-filter">
            <label for="history-model">"Model"</label>
            <select id="history-model" on:change=on_model prop:value=model>
                <option value="" prop:selected=move || model().is_empty()>"All models"</option>
                {model_options}
            </select>
            <label for="history-outcome">"Outcome"</label>
            <select id="history-outcome" on:change=on_outcome prop:value=outcome>
                <option value="" prop:selected=move || outcome().is_empty()>"All outcomes"</option>
                {outcome_options}
            </select>
        </div>
    }
}

/// The table, or why it is empty.
fn history_table(rows: Vec<TimelineRow>, all: usize) -> AnyView {
    if all == 0 {
        return view! { <p class="empty">"No updates recorded yet: the service has not decided about a new version."</p> }.into_any();
    }
    if rows.is_empty() {
        return view! { <p class="empty">"No updates match the filter."</p> }.into_any();
    }
    view! {
        <table class="history serving-history" aria-label="Update history">
            <TableHead labels=vec!["Time", "Model", "Outcome", "Versions", "F1", "Registry and service"] />
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr class=r.class>
                        <td class="when">{r.when}</td>
                        <td>{r.model}</td>
                        <td class="outcome">{r.outcome}</td>
                        <td>{r.versions}</td>
                        <td class="num">{r.f1}</td>
                        <td class="sentence">{r.sentence}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// "Showing the newest 50 of 1000 updates. Show 50 more", while some are not shown. One button throughout, so it
/// keeps the keyboard's focus as the table grows.
#[component]
fn ShowMore(
    /// (rows shown, events matching, events in all), as [`UpdateHistory`] reads them.
    rows: Memo<(Vec<TimelineRow>, usize, usize)>,
    /// How many rows show.
    limit: RwSignal<usize>,
) -> impl IntoView {
    let counts = move || rows.with(|(shown, matching, _)| (shown.len(), *matching));
    let hidden = move || counts().1.saturating_sub(counts().0);
    view! {
        <p class="muted" hidden=move || hidden() == 0>
            {move || format!("Showing the newest {} of {} updates. ", counts().0, counts().1)}
            <button class="link" on:click=move |_| limit.update(|l| *l += HISTORY_ROWS)>
                {move || format!("Show {} more", hidden().min(HISTORY_ROWS))}
            </button>
        </p>
    }
}
