//! Pulse's chart drawing: plotters, the canvas backend and the SVG export. The app calls it through one wasm
//! chunk (`src/charts.rs`) fetched on the first page with a chart, so a first visit downloads none of plotters.
//! It only draws: the app prepares every chart in `pulse-core`; all drawing code is `pulse_core::chart`.

mod backend;
mod measured;

use backend::Backend;
use measured::MeasuredCanvas;
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use pulse_core::chart::{draw as draw_chart, ChartRequest, Drawn};
use web_sys::HtmlCanvasElement;

/// Draws a chart into the canvas at its current size; returns where the plot and its marks landed.
pub fn draw(canvas: &HtmlCanvasElement, request: &ChartRequest) -> Result<Drawn, String> {
    let backend = MeasuredCanvas::new(canvas.clone())
        .ok_or_else(|| "the canvas has no 2d context".to_owned())?;
    draw_chart(&Backend::Canvas(backend).into_drawing_area(), request)
        .map_err(|e| format!("drawing: {e}"))
}

/// The same chart as an SVG document of the given size, for export.
pub fn svg(request: &ChartRequest, width: u32, height: u32) -> Result<String, String> {
    let mut out = String::new();
    {
        let root =
            Backend::Svg(SVGBackend::with_string(&mut out, (width, height))).into_drawing_area();
        draw_chart(&root, request).map_err(|e| format!("drawing: {e}"))?;
    }
    Ok(out)
}
