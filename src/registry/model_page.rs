use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pulse_core::api::{ApiError, ModelVersion};
use pulse_core::format::format_metric;
use pulse_core::registry::history::history;
use pulse_core::registry::model_state::ModelState;
use pulse_core::registry::promotion::{Review, Target};
use pulse_core::registry::threshold::clears;

use crate::api::{load_model_state, ModelWithF1};
use crate::app::{app_href, use_config};
use crate::registry::f1_chart::F1VersionsChart;
use crate::registry::history_table::HistoryTable;
use crate::registry::promote_dialog::PromoteDialog;
use crate::time::local_datetime_or_dash;
use crate::ui::error_view::ErrorView;
use crate::ui::table_head::TableHead;

/// `/models/:name`: the versions with stages, aliases and F1, and the promote actions.
#[component]
pub fn ModelPage() -> impl IntoView {
    let cfg = use_config();
    let params = use_params_map();
    let name = Memo::new(move |_| params.read().get("name").unwrap_or_default());
    let refresh = RwSignal::new(0u32);
    let state = LocalResource::new({
        let cfg = cfg.clone();
        move || {
            refresh.track();
            let (cfg, name) = (cfg.clone(), name.get());
            async move { load_model_state(&cfg, &name).await }
        }
    });
    let dialog = RwSignal::new(None::<Review>);
    let on_action = Callback::new(move |review: Review| dialog.set(Some(review)));
    view! {
        <section class="page">
            <nav class="crumbs" aria-label="Breadcrumb"><A href=app_href("/models")>"Models"</A></nav>
            <h1>{move || name.get()}</h1>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading versions…"</p> }>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(ModelWithF1 { state: s, unread }) => view! {
                            {unread.map(|(n, e)| view! {
                                <div class="banner warning" role="status">
                                    {unread_note(n, &e)} " "
                                    <button class="link" on:click=move |_| refresh.update(|r| *r += 1)>"Try again"</button>
                                </div>
                            })}
                            <ModelView state=s on_action />
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| state.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
            {move || dialog.get().map(|review| view! {
                <PromoteDialog
                    model=name.get_untracked()
                    review
                    on_close=Callback::new(move |_| dialog.set(None))
                    on_changed=Callback::new(move |_| refresh.update(|n| *n += 1))
                />
            })}
        </section>
    }
}

/// Why some versions show no F1: not that they have none.
fn unread_note(n: usize, e: &ApiError) -> String {
    let versions = if n == 1 {
        "1 version"
    } else {
        &format!("{n} versions")
    };
    format!("The F1 of {versions} could not be read, so they show none ({e}).")
}

#[component]
fn ModelView(state: ModelState, on_action: Callback<Review>) -> impl IntoView {
    let cfg = use_config();
    if state.versions.is_empty() {
        let register = format!(
            "No versions yet. Register one with mlflow.register_model(\"runs:/<run id>/model\", \"{}\").",
            state.model.name
        );
        return view! {
            <p class="muted">{state.model.description.clone()}</p>
            <p class="empty">{register}</p>
        }
        .into_any();
    }
    let state = Arc::new(state);
    let threshold = cfg.thresholds.get(&state.model.name).copied();
    let summary = format!(
        "{} versions · threshold {} on {}",
        state.versions.len(),
        threshold.map_or_else(|| "none".to_owned(), format_metric),
        cfg.f1_metric
    );
    let rows = state
        .versions
        .iter()
        .map(|v| view! { <VersionRow version=v.clone() state=state.clone() threshold read_only=cfg.read_only on_action /> })
        .collect_view();
    let entries = history(&state.versions);
    let new_alias =
        (!cfg.read_only).then(|| view! { <NewAlias state=state.clone() threshold on_action /> });
    let points = state.f1_points();
    let mut heads = vec![
        "Version",
        "Stage",
        "Aliases",
        "F1",
        "Status",
        "Created",
        "Updated",
        "Source run",
        "Description",
    ];
    if !cfg.read_only {
        heads.push("Actions");
    }
    view! {
        <p class="muted">{state.model.description.clone()} " · " {summary}</p>
        <h2>{format!("{} across versions", cfg.f1_metric)}</h2>
        <F1VersionsChart model=state.model.name.clone() points threshold metric=cfg.f1_metric.clone() />
        {new_alias}
        <table class="versions" aria-label="Versions">
            <TableHead labels=heads />
            <tbody>{rows}</tbody>
        </table>
        <h2>"Promotion history"</h2>
        <HistoryTable entries />
    }
    .into_any()
}

/// Sets an alias the model does not use yet, on a version the user picks.
#[component]
fn NewAlias(
    state: Arc<ModelState>,
    threshold: Option<f64>,
    on_action: Callback<Review>,
) -> impl IntoView {
    let alias = RwSignal::new(String::new());
    let version = RwSignal::new(
        state
            .versions
            .first()
            .map(|v| v.version.clone())
            .unwrap_or_default(),
    );
    let options = state
        .versions
        .iter()
        .map(|v| view! { <option value=v.version.clone()>{format!("v{}", v.version)}</option> })
        .collect_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = alias.get_untracked().trim().to_owned();
        if !name.is_empty() {
            on_action.run(state.review(Target::Alias(name), &version.get_untracked(), threshold));
        }
    };
    view! {
        <form class="toolbar new-alias" on:submit=submit>
            <label>"New alias " <input type="text" aria-label="New alias name" placeholder="e.g. shadow"
                prop:value=alias on:input=move |ev| alias.set(event_target_value(&ev)) /></label>
            <label>" on " <select aria-label="Version for the new alias" prop:value=version
                on:change=move |ev| version.set(event_target_value(&ev))>{options}</select></label>
            <button type="submit">"Set alias…"</button>
        </form>
    }
}

#[component]
fn VersionRow(
    version: ModelVersion,
    state: Arc<ModelState>,
    threshold: Option<f64>,
    read_only: bool,
    on_action: Callback<Review>,
) -> impl IntoView {
    let v = version.version.clone();
    let f1 = state.f1_of(&v);
    let f1_class = match clears(f1, threshold) {
        Some(true) => "num pass",
        Some(false) => "num fail",
        None => "num",
    };
    let aliases = state
        .aliases_of(&v)
        .into_iter()
        .map(|a| {
            let remove = (!read_only).then(|| {
                let review = Review::removal(&a, &v, f1);
                let label = format!("Remove alias {a} from version {v}");
                view! { <button class="chip-x" aria-label=label on:click=move |_| on_action.run(review.clone())>"×"</button> }
            });
            view! { <span class="chip">{format!("@{a}")} {remove}</span> }
        })
        .collect_view();
    let actions = (!read_only).then(|| {
        let buttons = state.actions(&version, threshold);
        let buttons = buttons
            .into_iter()
            .map(|(label, review)| {
                let aria = review.title();
                view! { <button aria-label=aria on:click=move |_| on_action.run(review.clone())>{label}</button> }
            })
            .collect_view();
        view! { <td class="actions">{buttons}</td> }
    });
    let run_link = (!version.run_id.is_empty()).then(|| {
        let href = format!("/runs/{}", version.run_id);
        view! { <A href=app_href(&href)>{version.run_id.chars().take(8).collect::<String>()}</A> }
    });
    let href = format!(
        "/models/{}/versions/{v}",
        js_sys::encode_uri_component(&version.name)
    );
    view! {
        <tr data-version=v.clone()>
            <td><A href=app_href(&href)>{format!("v{v}")}</A></td>
            <td><span class=format!("badge stage-{}", version.current_stage.to_lowercase())>{version.current_stage.clone()}</span></td>
            <td><div class="chips">{aliases}</div></td>
            <td class=f1_class>{f1.map(format_metric).unwrap_or_else(|| "—".to_owned())}</td>
            <td>{version.status.clone()}</td>
            <td>{local_datetime_or_dash(version.creation_timestamp)}</td>
            <td>{local_datetime_or_dash(version.last_updated_timestamp)}</td>
            <td>{run_link}</td>
            <td class="description">{version.description.clone()}</td>
            {actions}
        </tr>
    }
}
