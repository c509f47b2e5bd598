//! The chart code (plotters and `charts/`) is a wasm chunk of its own, fetched on the first page that shows a
//! chart, so a first visit downloads none of plotters. This file loads it once and calls it.

use std::cell::Cell;

use futures::future::LocalBoxFuture;
use leptos::prelude::provide_context;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use pulse_core::chart::{ChartRequest, Drawn, LABEL_FONT};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::time::after_paint;

// plotters measures every text of an SVG export with a `<span>` whose font it sets as a `style` attribute, which
// the Content-Security-Policy refuses (style-src has no 'unsafe-inline'), so the span would measure in the page's
// font. While an export is written (synchronously), a `style` attribute is set through the CSSOM instead, which CSP
// allows: the policy still refuses style attributes in parsed markup, which is what it guards against. A canvas
// measures its texts itself (charts/src/measured.rs), legends included (core's chart/legend.rs), so drawing on
// screen needs none of this.
#[wasm_bindgen(inline_js = "
let set;
export function cssom_styles(on) {
    if (on && !set) {
        const original = (set = Element.prototype.setAttribute);
        Element.prototype.setAttribute = function (name, value) {
            if (name === 'style') this.style.cssText = value; else original.call(this, name, value);
        };
    } else if (!on && set) {
        Element.prototype.setAttribute = set;
        set = undefined;
    }
}
export function warm_canvas_text(font) {
    const g = document.createElement('canvas').getContext('2d');
    if (g) { g.font = font; g.measureText('0.75'); }
}")]
extern "C" {
    fn cssom_styles(on: bool);
    /// Draws nothing: makes the browser set up a 2D canvas and the font (see [`load`]).
    fn warm_canvas_text(font: &str);
}

/// Style attributes go through the CSSOM until this is dropped.
struct CssomStyles;

impl CssomStyles {
    fn on() -> Self {
        cssom_styles(true);
        CssomStyles
    }
}

impl Drop for CssomStyles {
    fn drop(&mut self) {
        cssom_styles(false);
    }
}

/// The loaded chart code: its two entry points.
#[derive(Clone, Copy)]
pub struct Charts {
    draw: fn(&HtmlCanvasElement, &ChartRequest) -> Result<Drawn, String>,
    svg: fn(&ChartRequest, u32, u32) -> Result<String, String>,
}

/// The chart code, from its chunk.
#[wasm_split(charts, wasm_split_path = ::leptos::wasm_split, fallible)]
fn chart_code() -> Result<Charts, SplitLoaderError> {
    Ok(Charts {
        draw: pulse_charts::draw,
        svg: pulse_charts::svg,
    })
}

thread_local! {
    /// Whether the chart code has loaded in this page.
    static LOADED: Cell<bool> = const { Cell::new(false) };
}

/// Loads the chart code (fetched once per page; a failed download is tried again on the next call).
///
/// The first load waits for the next frame: a page's charts mount with the content they sit beside (the serving
/// overview's cards, its largest paint), and that content shows before the chart code is asked for rather than
/// with the download in the same frame's wait. It then has the browser set up a 2D canvas and the charts' font,
/// which the first text drawn on a canvas in a page otherwise pays for in the first chart's draw (its median in
/// Chromium, unthrottled: 25.7 -> 15.8 ms for the served F1, 17.1 -> 13.0 ms for the timeline): here it is a
/// task of its own while the chart code downloads.
async fn load() -> Result<Charts, String> {
    if !LOADED.get() {
        after_paint().await;
        let (family, px) = LABEL_FONT;
        warm_canvas_text(&format!("{px}px {family}"));
    }
    let charts = chart_code()
        .await
        .map_err(|_| "The chart code did not download; check the connection.".to_owned())?;
    LOADED.set(true);
    Ok(charts)
}

/// How a chart loads the chart code, from context: the shell provides it ([`provide_chart_loader`]).
///
/// Not called directly by the charts, which live in other wasm chunks: a chunk's code reaching the loader of
/// another chunk makes the unsplit wasm of the component tests import the split's placeholder module.
#[derive(Clone, Copy)]
pub struct ChartLoader(fn() -> LocalBoxFuture<'static, Result<Charts, String>>);

impl ChartLoader {
    /// Loads the chart code.
    pub async fn load(self) -> Result<Charts, String> {
        (self.0)().await
    }
}

/// Provides the [`ChartLoader`] to every page below.
pub fn provide_chart_loader() {
    provide_context(ChartLoader(|| Box::pin(load())));
}

impl Charts {
    /// Draws into a canvas at its current size; returns where the plot and its marks landed.
    pub fn draw(
        &self,
        canvas: &HtmlCanvasElement,
        request: &ChartRequest,
    ) -> Result<Drawn, String> {
        (self.draw)(canvas, request)
    }

    /// The same chart as an SVG document.
    pub fn svg(&self, request: &ChartRequest, width: u32, height: u32) -> Result<String, String> {
        let _styles = CssomStyles::on();
        (self.svg)(request, width, height)
    }
}
