//! `Paged`, the list behind the experiments and runs tables, in headless Chromium with a server whose answers
//! the test releases one by one: pages append, stale answers are dropped, failures keep what was shown.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use leptos::prelude::*;
use pulse::paged::{LoadMore, Page, Paged};
use pulse_core::api::ApiError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

type Answer = Result<Page<String>, ApiError>;

/// The requests the list made, `(query, page token)`, each waiting for the test to answer it.
#[derive(Default)]
struct Server {
    asked: RefCell<Vec<(u32, Option<String>)>>,
    waiting: RefCell<Vec<Option<oneshot::Sender<Answer>>>>,
}

impl Server {
    fn asked(&self) -> Vec<(u32, Option<String>)> {
        self.asked.borrow().clone()
    }

    /// Answers request number `n` (0-based, in the order they were made).
    async fn answer(&self, n: usize, answer: Answer) {
        let sender = self.waiting.borrow_mut().get_mut(n).and_then(Option::take);
        match sender {
            Some(s) => assert!(s.send(answer).is_ok(), "request {n} was dropped"),
            None => panic!("no open request {n}: {:?}", self.asked()),
        }
        settle().await;
    }
}

fn page(items: &[&str], next: Option<&str>) -> Answer {
    Ok((
        items.iter().map(|s| (*s).to_owned()).collect(),
        next.map(str::to_owned),
    ))
}

struct Mounted {
    root: HtmlElement,
    pages: Paged<String>,
    query: RwSignal<u32>,
    server: Rc<Server>,
}

impl Mounted {
    /// What a user sees: the items in order.
    fn shown(&self) -> Vec<String> {
        let list = self.root.query_selector_all("li").unwrap();
        (0..list.length())
            .filter_map(|i| list.get(i))
            .filter_map(|n| n.text_content())
            .collect()
    }

    fn button(&self) -> Option<HtmlElement> {
        self.root
            .query_selector("button.more")
            .unwrap()
            .map(|b| b.unchecked_into())
    }
}

async fn mount() -> Mounted {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let server = Rc::new(Server::default());
    let query = RwSignal::new(1u32);
    let slot = Rc::new(RefCell::new(None::<Paged<String>>));
    let (s, out) = (server.clone(), slot.clone());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let pages = Paged::<String>::default();
        let s = s.clone();
        pages.follow(
            move || query.get(),
            move |q, token| {
                let (tx, rx) = oneshot::channel();
                s.asked.borrow_mut().push((q, token));
                s.waiting.borrow_mut().push(Some(tx));
                async move {
                    rx.await
                        .unwrap_or_else(|_| Err(ApiError::Unreachable { url: "test".into() }))
                }
            },
        );
        *out.borrow_mut() = Some(pages);
        let items = move || {
            pages
                .items
                .get()
                .into_iter()
                .map(|i| view! { <li>{i}</li> })
                .collect_view()
        };
        view! { <ul>{items}</ul> <LoadMore pages /> }
    });
    handle.forget();
    settle().await;
    let pages = (*slot.borrow()).expect("mounted");
    Mounted {
        root,
        pages,
        query,
        server,
    }
}

/// Lets Leptos run the effects and tasks that an answer or a click scheduled.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn pages_append_and_one_request_at_a_time() {
    let m = mount().await;
    assert_eq!(m.server.asked(), [(1, None)]);
    m.server.answer(0, page(&["a", "b"], Some("t2"))).await;
    assert_eq!(m.shown(), ["a", "b"]);
    let more = m.button().expect("a next page exists, so Load more shows");
    more.click();
    more.click();
    m.pages.more();
    settle().await;
    assert_eq!(m.server.asked(), [(1, None), (1, Some("t2".into()))]);
    assert!(m.pages.loading.get_untracked());
    m.server.answer(1, page(&["c"], None)).await;
    assert_eq!(m.shown(), ["a", "b", "c"]);
    assert!(m.button().is_none(), "no Load more after the last page");
    m.pages.more();
    settle().await;
    assert_eq!(
        m.server.asked().len(),
        2,
        "nothing to load after the last page"
    );
}

#[wasm_bindgen_test]
async fn a_late_answer_to_an_old_query_is_dropped() {
    let m = mount().await;
    m.query.set(2);
    settle().await;
    assert_eq!(m.server.asked(), [(1, None), (2, None)]);
    m.server.answer(1, page(&["new"], None)).await;
    m.server.answer(0, page(&["old"], Some("x"))).await;
    assert_eq!(m.shown(), ["new"]);
    assert_eq!(m.pages.next.get_untracked(), None);
    assert!(!m.pages.loading.get_untracked());
}

#[wasm_bindgen_test]
async fn a_failure_keeps_what_was_shown_and_a_retry_clears_it() {
    let m = mount().await;
    m.server.answer(0, page(&["a"], Some("t2"))).await;
    m.query.set(2);
    settle().await;
    let bad_query = ApiError::Mlflow {
        status: 400,
        code: "INVALID_PARAMETER_VALUE".into(),
        message: "bad filter".into(),
    };
    m.server.answer(1, Err(bad_query)).await;
    assert_eq!(m.shown(), ["a"], "the last good page stays");
    assert_eq!(
        m.pages.query_error().get_untracked().as_deref(),
        Some("bad filter")
    );
    assert!(
        m.pages.failure().is_none(),
        "a 400 is the query's fault, shown by the search box"
    );

    m.pages.reload();
    settle().await;
    m.server.answer(2, Err(ApiError::LoginRequired)).await;
    assert_eq!(m.pages.failure(), Some(ApiError::LoginRequired));
    assert_eq!(m.pages.query_error().get_untracked(), None);
    assert_eq!(m.shown(), ["a"]);

    m.pages.reload();
    settle().await;
    m.server.answer(3, page(&["b"], None)).await;
    assert_eq!(m.shown(), ["b"]);
    assert!(m.pages.error.get_untracked().is_none());
    assert!(m.pages.fetched.get_untracked());
}

#[wasm_bindgen_test]
async fn a_retry_sends_the_page_that_failed_again_and_keeps_what_is_shown() {
    let m = mount().await;
    m.server.answer(0, page(&["a", "b"], Some("t2"))).await;
    m.pages.more();
    settle().await;
    let down = ApiError::Unreachable {
        url: "http://mlflow".into(),
    };
    m.server.answer(1, Err(down)).await;
    assert!(m.pages.failure().is_some());
    assert_eq!(m.shown(), ["a", "b"], "what was loaded stays");
    m.pages.retry();
    settle().await;
    assert_eq!(
        m.server.asked()[2],
        (1, Some("t2".into())),
        "the second page again, not the first"
    );
    m.server.answer(2, page(&["c"], None)).await;
    assert_eq!(m.shown(), ["a", "b", "c"]);
    assert!(m.pages.failure().is_none());

    // A first page that failed is asked for again as a first page.
    m.query.set(2);
    settle().await;
    m.server
        .answer(3, Err(ApiError::Unreachable { url: "x".into() }))
        .await;
    m.pages.retry();
    settle().await;
    assert_eq!(m.server.asked()[4], (2, None));
}
