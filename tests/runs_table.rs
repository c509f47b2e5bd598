//! The runs table component in headless Chromium: rows, escaping, selection, sorting, nesting and windowing.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Router;
use pulse::app::AppConfig;
use pulse::tracking::runs_table::RunsTable;
use pulse_core::api::{decode_response, Run, SearchRunsResponse, Tag};
use pulse_core::config::Config;
use pulse_core::tracking::loaded_runs::LoadedRuns;
use pulse_core::tracking::query::{Sort, SortField};
use pulse_core::tracking::runs_table::Column;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn recorded_runs() -> Vec<Run> {
    let body = include_str!("../core/tests/fixtures/runs_search_page1.json");
    match decode_response::<SearchRunsResponse>(200, body) {
        Ok(r) => r.runs,
        Err(e) => panic!("fixture: {e}"),
    }
}

fn named(id: &str, name: &str, parent: Option<&str>) -> Run {
    let mut run = Run::default();
    run.info.run_id = id.to_owned();
    run.info.run_name = name.to_owned();
    run.info.status = "FINISHED".to_owned();
    if let Some(p) = parent {
        run.data.tags.push(Tag {
            key: "mlflow.parentRunId".into(),
            value: p.into(),
        });
    }
    run
}

struct Mounted {
    root: HtmlElement,
    runs: RwSignal<Vec<Run>>,
    selected: RwSignal<Vec<String>>,
    sorted: RwSignal<Option<SortField>>,
}

async fn mount(runs: Vec<Run>, columns: Vec<Column>) -> Mounted {
    mount_with(runs, columns, None).await
}

/// As [`mount`], with experiment names for the Experiment column of a table over several experiments.
async fn mount_with(
    runs: Vec<Run>,
    columns: Vec<Column>,
    experiments: Option<BTreeMap<String, String>>,
) -> Mounted {
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let selected = RwSignal::new(Vec::<String>::new());
    let sorted = RwSignal::new(None::<SortField>);
    let runs = RwSignal::new(runs);
    // Worked out again on every change: the tests set whole new lists.
    let loaded = Memo::new_owning(move |_| (runs.with(|r| LoadedRuns::new(r)), true));
    let handle = leptos::mount::mount_to(root.clone(), move || {
        // As the app shell does: `use_config` insists on it in debug builds.
        provide_context(AppConfig(Arc::new(Config::default())));
        let on_select = Callback::new(move |id: String| selected.update(|s| s.push(id)));
        let on_sort = Callback::new(move |f: SortField| sorted.set(Some(f)));
        let sort = Signal::stored(Some(Sort {
            field: SortField::Metric("eval_f1".into()),
            descending: true,
        }));
        view! {
            <Router>
                <RunsTable
                    runs
                    loaded
                    columns=Signal::stored(columns.clone())
                    sort
                    on_sort
                    selected
                    on_select
                    experiments=experiments.clone().map(Signal::stored)
                />
            </Router>
        }
    });
    handle.forget();
    let t = Mounted {
        root,
        runs,
        selected,
        sorted,
    };
    // The rows are written into the DOM by an effect, which runs once the table is mounted.
    wait_until("the first rows", || t.rows() > 0).await;
    t
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<HtmlElement> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.get(i))
            .map(|n| n.unchecked_into())
            .collect()
    }
    fn rows(&self) -> usize {
        self.all("tr.run").len()
    }
}

/// Waits (a frame at a time, for at most five seconds) until `done` holds.
async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().request_animation_frame(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    panic!("timed out waiting for {what}");
}

/// Lets Leptos run the effects that a DOM event scheduled.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn renders_recorded_runs_with_formatted_metrics() {
    let runs = recorded_runs();
    let t = mount(
        runs.clone(),
        vec![
            Column::Metric("eval_f1".into()),
            Column::Param("batch_size".into()),
        ],
    )
    .await;
    assert_eq!(t.rows(), runs.len());
    let first = &t.all("tr.run")[0];
    let text = first.text_content().unwrap_or_default();
    assert!(text.contains("slowfast-r50-16"), "{text}");
    assert!(text.contains("0.92236"), "{text}");
    assert!(text.contains("32"), "{text}");
    let f1_header = t.all("th[aria-sort='descending']");
    assert_eq!(f1_header.len(), 1);
    assert!(f1_header[0]
        .text_content()
        .unwrap_or_default()
        .contains("eval_f1"));
}

#[wasm_bindgen_test]
async fn experiment_column_names_each_runs_experiment_as_text() {
    let run = |id: &str, experiment: &str| {
        let mut r = named(id, &format!("run-{id}"), None);
        r.info.experiment_id = experiment.to_owned();
        r
    };
    let names = BTreeMap::from([
        ("1".to_owned(), "text".to_owned()),
        ("2".to_owned(), "<b>video</b>".to_owned()),
    ]);
    let t = mount_with(
        vec![run("a", "1"), run("b", "2"), run("c", "9")],
        vec![],
        Some(names),
    )
    .await;
    let text = |e: &HtmlElement| e.text_content().unwrap_or_default();
    let heads: Vec<String> = t.all("thead th").iter().map(text).collect();
    assert!(heads.iter().any(|h| h == "Experiment"), "{heads:?}");
    let cells: Vec<String> = t.all("td.experiment").iter().map(text).collect();
    assert_eq!(cells, ["text", "<b>video</b>", "Experiment 9"]);
    assert!(t.all("b").is_empty(), "names are text");
    let one = mount(vec![run("d", "1")], vec![]).await;
    assert!(
        one.all("td.experiment").is_empty(),
        "no column for one experiment"
    );
}

#[wasm_bindgen_test]
async fn html_in_run_names_is_text() {
    let t = mount(
        vec![named("a1", "<img src=x onerror=alert(1)>", None)],
        vec![],
    )
    .await;
    assert!(t.all("img").is_empty());
    let link = &t.all("td.name a")[0];
    assert_eq!(
        link.text_content().unwrap_or_default(),
        "<img src=x onerror=alert(1)>"
    );
}

#[wasm_bindgen_test]
async fn checkbox_selects_and_header_sorts() {
    let t = mount(recorded_runs(), vec![Column::Metric("eval_f1".into())]).await;
    let boxes = t.all("tr.run input[type=checkbox]");
    let id = t.all("tr.run")[1]
        .get_attribute("data-run-id")
        .unwrap_or_default();
    boxes[1].unchecked_ref::<HtmlInputElement>().click();
    settle().await;
    assert_eq!(t.selected.get_untracked(), vec![id]);
    let sort_buttons = t.all("th button.sort");
    let f1 = sort_buttons
        .iter()
        .find(|b| b.text_content().unwrap_or_default().contains("eval_f1"))
        .expect("eval_f1 header");
    f1.click();
    settle().await;
    assert_eq!(
        t.sorted.get_untracked(),
        Some(SortField::Metric("eval_f1".into()))
    );
}

#[wasm_bindgen_test]
async fn child_runs_nest_and_fold() {
    let runs = vec![
        named("c1", "child-1", Some("p")),
        named("p", "parent", None),
        named("c2", "child-2", Some("p")),
        named("x", "other", None),
    ];
    let t = mount(runs, vec![]).await;
    let names = |t: &Mounted| {
        t.all("td.name a")
            .iter()
            .map(|a| a.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&t), ["parent", "child-1", "child-2", "other"]);
    let fold = &t.all("button.fold")[0];
    fold.focus().unwrap();
    fold.click();
    wait_until("the children folded away", || names(&t).len() == 2).await;
    assert_eq!(names(&t), ["parent", "other"]);
    // The parent's row is built again (its toggle now says Show); the keyboard user's focus moves with it.
    let focused = document().active_element().expect("something has focus");
    assert_eq!(
        focused.get_attribute("aria-label").as_deref(),
        Some("Show 2 child runs of parent")
    );
}

#[wasm_bindgen_test]
async fn a_refreshed_list_updates_rows_in_place_and_in_order() {
    let mut a = named("a", "run-a", None);
    a.info.status = "RUNNING".into();
    let t = mount(vec![a.clone(), named("b", "run-b", None)], vec![]).await;
    let first_row = t.all("tr.run")[0].clone();
    let link = first_row.query_selector("a").unwrap().unwrap();
    link.unchecked_ref::<HtmlElement>().focus().unwrap();

    a.info.status = "FINISHED".into();
    t.runs.set(vec![a.clone(), named("b", "run-b", None)]);
    let badge = |t: &Mounted| t.all("tr.run .badge")[0].text_content().unwrap_or_default();
    wait_until("the refreshed status", || badge(&t) == "FINISHED").await;
    assert_eq!(
        t.all("tr.run .badge")[0].class_name(),
        "badge status-finished"
    );
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("run-a"),
        "focus stays on the refreshed run's link"
    );

    t.runs.set(vec![
        named("n", "run-new", None),
        a,
        named("b", "run-b", None),
    ]);
    wait_until("the new run on top", || t.rows() == 3).await;
    let rows = t.all("tr.run");
    let order: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.query_selector("a")
                    .unwrap()
                    .unwrap()
                    .text_content()
                    .unwrap_or_default(),
                r.get_attribute("aria-rowindex").unwrap_or_default(),
            )
        })
        .collect();
    let want = [("run-new", "2"), ("run-a", "3"), ("run-b", "4")];
    assert_eq!(
        order,
        want.map(|(n, i)| (n.to_owned(), i.to_owned())).to_vec()
    );
}

/// MLflow's paging counts by position: a run started while pages load comes back on the next page too. Each listing
/// has its row, and changing the list leaves none behind.
#[wasm_bindgen_test]
async fn a_run_listed_twice_has_two_rows_and_leaves_none_behind() {
    let twice = || {
        vec![
            named("a", "run-a", None),
            named("b", "run-b", None),
            named("a", "run-a", None),
        ]
    };
    let t = mount(twice(), vec![]).await;
    wait_until("three rows", || t.rows() == 3).await;
    // A change of selection and a refresh of the same list each reconcile the rows.
    t.selected.set(vec!["b".into()]);
    settle().await;
    t.runs.set(twice());
    settle().await;
    assert_eq!(t.rows(), 3);
    t.runs
        .set(vec![named("a", "run-a", None), named("c", "run-c", None)]);
    wait_until("two rows", || t.rows() == 2).await;
    let names: Vec<_> = t
        .all("tr.run")
        .iter()
        .map(|r| match r.query_selector("a") {
            Ok(Some(a)) => a.text_content().unwrap_or_default(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(names, ["run-a", "run-c"]);
}

#[wasm_bindgen_test]
async fn fifty_thousand_runs_render_only_the_rows_in_view() {
    let runs: Vec<Run> = (0..50_000)
        .map(|i| named(&format!("r{i}"), &format!("run-{i}"), None))
        .collect();
    let t = mount(runs, vec![]).await;
    let rendered = t.rows();
    assert!(rendered > 0 && rendered < 100, "{rendered} rows in the DOM");
    let spacer_heights: f64 = t
        .all("tr.spacer")
        .iter()
        .map(|s| {
            s.style()
                .get_property_value("height")
                .unwrap_or_default()
                .trim_end_matches("px")
                .parse::<f64>()
                .unwrap_or(0.0)
        })
        .sum();
    assert!(
        spacer_heights > 49_000.0 * 34.0,
        "spacers stand in for the other rows: {spacer_heights}"
    );
}
