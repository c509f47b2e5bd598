//! Pulse's chart module, a wasm of its own that the app loads on the first page with a chart, so a first
//! visit does not download plotters. It only draws: the app prepares every chart in `pulse-core` and sends
//! the spec as JSON; all drawing code is `pulse_core::chart`.

mod backend;
mod measured;

use backend::Backend;
use measured::MeasuredCanvas;
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use pulse_core::chart::{draw as draw_chart, ChartRequest, Drawn};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

fn request(json: &str) -> Result<ChartRequest, JsValue> {
    serde_json::from_str(json).map_err(|e| JsValue::from_str(&format!("chart request: {e}")))
}

fn report(drawn: &Drawn) -> Result<String, JsValue> {
    serde_json::to_string(drawn).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Draws a `ChartRequest` (JSON) into the canvas at its current size; returns the `Drawn` report as JSON.
#[wasm_bindgen]
pub fn draw(canvas: HtmlCanvasElement, json: &str) -> Result<String, JsValue> {
    let request = request(json)?;
    let backend = MeasuredCanvas::new(canvas)
        .ok_or_else(|| JsValue::from_str("the canvas has no 2d context"))?;
    let drawn = draw_chart(&Backend::Canvas(backend).into_drawing_area(), &request)
        .map_err(|e| JsValue::from_str(&format!("drawing: {e}")))?;
    report(&drawn)
}

/// Draws a `ChartRequest` (JSON) as an SVG document of the given size, for export.
#[wasm_bindgen]
pub fn svg(json: &str, width: u32, height: u32) -> Result<String, JsValue> {
    let request = request(json)?;
    let mut out = String::new();
    {
        let root =
            Backend::Svg(SVGBackend::with_string(&mut out, (width, height))).into_drawing_area();
        draw_chart(&root, &request).map_err(|e| JsValue::from_str(&format!("drawing: {e}")))?;
    }
    Ok(out)
}
