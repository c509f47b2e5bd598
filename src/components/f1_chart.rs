use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use pulse_core::chart::{draw_f1_versions, ChartTheme, VersionPoint};

use crate::theme::is_dark;

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
        // A drawing error leaves the canvas blank; the versions table below still has every figure.
        let _ = draw_f1_versions(
            &backend.into_drawing_area(),
            &points,
            threshold,
            &metric,
            &theme,
        );
    });
    view! { <canvas class="chart" node_ref=canvas width="760" height="280" role="img" aria-label=label></canvas> }
}
