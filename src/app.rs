//! The shell: runtime config, router, header, and the contexts every page reads.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pulse_core::config::Config;

use crate::api::load_config;
use crate::components::header::Header;
use crate::components::sign_in::SignIn;
use crate::hooks::use_credentials::{use_credentials, UseCredentialsOptions};
use crate::hooks::use_serving::{use_serving, UseServingOptions};
use crate::pages::{
    ComparePage, ExperimentPage, ExperimentsPage, ModelPage, ModelsPage, NotFound, RunPage,
    VersionPage,
};
use crate::serving::ServingPage;
use crate::theme::ThemeState;

/// The runtime configuration, shared with every page.
#[derive(Clone)]
pub struct AppConfig(pub Arc<Config>);

/// The runtime configuration from context (defaults outside the app shell, e.g. in component tests).
pub fn use_config() -> Arc<Config> {
    use_context::<AppConfig>().map(|c| c.0).unwrap_or_default()
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
    leptos::task::spawn_local(async move { loaded.set(Some(load_config().await)) });
    move || match loaded.get() {
        None => view! { <div class="splash" role="status">"Loading Pulse…"</div> }.into_any(),
        Some((config, warnings)) => view! { <Shell config warnings /> }.into_any(),
    }
}

#[component]
fn Shell(config: Config, warnings: Vec<String>) -> impl IntoView {
    let config = Arc::new(config);
    let serving = config.serving_configured();
    // Polled once for the whole app, so the header's alert badge is live on every page.
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
    // While MLflow asks for a login the form replaces the page; every sign-in and sign-out mounts the pages
    // afresh, so all they show is read with the new credentials.
    let must_sign_in = Memo::new(move |_| credentials.sign_in_needed.with(Option::is_some));
    provide_context(ThemeState::new());
    let home = move || {
        if serving {
            view! { <ServingPage /> }.into_any()
        } else {
            view! { <ExperimentsPage /> }.into_any()
        }
    };
    view! {
        <Router>
            <Header />
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
                        return view! { <SignIn /> }.into_any();
                    }
                    credentials.session.track();
                    view! { <Pages home /> }.into_any()
                }}
            </main>
        </Router>
    }
}

/// The routes, under the sign-in gate.
#[component]
fn Pages(
    /// The page at `/`: the serving overview, or the experiments when no stats endpoint is configured.
    home: impl Fn() -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=home />
            <Route path=path!("/serving") view=ServingPage />
            <Route path=path!("/experiments") view=ExperimentsPage />
            <Route path=path!("/experiments/:id") view=ExperimentPage />
            <Route path=path!("/runs/:run_id") view=RunPage />
            <Route path=path!("/compare") view=ComparePage />
            <Route path=path!("/models") view=ModelsPage />
            <Route path=path!("/models/:name") view=ModelPage />
            <Route path=path!("/models/:name/versions/:version") view=VersionPage />
        </Routes>
    }
}
