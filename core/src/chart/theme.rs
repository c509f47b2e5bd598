use plotters::style::RGBColor;

/// Colours of a chart, matching the app's light or dark theme. The series colours are from the Okabe-Ito
/// palette, which stays distinguishable with the common colour-vision deficiencies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartTheme {
    /// Background.
    pub background: RGBColor,
    /// Axes, labels and text.
    pub text: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// The main series.
    pub series: RGBColor,
    /// The threshold line.
    pub threshold: RGBColor,
    /// The Production holder's marker.
    pub production: RGBColor,
    /// The champion's marker.
    pub champion: RGBColor,
}

impl ChartTheme {
    /// For the light theme.
    pub fn light() -> ChartTheme {
        ChartTheme {
            background: RGBColor(255, 255, 255),
            text: RGBColor(27, 31, 36),
            grid: RGBColor(226, 230, 235),
            series: RGBColor(0, 114, 178),
            threshold: RGBColor(213, 94, 0),
            production: RGBColor(0, 158, 115),
            champion: RGBColor(204, 121, 167),
        }
    }

    /// For the dark theme.
    pub fn dark() -> ChartTheme {
        ChartTheme {
            background: RGBColor(23, 27, 34),
            text: RGBColor(230, 233, 238),
            grid: RGBColor(45, 52, 64),
            series: RGBColor(86, 180, 233),
            threshold: RGBColor(230, 159, 0),
            production: RGBColor(0, 158, 115),
            champion: RGBColor(204, 121, 167),
        }
    }
}
