//! A served model's F1 over time: the served versions as steps, skipped candidates and the threshold.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::chart::{served_f1_hover, served_f1_spec, ChartSpec, HIT_RADIUS_PX};
use pulse_core::format::file_stem;
use pulse_core::serving::Overview;

use crate::time::offset_at;
use crate::ui::chart::{ChartCanvas, Pointer};

/// The served F1 chart of one model, with each point's version and outcome under the pointer.
#[component]
pub fn ServedF1Chart(
    /// The overview the history is read from.
    overview: Signal<Option<Arc<Overview>>>,
    /// The model's key.
    key: String,
) -> impl IntoView {
    let spec = Memo::new({
        let key = key.clone();
        move |_| {
            overview.with(|o| {
                let o = o.as_ref()?;
                let history = o.served_f1.iter().find(|h| h.key == key)?;
                Some(served_f1_spec(history, &o.metric, &offset_at))
            })
        }
    });
    let chart = Signal::derive(move || spec.get().map(ChartSpec::ServedF1));
    let hover = Callback::new(move |p: Pointer| {
        spec.with_untracked(|s| served_f1_hover(s.as_ref()?, p.mark(HIT_RADIUS_PX)?.run))
    });
    let metric = move || spec.with(|s| s.as_ref().map(|s| s.metric.clone()).unwrap_or_default());
    let label = Signal::derive({
        let key = key.clone();
        move || {
            format!(
                "Served {} of {key} over time, with skipped candidates and the threshold",
                metric()
            )
        }
    });
    let file_name = format!("{}-served-f1", file_stem(&key));
    view! {
        <figure class="served-f1">
            <figcaption>{key}</figcaption>
            // Below the cards: on a phone, off the first screen.
            <ChartCanvas spec=chart label measure="pulse:chart:served-f1" file_name height=240 hover
                when_near_screen=true />
        </figure>
    }
}
