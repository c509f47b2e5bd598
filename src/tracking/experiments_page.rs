use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use pulse_core::api::Experiment;
use pulse_core::tracking::query::SearchExperimentsRequest;
use pulse_core::url_state::{
    can_pick, join_run_ids, pick_limit_reached, with_query, PICK_LIMIT_NOTE,
};

use crate::api::search_experiments;
use crate::app::{app_href, use_config};
use crate::hooks::use_picked_experiments::use_picked_experiments;
use crate::paged::{LoadMore, Paged};
use crate::time::local_datetime_or_dash;
use crate::ui::error_view::ErrorView;
use crate::ui::search_box::SearchBox;
use crate::ui::table_head::TableHead;

/// `/experiments`: every experiment, newest first, searchable with MLflow's filter syntax.
#[component]
pub fn ExperimentsPage() -> impl IntoView {
    let cfg = use_config();
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| query.read().get("filter").unwrap_or_default());
    let deleted = Memo::new(move |_| query.read().get("deleted").as_deref() == Some("1"));
    let picks = use_picked_experiments();
    let (picked, on_pick) = (picks.picked, picks.toggle);
    let pages = Paged::<Experiment>::default();

    pages.follow(
        move || (filter.get(), deleted.get()),
        move |(f, d): (String, bool), token| {
            let (req, cfg) = (SearchExperimentsRequest::new(&f, d, token), cfg.clone());
            async move {
                search_experiments(&cfg, &req)
                    .await
                    .map(|r| (r.experiments, r.next_page_token))
            }
        },
    );

    let go = move |f: String, d: bool| {
        let url = with_query(
            "/experiments",
            &[
                ("filter", f.trim()),
                ("deleted", if d { "1" } else { "" }),
                ("pick", &join_run_ids(&picked.get_untracked())),
            ],
        );
        navigate(&url, Default::default());
    };
    let on_search = Callback::new({
        let go = go.clone();
        move |f: String| go(f, deleted.get_untracked())
    });
    let other_error = move || {
        pages
            .failure()
            .map(|e| view! { <ErrorView error=e on_retry=Callback::new(move |_| pages.retry()) /> })
    };

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Experiments"</h1>
                <SearchBox
                    label="Filter experiments"
                    placeholder="name LIKE 'tiktok%'   (press / to search)"
                    value=filter
                    on_submit=on_search
                    on_refresh=Callback::new(move |_| pages.reload())
                    error=pages.query_error()
                />
                <CompareLink picked />
                <label class="toggle">
                    <input
                        type="checkbox"
                        prop:checked=deleted
                        on:change=move |ev| go(filter.get_untracked(), event_target_checked(&ev))
                    />
                    "Show deleted"
                </label>
            </div>
            <div class="progress" class:active=move || pages.loading.get() role="progressbar" aria-hidden="true"></div>
            {other_error}
            <ExperimentsBody pages filter picked on_pick />
            <LoadMore pages />
        </section>
    }
}

/// The table, or what stands in its place: loading, no experiments, or no match for the filter.
#[component]
fn ExperimentsBody(
    pages: Paged<Experiment>,
    filter: Memo<String>,
    picked: Memo<Vec<String>>,
    on_pick: Callback<String>,
) -> impl IntoView {
    move || {
        if !pages.fetched.get() {
            return if pages.error.with(Option::is_none) {
                view! { <p class="loading" role="status">"Loading experiments…"</p> }.into_any()
            } else {
                ().into_any()
            };
        }
        let items = pages.items.get();
        if items.is_empty() {
            return view! {
                <p class="empty">
                    {if filter.get().is_empty() {
                        "No experiments yet. Runs logged with mlflow.start_run() appear here.".to_owned()
                    } else {
                        format!("No experiment matches {}.", filter.get())
                    }}
                </p>
            }
            .into_any();
        }
        view! { <ExperimentsTable items picked on_pick /> }.into_any()
    }
}

/// "Compare N experiments" once some are ticked, opening them side by side.
#[component]
fn CompareLink(picked: Memo<Vec<String>>) -> impl IntoView {
    move || {
        let ids = picked.get();
        (!ids.is_empty()).then(|| {
            let href = with_query("/experiments/compare", &[("ids", &join_run_ids(&ids))]);
            let text = match ids.len() {
                1 => "Open 1 experiment side by side".to_owned(),
                n => format!("Compare {n} experiments"),
            };
            // The limit is said where everyone reads it, not only in the disabled boxes' tooltips.
            let full = pick_limit_reached(&ids)
                .then(|| view! { <span class="muted" role="status">{PICK_LIMIT_NOTE}</span> });
            view! { <A href=app_href(&href) attr:class="button compare-experiments">{text}</A> {full} }
        })
    }
}

#[component]
fn ExperimentsTable(
    items: Vec<Experiment>,
    picked: Memo<Vec<String>>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <table class="experiments" aria-label="Experiments">
            <TableHead labels=vec!["Pick", "Name", "ID", "Last update", "Tags", "Description"] />
            <tbody>
                {items
                    .into_iter()
                    .map(|e| {
                        let tags = e
                            .user_tags()
                            .map(|t| view! { <span class="chip">{format!("{}: {}", t.key, t.value)}</span> })
                            .collect_view();
                        let deleted = e.is_deleted();
                        let href = format!("/experiments/{}", e.experiment_id);
                        let updated = local_datetime_or_dash(e.last_update_time);
                        let description = e.description().unwrap_or_default().to_owned();
                        let id = e.experiment_id.clone();
                        let checked = {
                            let id = id.clone();
                            move || picked.with(|p| p.contains(&id))
                        };
                        let full = {
                            let id = id.clone();
                            Signal::derive(move || picked.with(|p| !can_pick(p, &id)))
                        };
                        let label = format!("Pick experiment {} to compare", e.name);
                        view! {
                            <tr class:deleted=deleted>
                                <td class="select">
                                    <input type="checkbox" aria-label=label prop:checked=checked disabled=full
                                        title=move || full.get().then_some(PICK_LIMIT_NOTE)
                                        on:change=move |_| on_pick.run(id.clone()) />
                                </td>
                                <td>
                                    <A href=app_href(&href)>{e.name}</A>
                                    {deleted.then(|| view! { <span class="badge deleted">"deleted"</span> })}
                                </td>
                                <td class="num">{e.experiment_id}</td>
                                <td>{updated}</td>
                                <td>
                                    <div class="chips">{tags}</div>
                                </td>
                                <td class="description">{description}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
