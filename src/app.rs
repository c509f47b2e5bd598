//! The shell: runtime config, router, header, and the contexts every page reads.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pulse_core::config::Config;

use crate::api::load_config;
use crate::components::header::Header;
use crate::pages::{
    ComparePage, ExperimentPage, ExperimentsPage, ModelPage, ModelsPage, NotFound, RunPage,
    VersionPage,
};
use crate::theme::ThemeState;

/// The runtime configuration, shared with every page.
#[derive(Clone)]
pub struct AppConfig(pub Arc<Config>);

/// The runtime configuration from context (defaults outside the app shell, e.g. in component tests).
pub fn use_config() -> Arc<Config> {
    use_context::<AppConfig>().map(|c| c.0).unwrap_or_default()
}

/// The whole app: reads `config.json`, then shows the router.
#[component]
pub fn App() -> impl IntoView {
    let loaded = LocalResource::new(load_config);
    view! {
        <Suspense fallback=|| view! { <div class="splash" role="status">"Loading Pulse…"</div> }>
            {move || Suspend::new(async move {
                let (config, warnings) = loaded.await;
                view! { <Shell config warnings /> }
            })}
        </Suspense>
    }
}

#[component]
fn Shell(config: Config, warnings: Vec<String>) -> impl IntoView {
    provide_context(AppConfig(Arc::new(config)));
    provide_context(ThemeState::new());
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
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=ExperimentsPage />
                    <Route path=path!("/experiments") view=ExperimentsPage />
                    <Route path=path!("/experiments/:id") view=ExperimentPage />
                    <Route path=path!("/runs/:run_id") view=RunPage />
                    <Route path=path!("/compare") view=ComparePage />
                    <Route path=path!("/models") view=ModelsPage />
                    <Route path=path!("/models/:name") view=ModelPage />
                    <Route path=path!("/models/:name/versions/:version") view=VersionPage />
                </Routes>
            </main>
        </Router>
    }
}
