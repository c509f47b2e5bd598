//! The chart code (a wasm chunk) for one component: None while it loads, then the code or why it did not load.

use leptos::prelude::*;

use crate::charts::{ChartLoader, Charts};

/// Options of [`use_chart_module`].
pub struct UseChartModuleOptions {
    /// Whether the chart is wanted yet: the code is asked for once this is first true.
    pub wanted: Signal<bool>,
}

/// What [`use_chart_module`] returns.
#[derive(Clone, Copy)]
pub struct UseChartModuleReturn {
    /// None while loading (and until wanted).
    pub module: Signal<Option<Result<Charts, String>>>,
    /// Loads it again (after a failure).
    pub retry: Callback<()>,
}

/// Loads the chart code once it is wanted (fetched once per page, so only the first chart waits).
pub fn use_chart_module(options: UseChartModuleOptions) -> UseChartModuleReturn {
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
    // Once asked, the effect returns without reading `wanted`, so it never runs again.
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || !options.wanted.get() {
            return asked.unwrap_or(false);
        }
        fetch();
        true
    });
    UseChartModuleReturn {
        module: module.into(),
        retry: Callback::new(move |()| fetch()),
    }
}
