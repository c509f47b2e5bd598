//! The chart code (a wasm chunk) for one component: None while it loads, then the code or why it did not load.

use leptos::prelude::*;

use crate::charts::{ChartLoader, Charts};

/// What [`use_chart_module`] returns.
#[derive(Clone, Copy)]
pub struct UseChartModuleReturn {
    /// None while loading.
    pub module: Signal<Option<Result<Charts, String>>>,
    /// Loads it again (after a failure).
    pub retry: Callback<()>,
}

/// Starts loading the chart code (fetched once per page, so only the first chart waits).
pub fn use_chart_module() -> UseChartModuleReturn {
    // A signal, not a resource: a resource read here would hold the page's Suspense until the module loads.
    let module = RwSignal::new(None::<Result<Charts, String>>);
    let loader = use_context::<ChartLoader>();
    let fetch = move || {
        module.set(None);
        leptos::task::spawn_local(async move {
            let loaded = match loader {
                Some(loader) => loader.load().await,
                None => Err("No chart code here (no ChartLoader in context).".to_owned()),
            };
            module.set(Some(loaded));
        });
    };
    fetch();
    UseChartModuleReturn {
        module: module.into(),
        retry: Callback::new(move |()| fetch()),
    }
}
