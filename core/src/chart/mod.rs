//! Charts drawn with plotters into any backend: a canvas in the browser, an SVG string in native tests and
//! exports. Each chart has a `*_spec` function that does the maths and a `draw_*` function that only draws.
//! The serving cards' sparklines are the exception: the page writes their SVG from [`sparkline_shape`].

mod axis;
mod bars;
mod category;
mod f1_versions;
mod legend;
mod parallel;
mod ranked;
mod readout;
mod scatter;
mod served_f1;
mod sparkline;
pub mod spec;
mod theme;
mod timeline;
mod trend;
pub mod zone;

/// The font of the charts' labels and ticks: family and size in pixels.
pub const LABEL_FONT: (&str, u32) = ("sans-serif", 13);

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

pub use bars::{bars_spec, draw_bars};
pub use f1_versions::draw_f1_versions;
pub use parallel::{draw_parallel, parallel_spec, AxisData};
pub use ranked::{draw_ranked, ranked_spec};
pub use readout::{run_readout, timeline_readout, trend_label, HIT_RADIUS_PX};
pub use scatter::{draw_scatter, scatter_spec};
pub use served_f1::{draw_served_f1, served_f1_hover, served_f1_spec};
pub use sparkline::{
    sparkline_readout, sparkline_shape, sparkline_spec, SparklineShape, SPARKLINE_MARGIN_PX,
};
pub use spec::*;
pub use theme::ChartTheme;
pub use timeline::{draw_timeline, timeline_spec, timeline_spec_by_series};
pub use trend::{draw_trend, readout, readout_text, trend_spec, RunHistory, TrendOptions};

/// Draws any chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    request: &ChartRequest,
) -> Result<Drawn, DrawingAreaErrorKind<DB::ErrorType>> {
    let theme = ChartTheme::for_mode(request.dark);
    match &request.spec {
        ChartSpec::Trend(s) => draw_trend(root, s, &theme, request.legend),
        ChartSpec::Timeline(s) => draw_timeline(root, s, &theme),
        ChartSpec::Bars(s) => draw_bars(root, s, &theme),
        ChartSpec::Ranked(s) => draw_ranked(root, s, &theme),
        ChartSpec::Parallel(s) => draw_parallel(root, s, &theme, request.legend),
        ChartSpec::Scatter(s) => draw_scatter(root, s, &theme, request.legend),
        ChartSpec::Versions(s) => draw_f1_versions(root, s, &theme),
        ChartSpec::ServedF1(s) => draw_served_f1(root, s, &theme),
    }
}
