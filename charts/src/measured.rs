//! The canvas backend with text measured by the canvas itself.
//!
//! plotters measures text in the browser by putting a `<span style="…">` into the page, and a
//! Content-Security-Policy without `'unsafe-inline'` refuses that `style` attribute (the span then measures in the
//! page's font, so labels are placed for the wrong size). The 2D context's `measureText` needs no DOM and measures
//! exactly the font the canvas draws with. Everything else is plotters-canvas's own drawing.

use plotters_backend::{
    BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
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

/// [`CanvasBackend`] whose text sizes come from the canvas's `measureText`.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    /// The backend for a canvas with a 2D context; `None` when it has none.
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(MeasuredCanvas {
            inner: CanvasBackend::with_canvas_object(canvas)?,
            context,
        })
    }
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = ChartError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.ensure_prepared().map_err(cast)
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.present().map_err(cast)
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: plotters_backend::BackendColor,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.draw_pixel(point, color).map_err(cast)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.draw_line(from, to, style).map_err(cast)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner
            .draw_rect(upper_left, bottom_right, style, fill)
            .map_err(cast)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.draw_path(path, style).map_err(cast)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner
            .draw_circle(center, radius, style, fill)
            .map_err(cast)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.fill_polygon(vert, style).map_err(cast)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        self.inner.draw_text(text, style, pos).map_err(cast)
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
