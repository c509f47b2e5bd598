//! A chart on a canvas: loads the chart code, sizes itself to its box, redraws on data, width and theme
//! changes, shows a read-out under the pointer, and exports SVG and PNG.

use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use pulse_core::chart::{ChartRequest, ChartSpec};

use crate::charts::Charts;
use crate::download::{save_text, save_url};
use crate::hooks::use_chart_draw::{use_chart_draw, UseChartDrawOptions};
use crate::hooks::use_chart_module::{use_chart_module, UseChartModuleOptions};
pub use crate::hooks::use_chart_pointer::Pointer;
use crate::hooks::use_chart_pointer::{use_chart_pointer, UseChartPointerOptions};
use crate::hooks::use_element_width::{use_element_width, UseElementWidthOptions};
use crate::hooks::use_near_screen::{use_near_screen, UseNearScreenOptions};

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
    /// The canvas width in pixels, kept equal to the chart's box (0 until it is laid out), for specs that reduce
    /// to pixels.
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
    /// Loads the chart code and draws only once the chart comes near the screen: for charts below a page's
    /// first screen, which many visits never scroll to.
    #[prop(optional)]
    when_near_screen: bool,
) -> impl IntoView {
    // 0 until the chart's box is laid out: the first draw waits for its real width.
    let width = width.unwrap_or_else(|| RwSignal::new(0));
    let (canvas, wrap) = (NodeRef::<Canvas>::new(), NodeRef::<Div>::new());
    use_element_width(UseElementWidthOptions {
        target: wrap,
        width,
        min: 320,
    });
    let wanted = if when_near_screen {
        use_near_screen(UseNearScreenOptions { target: wrap })
    } else {
        Signal::stored(true)
    };
    let charts = use_chart_module(UseChartModuleOptions { wanted });
    let draw = use_chart_draw(UseChartDrawOptions {
        canvas,
        module: charts.module,
        spec,
        width: width.into(),
        height,
        measure,
    });
    let pointer = use_chart_pointer(UseChartPointerOptions {
        drawn: draw.drawn,
        hover,
        on_pick,
    });
    let export = move |kind: ExportKind| {
        let (Some(Ok(module)), Some(spec)) = (charts.module.get_untracked(), spec.get_untracked())
        else {
            return;
        };
        let name = format!("{}.{}", file_name.get_untracked(), kind.extension());
        let size = (width.get_untracked(), height);
        if let Err(e) = export_chart(kind, &module, spec, canvas, size, &name) {
            draw.error.set(Some(format!("Export failed: {e}")));
        }
    };
    view! {
        <div class="chart-box" node_ref=wrap>
            <canvas class="chart" node_ref=canvas role="img" aria-label=label height=height tabindex="0"
                on:mousemove=move |ev| pointer.on_move(ev) on:mouseleave=move |_| pointer.on_leave()
                on:keydown=move |ev| pointer.on_key(ev) on:blur=move |_| pointer.on_blur()
                on:click=move |ev| pointer.on_click(ev) class:pickable=pointer.pickable()
            ></canvas>
            <ChartTip tip=pointer.tip />
            <ChartOverlay module=charts.module wanted retry=charts.retry error=draw.error />
            <div class="chart-actions">
                <button class="link" title="Download as SVG" on:click=move |_| export(ExportKind::Svg)>"SVG"</button>
                <button class="link" title="Download as PNG" on:click=move |_| export(ExportKind::Png)>"PNG"</button>
            </div>
        </div>
    }
}

/// The read-out beside the pointer (or the keyboard's focused mark).
#[component]
pub fn ChartTip(
    /// Canvas position and text.
    tip: RwSignal<Option<(f64, f64, String)>>,
) -> impl IntoView {
    move || {
        tip.get().map(|(x, y, text)| {
            view! {
                <div class="chart-tip" role="status" style:left=format!("{}px", x + 14.0)
                    style:top=format!("calc({}px + 1.5rem)", y + 10.0)>{text}</div>
            }
        })
    }
}

/// What stands over the canvas while the chart cannot be drawn: the module loading, or an error (with a retry
/// when the module failed to load). Nothing while the chart is not wanted yet.
#[component]
fn ChartOverlay(
    /// The chart code, once loaded or failed.
    module: Signal<Option<Result<Charts, String>>>,
    /// Whether the chart is wanted yet (see [`ChartCanvas`]'s `when_near_screen`).
    wanted: Signal<bool>,
    /// Loads the module again.
    retry: Callback<()>,
    /// The last drawing or export error.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    move || match module.get() {
        None if !wanted.get() => None,
        None => Some(
            view! { <p class="chart-overlay loading" role="status">"Loading charts…"</p> }
                .into_any(),
        ),
        Some(Err(e)) => Some(
            view! {
                <p class="chart-overlay error" role="alert">{e} " "
                    <button class="link" on:click=move |_| retry.run(())>"Retry"</button>
                </p>
            }
            .into_any(),
        ),
        Some(Ok(_)) => error
            .get()
            .map(|e| view! { <p class="chart-overlay error" role="alert">{e}</p> }.into_any()),
    }
}

/// The two export formats.
#[derive(Clone, Copy)]
enum ExportKind {
    /// Drawn again as a document, with a legend and the light theme.
    Svg,
    /// The canvas as it is.
    Png,
}

impl ExportKind {
    fn extension(self) -> &'static str {
        match self {
            ExportKind::Svg => "svg",
            ExportKind::Png => "png",
        }
    }
}

/// Saves the chart as a file named `name`; `size` is the canvas's (width, height).
fn export_chart(
    kind: ExportKind,
    module: &Charts,
    spec: ChartSpec,
    canvas: NodeRef<Canvas>,
    size: (u32, u32),
    name: &str,
) -> Result<(), String> {
    match kind {
        ExportKind::Svg => {
            let request = ChartRequest {
                dark: false,
                spec,
                legend: true,
            };
            let svg = module.svg(&request, size.0, size.1)?;
            save_text(name, "image/svg+xml", &svg)
        }
        ExportKind::Png => {
            let c = canvas
                .get_untracked()
                .ok_or_else(|| "no canvas".to_owned())?;
            let url = c
                .to_data_url()
                .map_err(|_| "the canvas cannot be read".to_owned())?;
            save_url(name, &url)
        }
    }
}
