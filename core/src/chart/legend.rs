//! A chart's legend, drawn with the backend's own text measurement.
//!
//! plotters' legend (`configure_series_labels`) measures its labels through the font layer, which in a browser
//! puts a `<span>` into the page for each label and reads its size: a forced layout of the whole page per label
//! (a quarter of the experiment timeline's drawing, at Lighthouse's 4x slower CPU), and the page's font when a
//! strict Content-Security-Policy refuses the span's style. This one asks the drawing area, whose canvas backend
//! measures with the canvas (charts/src/measured.rs), and otherwise lays the box out as plotters does.

use plotters::chart::ChartContext;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;

use super::axis::label_font;
use super::ChartTheme;

/// Between the box's edge and its contents, in pixels (plotters' default).
const MARGIN: i32 = 10;
/// The width held for the keys before the labels (plotters' default).
const KEYS: i32 = 30;
/// Lines are this many font sizes apart.
const LINE_HEIGHT: f64 = 1.25;

/// What the legend shows before a label.
#[derive(Clone, Copy)]
pub enum Key {
    /// A short stroke, for a line series.
    Line(ShapeStyle),
    /// A circle of this radius, for points.
    Dot(u32, ShapeStyle),
}

/// A chart's legend: its labels in the order they were added, each with its key.
#[derive(Default)]
pub struct Legend(Vec<(String, Key)>);

impl Legend {
    /// Adds a label.
    pub fn add(&mut self, label: impl Into<String>, key: Key) {
        self.0.push((label.into(), key));
    }

    /// The legend as a box in `corner` of the chart's plotting area; nothing when it has no label.
    pub fn draw<'a, DB, X, Y>(
        &self,
        chart: &ChartContext<'a, DB, Cartesian2d<X, Y>>,
        theme: &ChartTheme,
        corner: Corner,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
    where
        DB: DrawingBackend + 'a,
        X: Ranged,
        Y: Ranged,
    {
        if self.0.is_empty() {
            return Ok(());
        }
        let area = chart.plotting_area().strip_coord_spec();
        let font = label_font(theme);
        let step = font.font.get_size() * LINE_HEIGHT;
        // Each line's top within the box's contents and its height, as plotters' multi-line text lays them out.
        let mut lines = Vec::with_capacity(self.0.len());
        let (mut width, mut height) = (0, 0);
        for (i, (label, _)) in self.0.iter().enumerate() {
            let top = (i as f64 * step).round() as i32;
            let (w, h) = area.estimate_text_size(label, &font)?;
            width = width.max(w as i32);
            height = height.max(top + h as i32);
            lines.push((top, h as i32));
        }
        let size = (width + KEYS + 2 * MARGIN, height + 2 * MARGIN);
        let (x, y) = corner.place(size, area.dim_in_pixel());
        let corners = [(x, y), (x + size.0, y + size.1)];
        area.draw(&Rectangle::new(
            corners,
            theme.background.mix(0.85).filled(),
        ))?;
        area.draw(&Rectangle::new(corners, theme.grid))?;
        // The labels, then the keys: the order plotters draws them in.
        for ((label, _), (top, _)) in self.0.iter().zip(&lines) {
            let at = (x + KEYS + MARGIN, y + MARGIN + top);
            area.draw(&Text::new(label.as_str(), at, font.clone()))?;
        }
        for ((_, key), (top, h)) in self.0.iter().zip(lines) {
            let top = y + MARGIN + top;
            let (kx, ky) = (x + MARGIN, (2 * top + h) / 2);
            match *key {
                Key::Line(style) => {
                    area.draw(&PathElement::new([(kx, ky), (kx + 16, ky)], style))?
                }
                Key::Dot(radius, style) => area.draw(&Circle::new((kx + 8, ky), radius, style))?,
            }
        }
        Ok(())
    }
}

/// Where in the plotting area a legend goes: a right-hand corner, 5 pixels in from its edges (as plotters' own).
#[derive(Clone, Copy)]
pub enum Corner {
    UpperRight,
    LowerRight,
}

impl Corner {
    /// The top left corner of a box of `w` x `h` pixels in an area of `area` pixels.
    fn place(self, (w, h): (i32, i32), (aw, ah): (u32, u32)) -> (i32, i32) {
        let y = match self {
            Corner::UpperRight => 5,
            Corner::LowerRight => ah as i32 - h - 5,
        };
        (aw as i32 - w - 5, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::chart::SeriesLabelPosition;

    /// Who draws the legend of the test chart.
    enum By {
        Pulse,
        Plotters,
        Nobody,
    }

    /// A chart whose legend has a line and a dot, drawn `by` one or the other into an SVG document.
    fn svg(by: By, labels: &[&str]) -> String {
        let theme = ChartTheme::light();
        let (line, dot) = (RED.stroke_width(2), BLUE.filled());
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (400, 300)).into_drawing_area();
            let mut chart = ChartBuilder::on(&root)
                .build_cartesian_2d(0.0..1.0, 0.0..1.0)
                .expect("a chart");
            match by {
                By::Pulse => {
                    let mut legend = Legend::default();
                    legend.add(labels[0], Key::Line(line));
                    legend.add(labels[1], Key::Dot(4, dot));
                    legend
                        .draw(&chart, &theme, Corner::LowerRight)
                        .expect("draws");
                }
                By::Plotters => {
                    chart
                        .draw_series(LineSeries::new(std::iter::empty(), line))
                        .expect("draws")
                        .label(labels[0])
                        .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], line));
                    chart
                        .draw_series(std::iter::empty::<Circle<(f64, f64), u32>>())
                        .expect("draws")
                        .label(labels[1])
                        .legend(move |(x, y)| Circle::new((x + 8, y), 4, dot));
                    chart
                        .configure_series_labels()
                        .background_style(theme.background.mix(0.85))
                        .border_style(theme.grid)
                        .label_font(label_font(&theme))
                        .position(SeriesLabelPosition::LowerRight)
                        .draw()
                        .expect("draws");
                }
                By::Nobody => Legend::default()
                    .draw(&chart, &theme, Corner::UpperRight)
                    .expect("draws"),
            }
            root.present().expect("presents");
        }
        out
    }

    #[test]
    fn draws_the_box_plotters_draws() {
        let labels = ["best so far", "run <b>&</b> a much longer name"];
        let ours = svg(By::Pulse, &labels);
        assert!(
            ours.contains("best so far") && ours.contains("<circle"),
            "{ours}"
        );
        assert_eq!(ours, svg(By::Plotters, &labels));
    }

    #[test]
    fn draws_nothing_without_labels() {
        let empty = svg(By::Nobody, &[]);
        assert!(!empty.contains("<rect"), "{empty}");
    }
}
