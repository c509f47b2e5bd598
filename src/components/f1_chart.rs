use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use pulse_core::chart::{draw_f1_versions, ChartTheme, VersionPoint};

use crate::theme::is_dark;

/// The User Timing entry that records each draw of this chart.
const CHART_MEASURE: &str = "pulse:chart:f1-versions";

/// F1 across a model's versions, with the threshold line and the Production and champion holders.
#[component]
pub fn F1VersionsChart(
    /// One point per version with an F1.
    points: Vec<VersionPoint>,
    /// The model's threshold, if configured.
    threshold: Option<f64>,
    /// The metric's name, for the axis.
    #[prop(into)]
    metric: String,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let label = format!(
        "{metric} across {} versions{}",
        points.len(),
        threshold
            .map(|t| format!(", threshold {t}"))
            .unwrap_or_default()
    );
    Effect::new(move || {
        let Some(el) = canvas.get() else { return };
        let Some(backend) = CanvasBackend::with_canvas_object(el) else {
            return;
        };
        let theme = if is_dark() {
            ChartTheme::dark()
        } else {
            ChartTheme::light()
        };
        // The draw is a User Timing measure, so `make bench` (and any profiler) can read how long it took.
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("pulse:chart:start");
        }
        // A drawing error leaves the canvas blank; the versions table below still has every figure.
        let area = backend.into_drawing_area();
        let _ = draw_f1_versions(&area, &points, threshold, &metric, &theme);
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark(CHART_MEASURE, "pulse:chart:start");
        }
    });
    view! { <canvas class="chart" node_ref=canvas width="760" height="280" role="img" aria-label=label></canvas> }
}
