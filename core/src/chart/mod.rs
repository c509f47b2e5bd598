//! Charts drawn with plotters into any backend: a canvas in the browser, an SVG string in native tests.

mod f1_versions;
mod theme;

pub use f1_versions::{draw_f1_versions, VersionPoint};
pub use theme::ChartTheme;
