//! The chart module (`charts/`, a wasm of its own) is fetched on the first page that shows a chart, so a
//! first visit downloads none of plotters. This file loads it once and calls it.

use pulse_core::chart::{ChartRequest, Drawn};
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

// plotters measures legend labels (and every text of an SVG export) with a `<span>` whose font it sets as a
// `style` attribute, which the Content-Security-Policy refuses (style-src has no 'unsafe-inline'), so the span would
// measure in the page's font. While the chart module draws (synchronously), a `style` attribute is set through the
// CSSOM instead, which CSP allows: the policy still refuses style attributes in parsed markup, which is what it
// guards against. Canvas axis labels are measured by the canvas itself (charts/src/measured.rs).
#[wasm_bindgen(inline_js = "
let loading;
function cssomStyles(f) {
    return (...args) => {
        const set = Element.prototype.setAttribute;
        Element.prototype.setAttribute = function (name, value) {
            if (name === 'style') this.style.cssText = value; else set.call(this, name, value);
        };
        try { return f(...args); } finally { Element.prototype.setAttribute = set; }
    };
}
export function load_charts(url) {
    if (!loading) {
        loading = import(url).then(async (m) => {
            await m.default();
            return { draw: cssomStyles(m.draw), svg: cssomStyles(m.svg) };
        });
        loading.catch(() => { loading = undefined; });
    }
    return loading;
}")]
extern "C" {
    fn load_charts(url: &str) -> js_sys::Promise;
}

/// The loaded chart module.
#[derive(Clone)]
pub struct Charts(SendWrapper<JsValue>);

/// The file Trunk writes for `charts/` (see index.html), beside the app.
const MODULE_FILE: &str = "pulse-charts.js";

/// Loads the chart module (once per page; a failed load is tried again on the next call).
pub async fn load() -> Result<Charts, String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_owned());
    let url = web_sys::Url::new_with_base(MODULE_FILE, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| format!("/{MODULE_FILE}"));
    JsFuture::from(load_charts(&url))
        .await
        .map(|m| Charts(SendWrapper::new(m)))
        .map_err(|e| format!("The chart module could not be loaded ({}).", describe(&e)))
}

impl Charts {
    fn call(&self, name: &str, args: &[JsValue]) -> Result<String, String> {
        let f: js_sys::Function = js_sys::Reflect::get(&self.0, &JsValue::from_str(name))
            .map_err(|e| describe(&e))?
            .dyn_into()
            .map_err(|_| format!("the chart module has no {name}()"))?;
        let out = f
            .apply(&JsValue::NULL, &args.iter().collect::<js_sys::Array>())
            .map_err(|e| describe(&e))?;
        out.as_string()
            .ok_or_else(|| format!("{name}() returned no text"))
    }

    /// Draws into a canvas at its current size; returns where the plot and its marks landed.
    pub fn draw(
        &self,
        canvas: &HtmlCanvasElement,
        request: &ChartRequest,
    ) -> Result<Drawn, String> {
        let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
        let report = self.call("draw", &[canvas.into(), JsValue::from_str(&json)])?;
        serde_json::from_str(&report).map_err(|e| e.to_string())
    }

    /// The same chart as an SVG document.
    pub fn svg(&self, request: &ChartRequest, width: u32, height: u32) -> Result<String, String> {
        let json = serde_json::to_string(request).map_err(|e| e.to_string())?;
        self.call(
            "svg",
            &[JsValue::from_str(&json), width.into(), height.into()],
        )
    }
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}
