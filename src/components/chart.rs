//! A chart on a canvas: loads the chart module, sizes itself to its box, redraws on data, width and theme
//! changes, shows a read-out under the pointer, and exports SVG and PNG.

use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use pulse_core::chart::{ChartRequest, ChartSpec, Drawn};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::charts::{load, Charts};
use crate::download::{save_text, save_url};
use crate::theme::use_dark;

/// What the pointer is over: its canvas position and the last draw's report.
#[derive(Debug, Clone)]
pub struct Pointer {
    /// Canvas pixels.
    pub x: f64,
    /// Canvas pixels.
    pub y: f64,
    /// Where the plot and marks are.
    pub drawn: Drawn,
}

/// A canvas chart.
#[component]
pub fn ChartCanvas(
    /// What to draw; None while the data is not there.
    #[prop(into)]
    spec: Signal<Option<ChartSpec>>,
    /// Describes the chart for screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// The User Timing measure written around each draw (spec preparation included), for `make bench`.
    measure: &'static str,
    /// Exported files are named `<file_name>.svg` / `.png`.
    #[prop(into)]
    file_name: Signal<String>,
    /// The canvas width in pixels, kept equal to the chart's box, for specs that reduce to pixels.
    #[prop(optional)]
    width: Option<RwSignal<u32>>,
    /// Height in pixels.
    #[prop(default = 300)]
    height: u32,
    /// The read-out for a pointer position, if any.
    #[prop(optional, into)]
    hover: Option<Callback<Pointer, Option<String>>>,
    /// Called on a click, e.g. to select the run under the pointer.
    #[prop(optional, into)]
    on_pick: Option<Callback<Pointer>>,
) -> impl IntoView {
    let width = width.unwrap_or_else(|| RwSignal::new(760));
    let canvas = NodeRef::<Canvas>::new();
    let wrap = NodeRef::<Div>::new();
    let dark = use_dark();
    // A signal, not a resource: a resource read here would hold the page's Suspense until the module loads.
    let module = RwSignal::new(None::<Result<Charts, String>>);
    let fetch = move || {
        module.set(None);
        leptos::task::spawn_local(async move { module.set(Some(load().await)) });
    };
    fetch();
    let drawn = RwSignal::new(None::<Drawn>);
    let error = RwSignal::new(None::<String>);
    let tip = RwSignal::new(None::<(f64, f64, String)>);

    let fit = move || {
        if let Some(w) = wrap.get_untracked() {
            let px = u32::try_from(w.client_width()).unwrap_or(0).max(320);
            if px != width.get_untracked() {
                width.set(px);
            }
        }
    };
    // The box's own size, not the window's: it is also 0 wide while a Transition renders it off-screen, and
    // changes when a sidebar or a <details> opens.
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move || {
        let Some(el) = wrap.get() else { return };
        fit();
        let callback = Closure::<dyn FnMut()>::new(fit);
        if let Ok(o) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            o.observe(&el);
            observer.set_value(Some((o, callback)));
        }
    });
    on_cleanup(move || {
        observer.try_with_value(|o| {
            if let Some((o, _)) = o {
                o.disconnect();
            }
        });
    });

    Effect::new(move || {
        let (Some(el), Some(Ok(charts))) = (canvas.get(), module.get()) else {
            return;
        };
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("pulse:chart:start");
        }
        let Some(spec) = spec.get() else {
            // Setting the width clears the canvas: no stale chart under a new title.
            el.set_width(el.width());
            drawn.set(None);
            return;
        };
        el.set_width(width.get());
        el.set_height(height);
        let request = ChartRequest {
            dark: dark.get(),
            spec,
            legend: false,
        };
        match charts.draw(&el, &request) {
            Ok(d) => {
                drawn.set(Some(d));
                error.set(None);
            }
            Err(e) => error.set(Some(format!("The chart could not be drawn: {e}"))),
        }
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark(measure, "pulse:chart:start");
        }
    });

    let pointer = move |ev: &web_sys::MouseEvent| {
        drawn.get_untracked().map(|drawn| Pointer {
            x: f64::from(ev.offset_x()),
            y: f64::from(ev.offset_y()),
            drawn,
        })
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        let text = hover.zip(pointer(&ev)).and_then(|(h, p)| {
            let (x, y) = (p.x, p.y);
            h.run(p).map(|t| (x, y, t))
        });
        tip.set(text);
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let (Some(pick), Some(p)) = (on_pick, pointer(&ev)) {
            pick.run(p);
        }
    };
    // Keyboard: arrows walk the marks (or along a trend), Enter picks, Escape hides the read-out.
    let key_at = RwSignal::new(None::<(f64, f64)>);
    let show = move |at: (f64, f64)| {
        let Some(drawn) = drawn.get_untracked() else {
            return;
        };
        let p = Pointer {
            x: at.0,
            y: at.1,
            drawn,
        };
        tip.set(hover.and_then(|h| h.run(p)).map(|t| (at.0, at.1, t)));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(d) = drawn.get_untracked() else {
            return;
        };
        match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" => {
                ev.prevent_default();
                if let Some(at) = d.key_step(key_at.get_untracked(), ev.key() == "ArrowRight") {
                    key_at.set(Some(at));
                    show(at);
                }
            }
            "Enter" | " " => {
                if let (Some(pick), Some((x, y))) = (on_pick, key_at.get_untracked()) {
                    ev.prevent_default();
                    pick.run(Pointer { x, y, drawn: d });
                }
            }
            "Escape" => tip.set(None),
            _ => {}
        }
    };
    let export = move |kind: &'static str| {
        let (Some(Ok(charts)), Some(spec)) = (module.get_untracked(), spec.get_untracked()) else {
            return;
        };
        let name = format!("{}.{kind}", file_name.get_untracked());
        let result = if kind == "svg" {
            let request = ChartRequest {
                dark: false,
                spec,
                legend: true,
            };
            charts
                .svg(&request, width.get_untracked(), height)
                .and_then(|svg| save_text(&name, "image/svg+xml", &svg))
        } else {
            canvas
                .get_untracked()
                .ok_or_else(|| "no canvas".to_owned())
                .and_then(|c| {
                    c.to_data_url()
                        .map_err(|_| "the canvas cannot be read".to_owned())
                })
                .and_then(|url| save_url(&name, &url))
        };
        if let Err(e) = result {
            error.set(Some(format!("Export failed: {e}")));
        }
    };

    view! {
        <div class="chart-box" node_ref=wrap>
            <canvas
                class="chart"
                node_ref=canvas
                role="img"
                aria-label=label
                height=height
                on:mousemove=on_move
                on:mouseleave=move |_| tip.set(None)
                tabindex="0"
                on:keydown=on_key
                on:blur=move |_| {
                    tip.set(None);
                    key_at.set(None);
                }
                on:click=on_click
                class:pickable=on_pick.is_some()
            ></canvas>
            {move || tip.get().map(|(x, y, text)| view! {
                <div class="chart-tip" role="status" style:left=format!("{}px", x + 14.0) style:top=format!("calc({}px + 1.5rem)", y + 10.0)>{text}</div>
            })}
            {move || match module.get() {
                None => Some(view! { <p class="chart-overlay loading" role="status">"Loading charts…"</p> }.into_any()),
                Some(Err(e)) => Some(view! {
                    <p class="chart-overlay error" role="alert">{e} " "
                        <button class="link" on:click=move |_| fetch()>"Retry"</button>
                    </p>
                }.into_any()),
                Some(Ok(_)) => error.get().map(|e| view! { <p class="chart-overlay error" role="alert">{e}</p> }.into_any()),
            }}
            <div class="chart-actions">
                <button class="link" title="Download as SVG" on:click=move |_| export("svg")>"SVG"</button>
                <button class="link" title="Download as PNG" on:click=move |_| export("png")>"PNG"</button>
            </div>
        </div>
    }
}
