//! The canvas backend with text measured by the canvas itself.
//!
//! plotters measures text in the browser by putting a `<span style="…">` into the page, and a
//! Content-Security-Policy without `'unsafe-inline'` refuses that `style` attribute (the span then measures in the
//! page's font, so labels are placed for the wrong size). The 2D context's `measureText` needs no DOM and measures
//! exactly the font the canvas draws with.
//!
//! Circles are drawn here too, as plotters-canvas draws them but for their style: it formats a CSS colour and sets
//! it on the context (which parses it) before each circle, 1,000 times in a row for the experiment timeline's runs.
//! Here it is set when it changes. Everything else is plotters-canvas's own drawing.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A drawing failure, as text (plotters-canvas does not export its error type).
#[derive(Debug)]
pub struct ChartError(String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartError {}

/// Any backend's error as a [`ChartError`].
pub fn cast<E: std::error::Error + Send + Sync>(
    e: DrawingErrorKind<E>,
) -> DrawingErrorKind<ChartError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(ChartError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// [`CanvasBackend`] whose text sizes come from the canvas's `measureText`, and whose circles set their style only
/// when it changes.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// The circle style this backend last set on the context, while nothing else has set one since.
    pen: Option<Pen>,
}

/// A circle's style as the context takes it: filled, or stroked at a width.
#[derive(Clone, Copy, PartialEq)]
struct Pen {
    rgb: (u8, u8, u8),
    alpha: f64,
    fill: bool,
    width: u32,
}

impl MeasuredCanvas {
    /// The backend for a canvas with a 2D context; `None` when it has none.
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(MeasuredCanvas {
            inner: CanvasBackend::with_canvas_object(canvas)?,
            context,
            pen: None,
        })
    }

    /// Before a call to plotters-canvas, which sets styles of its own: the next circle sets its style again.
    fn hand_over(&mut self) -> &mut CanvasBackend {
        self.pen = None;
        &mut self.inner
    }

    /// The circle's style on the context, set only when it changes.
    fn take_pen(&mut self, pen: Pen) {
        if self.pen == Some(pen) {
            return;
        }
        let (r, g, b) = pen.rgb;
        let color = format!("rgba({r},{g},{b},{})", pen.alpha);
        if pen.fill {
            self.context.set_fill_style_str(&color);
        } else {
            self.context.set_stroke_style_str(&color);
            self.context.set_line_width(f64::from(pen.width));
        }
        self.pen = Some(pen);
    }
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = ChartError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        // Called before every element; plotters-canvas sets no style here.
        self.inner.ensure_prepared().map_err(cast)
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over().present().map_err(cast)
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: plotters_backend::BackendColor,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over().draw_pixel(point, color).map_err(cast)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over().draw_line(from, to, style).map_err(cast)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over()
            .draw_rect(upper_left, bottom_right, style, fill)
            .map_err(cast)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over().draw_path(path, style).map_err(cast)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        let BackendColor { rgb, alpha } = style.color();
        if alpha == 0.0 {
            return Ok(());
        }
        let pen = Pen {
            rgb,
            alpha,
            fill,
            width: if fill { 0 } else { style.stroke_width() },
        };
        self.take_pen(pen);
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(|e| DrawingErrorKind::DrawingError(ChartError(format!("arc: {e:?}"))))?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over().fill_polygon(vert, style).map_err(cast)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.hand_over().draw_text(text, style, pos).map_err(cast)
    }

    /// The font as `draw_text` sets it; the height is the font's line box, as plotters' span measured it.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<ChartError>> {
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str(),
        ));
        let metrics = self.context.measure_text(text).map_err(|e| {
            DrawingErrorKind::DrawingError(ChartError(format!("measureText: {e:?}")))
        })?;
        let height = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
        Ok((metrics.width().ceil() as u32, height.ceil() as u32))
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use plotters::prelude::{IntoFont, RGBAColor, ShapeStyle, TextStyle};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    const SIZE: u32 = 120;

    fn canvas() -> HtmlCanvasElement {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let canvas: HtmlCanvasElement = document
            .create_element("canvas")
            .expect("a canvas")
            .dyn_into()
            .expect("a canvas element");
        canvas.set_width(SIZE);
        canvas.set_height(SIZE);
        canvas
    }

    fn style(r: u8, alpha: f64, width: u32) -> ShapeStyle {
        ShapeStyle {
            color: RGBAColor(r, 90, 200, alpha),
            filled: false,
            stroke_width: width,
        }
    }

    /// Circles in two styles, filled and stroked, a text between them (plotters-canvas sets its own fill), and
    /// translucent ones over each other: what the experiment timeline and its legend draw.
    fn draw<B: DrawingBackend>(backend: &mut B) {
        let (red, blue) = (style(220, 1.0, 1), style(20, 1.0, 2));
        for i in 0..5 {
            let y = 12 + 22 * i;
            for (x, s, fill) in [(12, &red, true), (34, &red, true), (56, &blue, false)] {
                backend
                    .draw_circle((x, y), 6, s, fill)
                    .map_err(|_| "circle")
                    .expect("draws");
            }
            if i == 2 {
                let font: TextStyle = ("sans-serif", 10).into_font().into();
                backend
                    .draw_text("F1", &font, (70, y))
                    .map_err(|_| "text")
                    .expect("draws");
            }
        }
        for x in [80, 88, 96] {
            backend
                .draw_circle((x, 100), 9, &style(220, 0.4, 1), true)
                .map_err(|_| "circle")
                .expect("draws");
        }
        backend.present().map_err(|_| "present").expect("presents");
    }

    fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
        let context: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .expect("a 2d context");
        context
            .get_image_data(0.0, 0.0, f64::from(SIZE), f64::from(SIZE))
            .expect("pixels")
            .data()
            .0
    }

    #[wasm_bindgen_test]
    fn circles_look_as_plotters_canvas_draws_them() {
        let (ours, theirs) = (canvas(), canvas());
        draw(&mut MeasuredCanvas::new(ours.clone()).expect("a 2d context"));
        draw(&mut CanvasBackend::with_canvas_object(theirs.clone()).expect("a 2d context"));
        let (ours, theirs) = (pixels(&ours), pixels(&theirs));
        assert!(theirs.iter().any(|&b| b != 0), "nothing was drawn");
        assert!(ours == theirs, "the canvases differ");
    }
}
