//! The shell: runtime config, router, header, and the contexts every page reads.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, ChooseView, Lazy, LazyRoute};
use pulse_core::config::Config;
use pulse_core::url_state::{route_of, router_base, under_base};

use crate::api::load_config;
use crate::charts::provide_chart_loader;
use crate::embed;
use crate::hooks::use_credentials::{use_credentials, UseCredentialsOptions};
use crate::hooks::use_serving::{use_serving, UseServingOptions};
use crate::registry::{ModelPage, ModelsPage, VersionPage};
use crate::serving::ServingPage;
use crate::theme::ThemeState;
use crate::time::next_task;
use crate::tracking::{
    ComparePage, ExperimentPage, ExperimentsComparePage, ExperimentsPage, RunPage,
};
use crate::ui::header::Header;
use crate::ui::next_task::NextTask;
use crate::ui::not_downloaded::{reload, NotDownloaded};
use crate::ui::sign_in::LazySignIn;
use crate::ui::NotFound;

/// The runtime configuration, shared with every page.
#[derive(Clone)]
pub struct AppConfig(pub Arc<Config>);

/// The runtime configuration from context. Missing context is a bug (a component mounted outside the app
/// shell, or a test that did not provide it): a debug build stops there, a release build warns and falls
/// back to the defaults.
pub fn use_config() -> Arc<Config> {
    let found = use_context::<AppConfig>();
    if found.is_none() {
        leptos::logging::warn!("use_config: no AppConfig in context; using Config::default()");
    }
    debug_assert!(found.is_some(), "use_config: no AppConfig in context");
    found.map(|c| c.0).unwrap_or_default()
}

/// The whole app: reads `config.json`, then shows the router.
///
/// No `<Suspense>` wraps the shell. In Leptos 0.8 a synchronous read of a resource (`resource.get()`) anywhere
/// below a Suspense registers with the nearest one, so a page or widget reading a resource outside its own
/// boundary made the shell itself fall back to the splash while that resource reloaded, and for good when its
/// request was aborted mid-flight. With no boundary above the pages, their async work can only suspend the
/// boundaries they declare themselves.
#[component]
pub fn App() -> impl IntoView {
    let loaded = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let config = load_config().await;
        // The shell in a task of its own: start-up (instantiating the wasm, this first render) and the shell's
        // render are two shorter tasks, not one long one the browser cannot paint or answer input in.
        next_task().await;
        loaded.set(Some(config))
    });
    move || match loaded.get() {
        None => view! { <div class="splash" role="status">"Loading Pulse…"</div> }.into_any(),
        Some((config, warnings)) => view! { <Shell config warnings /> }.into_any(),
    }
}

#[component]
fn Shell(config: Config, warnings: Vec<String>) -> impl IntoView {
    let presentation = embed::opened_as();
    let embedded = presentation.embedded;
    if embedded {
        embed::open_leaving_links_in_new_tab();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-embed", "");
        }
    }
    let config = Arc::new(config.for_embed(embedded));
    let serving = config.serving_configured();
    // Polled once for the whole app, so the header's alert badge is live on every page (the polling code is
    // a wasm chunk fetched after the shell shows).
    if serving {
        provide_context(use_serving(UseServingOptions {
            config: config.clone(),
        }));
    }
    let credentials = use_credentials(UseCredentialsOptions {
        config: config.clone(),
    });
    provide_context(credentials);
    provide_context(AppConfig(config));
    provide_chart_loader();
    provide_context(ThemeState::with_host(presentation.theme));
    provide_context(presentation);
    // While MLflow asks for a login the form replaces the page; every sign-in and sign-out mounts the pages
    // afresh, so all they show is read with the new credentials.
    let must_sign_in = Memo::new(move |_| credentials.sign_in_needed.with(Option::is_some));
    view! {
        <Router base=base_path()>
            {(!embedded).then(|| view! { <Header /> })}
            {(!warnings.is_empty())
                .then(|| {
                    view! {
                        <div class="banner warning" role="status">
                            <strong>"Configuration: "</strong>
                            {warnings.join(" ")}
                        </div>
                    }
                })}
            <main id="main">
                {move || {
                    if must_sign_in.get() {
                        return view! { <LazySignIn /> }.into_any();
                    }
                    credentials.session.track();
                    // A task after the header, so the first render is two shorter tasks.
                    view! {
                        <NextTask>
                            <Pages />
                        </NextTask>
                    }
                    .into_any()
                }}
            </main>
        </Router>
    }
}

/// The routes, under the sign-in gate.
///
/// Code splitting (issue 10): a first visit, most often a link to one experiment, downloads only the main wasm.
/// Every other page is a lazy route whose code is in separate wasm chunks (scripts/bin/wasm-bindgen splits them,
/// scripts/split_hook.sh ships them), fetched when the route is first opened (or beside the main wasm, src/early.js).
/// One experiment's page stays in the main module (in the default build; the serving overview's build swaps the
/// two, below); the list of experiments is a chunk of its own (8.3 KB brotli off the main wasm, which every page
/// downloads).
#[component]
fn Pages() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view={Lazy::<HomeRoute>::new()} />
            <Route path=path!("/serving") view={Lazy::<ServingRoute>::new()} />
            <Route path=path!("/experiments") view={Lazy::<ExperimentsRoute>::new()} />
            // Before `/experiments/:id`, which would otherwise take `compare` for an id.
            <Route path=path!("/experiments/compare") view={Lazy::<ExperimentsCompareRoute>::new()} />
            <Route path=path!("/experiments/:id") view=experiment_route() />
            <Route path=path!("/runs/:run_id") view={Lazy::<RunRoute>::new()} />
            <Route path=path!("/compare") view={Lazy::<CompareRoute>::new()} />
            <Route path=path!("/models") view={Lazy::<ModelsRoute>::new()} />
            <Route path=path!("/models/:name") view={Lazy::<ModelRoute>::new()} />
            <Route path=path!("/models/:name/versions/:version") view={Lazy::<VersionRoute>::new()} />
        </Routes>
    }
}

// The lazy routes. Each page's view is a split point (`wasm_split`, what `#[lazy_route]` uses underneath, here
// with `fallible`): its code is a chunk fetched when the route first opens. `#[lazy_route]` itself would panic
// on a failed download, and a panic aborts the whole app; here the route says so instead, and the
// next visit tries again. Routes naming the same chunk share it. The run, compare and registry pages share one,
// `pages`: wasm-split makes a chunk of the code every combination of split points shares, and with a split point
// per page that came to 73 chunk files, 21 of them behind the timeline alone, each a fetch and an instantiation in
// one task of a first visit. With one `pages` chunk: 24 files, 10 behind the timeline; the first page of those
// opened downloads the code of all of them (219 KB brotli, cached for the rest of the visit and after).

/// The page for a split view, or why it is missing.
pub fn split_page(page: Result<AnyView, SplitLoaderError>) -> AnyView {
    page.unwrap_or_else(|_| {
        view! {
            <section class="page">
                <NotDownloaded title="Page not downloaded"
                    message="Pulse could not download this page's code; check the connection."
                    on_retry=reload() />
            </section>
        }
        .into_any()
    })
}

/// The page at `/`: the serving overview, or the experiments when no stats endpoint is configured (both split).
struct HomeRoute {
    serving: bool,
}

impl LazyRoute for HomeRoute {
    fn data() -> Self {
        HomeRoute {
            serving: use_config().serving_configured(),
        }
    }

    async fn view(this: Self) -> AnyView {
        split_page(if this.serving {
            serving_view().await
        } else {
            experiments_view().await
        })
    }
}

/// A route whose page is one split view: `$page`'s code goes into the wasm chunk `$chunk` (routes naming the same
/// chunk share it), behind `$view`; `data` loads nothing (the pages start their own requests).
macro_rules! split_route {
    ($route:ident, $view:ident, $chunk:ident, $page:ident) => {
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $view() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page /> }.into_any())
        }

        lazy_route!($route, $view);
    };
}

/// The same route with its page in the main wasm (for the build in which that page is the one first visits open).
#[cfg(feature = "serving-first")]
macro_rules! main_route {
    ($route:ident, $view:ident, $page:ident) => {
        async fn $view() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page /> }.into_any())
        }

        lazy_route!($route, $view);
    };
}

/// The route `$route` whose view is `$view`'s.
macro_rules! lazy_route {
    ($route:ident, $view:ident) => {
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                split_page($view().await)
            }
        }
    };
}

// Two builds (scripts/build.sh): the default one, which nginx serves for every address but two, has one
// experiment's page in the main wasm and the serving overview in chunks; the one for `/` and `/serving` (feature
// `serving-first`) has the serving overview and its polling in the main wasm and one experiment's page in a chunk.
// A first visit to either page then has that page's code in the main wasm, and not the other's.
#[cfg(not(feature = "serving-first"))]
split_route!(ServingRoute, serving_view, serving, ServingPage);
#[cfg(feature = "serving-first")]
main_route!(ServingRoute, serving_view, ServingPage);
#[cfg(feature = "serving-first")]
split_route!(ExperimentRoute, experiment_view, experiment, ExperimentPage);

/// One experiment's page: in the main wasm of the default build, a chunk in the serving overview's.
#[cfg(not(feature = "serving-first"))]
fn experiment_route() -> impl ChooseView {
    ExperimentPage
}

/// One experiment's page: in the main wasm of the default build, a chunk in the serving overview's.
#[cfg(feature = "serving-first")]
fn experiment_route() -> impl ChooseView {
    Lazy::<ExperimentRoute>::new()
}
split_route!(
    ExperimentsRoute,
    experiments_view,
    experiments,
    ExperimentsPage
);
split_route!(
    ExperimentsCompareRoute,
    experiments_compare_view,
    pages,
    ExperimentsComparePage
);
split_route!(RunRoute, run_view, pages, RunPage);
split_route!(CompareRoute, compare_view, pages, ComparePage);
split_route!(ModelsRoute, models_view, pages, ModelsPage);
split_route!(ModelRoute, model_view, pages, ModelPage);
split_route!(VersionRoute, version_view, pages, VersionPage);

thread_local! {
    static BASE: String = {
        let base = document().base_uri().ok().flatten().unwrap_or_default();
        router_base(&web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default())
    };
}

/// Where Pulse lives, from `<base href>` (nginx writes it; `/` at the root): the router's base, so one build
/// serves any path.
fn base_path() -> String {
    BASE.with(Clone::clone)
}

/// An app path under the base Pulse is served from (`/models` → `/pulse/models`), for `<A href>`: the router's
/// `<A>` takes an absolute href as it is, while `use_navigate` adds the base itself.
pub fn app_href(path: &str) -> String {
    BASE.with(|base| under_base(base, path))
}

/// The app's route for a browser path (`/pulse/serving` → `/serving`), for `use_navigate`, which adds the base.
pub fn app_route(pathname: &str) -> String {
    BASE.with(|base| route_of(base, pathname))
}
