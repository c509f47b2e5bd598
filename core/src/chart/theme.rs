use plotters::style::RGBColor;

/// Colours of a chart, matching the app's light or dark theme. The series colours are from the Okabe-Ito
/// palette, which stays distinguishable with the common colour-vision deficiencies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartTheme {
    /// Background.
    pub background: RGBColor,
    /// Axes, labels and text.
    pub text: RGBColor,
    /// Secondary text and faint lines.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// The main series of a one-series chart.
    pub series: RGBColor,
    /// The threshold line: outside the palette, so it never looks like a run (it is also dashed and labelled).
    pub threshold: RGBColor,
    /// The Production holder's marker.
    pub production: RGBColor,
    /// The champion's marker.
    pub champion: RGBColor,
    /// One colour per run, in selection order; the eighth is neutral so it never clashes with the theme.
    pub palette: [RGBColor; 8],
}

impl ChartTheme {
    /// For the light theme.
    pub fn light() -> ChartTheme {
        ChartTheme {
            background: RGBColor(255, 255, 255),
            text: RGBColor(27, 31, 36),
            muted: RGBColor(110, 119, 129),
            grid: RGBColor(226, 230, 235),
            series: RGBColor(0, 114, 178),
            threshold: RGBColor(200, 0, 60),
            production: RGBColor(0, 158, 115),
            champion: RGBColor(204, 121, 167),
            palette: [
                RGBColor(0, 114, 178),
                RGBColor(230, 159, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(86, 180, 233),
                RGBColor(213, 94, 0),
                RGBColor(181, 160, 0),
                RGBColor(60, 60, 60),
            ],
        }
    }

    /// For the dark theme.
    pub fn dark() -> ChartTheme {
        ChartTheme {
            background: RGBColor(23, 27, 34),
            text: RGBColor(230, 233, 238),
            muted: RGBColor(139, 148, 158),
            grid: RGBColor(45, 52, 64),
            series: RGBColor(86, 180, 233),
            threshold: RGBColor(255, 90, 90),
            production: RGBColor(0, 158, 115),
            champion: RGBColor(204, 121, 167),
            palette: [
                RGBColor(86, 180, 233),
                RGBColor(230, 159, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(0, 114, 178),
                RGBColor(213, 94, 0),
                RGBColor(240, 228, 66),
                RGBColor(200, 200, 200),
            ],
        }
    }

    /// The theme for the page's mode.
    pub fn for_mode(dark: bool) -> ChartTheme {
        if dark {
            ChartTheme::dark()
        } else {
            ChartTheme::light()
        }
    }

    /// The colour of the run at `index` in the selection; the same index gets the same colour on every chart.
    pub fn run_color(&self, index: usize) -> RGBColor {
        self.palette[index % self.palette.len()]
    }
}
