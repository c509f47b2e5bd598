//! The serving overview's update history in headless Chromium: the newest rows first, more on request.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Router;
use pulse::serving::history::UpdateHistory;
use pulse_core::serving::{EventKind, Outcome, Overview, TimelineEvent, Update, HISTORY_ROWS};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// An overview whose history has `n` skipped candidates of the text model, newest first.
fn overview(n: usize) -> Overview {
    let timeline: Vec<TimelineEvent> = (0..n)
        .map(|i| {
            let version = (n - i).to_string();
            TimelineEvent {
                at: Some(1_795_000_000_000 - i as i64 * 60_000),
                model: "text".into(),
                registered_model: Some("text_classification_model".into()),
                instance: None,
                kind: EventKind::Service {
                    update: Box::new(Update {
                        model: "text".into(),
                        to_version: Some(version),
                        outcome: Outcome::Skipped,
                        ..Default::default()
                    }),
                    promotion: None,
                },
            }
        })
        .collect();
    Overview {
        timeline: Arc::new(timeline),
        models: vec!["text".into()],
        ..Default::default()
    }
}

fn all(root: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|n| n.unchecked_into())
        .collect()
}

async fn frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        frame().await;
    }
    panic!("timed out waiting for {what}");
}

fn mount(n: usize) -> HtmlElement {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let overview = Signal::stored(Some(Arc::new(overview(n))));
    leptos::mount::mount_to(root.clone(), move || {
        view! { <Router><UpdateHistory overview /></Router> }
    })
    .forget();
    root
}

/// Sets the page's query (as a link would) before a mount.
fn set_query(query: &str) {
    let path = window().location().pathname().unwrap();
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap();
}

/// The page URL's `shown=`, if any.
fn shown() -> Option<String> {
    let search = window().location().search().unwrap();
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("shown="))
        .map(str::to_owned)
}

#[wasm_bindgen_test]
async fn shows_the_newest_rows_then_more_on_request_keeping_the_focus() {
    set_query("");
    let root = mount(HISTORY_ROWS * 2 + 7);
    let rows = || all(&root, "table tbody tr").len();
    wait_until("the first rows", || rows() > 0).await;
    assert_eq!(rows(), HISTORY_ROWS);
    let button = all(&root, "p.muted button")
        .pop()
        .expect("a Show more button");
    assert_eq!(
        button.text_content().unwrap(),
        format!("Show {HISTORY_ROWS} more")
    );
    let first = all(&root, "table tbody tr")[0].text_content().unwrap();
    assert!(
        first.contains(&format!("v{}", HISTORY_ROWS * 2 + 7)),
        "newest first: {first}"
    );

    button.focus().unwrap();
    button.click();
    wait_until("more rows", || rows() == HISTORY_ROWS * 2).await;
    assert_eq!(
        document().active_element(),
        Some(button.clone().into()),
        "the button keeps the focus"
    );
    // Kept in the URL, so a reload shows as many.
    let twice = (HISTORY_ROWS * 2).to_string();
    wait_until("the count in the URL", || shown().as_ref() == Some(&twice)).await;
    button.click();
    wait_until("every row", || rows() == HISTORY_ROWS * 2 + 7).await;
    let summary = all(&root, "p.muted").pop().expect("the summary");
    assert!(
        summary.hidden(),
        "nothing more to show: {}",
        summary.outer_html()
    );
    // The last click's count reaches the URL before the next test starts over.
    let thrice = (HISTORY_ROWS * 3).to_string();
    wait_until("the last count in the URL", || {
        shown().as_ref() == Some(&thrice)
    })
    .await;
    set_query("");
}

#[wasm_bindgen_test]
async fn shows_no_button_when_every_row_shows() {
    set_query("");
    let root = mount(3);
    wait_until("the rows", || all(&root, "table tbody tr").len() == 3).await;
    let summary = all(&root, "p.muted").pop().expect("the summary");
    assert!(summary.hidden());
}

#[wasm_bindgen_test]
async fn opens_with_as_many_rows_as_the_url_says() {
    set_query(&format!("?shown={}", HISTORY_ROWS * 2));
    let root = mount(HISTORY_ROWS * 3);
    let rows = || all(&root, "table tbody tr").len();
    wait_until("the rows the URL asks for", || rows() > 0).await;
    assert_eq!(rows(), HISTORY_ROWS * 2);
    set_query("");
}
