//! One backend type for both outputs, so the drawing code is compiled once.
//!
//! `pulse_core::chart::draw` is generic over the plotters backend: with a backend type for the canvas and another
//! for the SVG export, every chart function and every plotters generic under it was compiled twice. [`Backend`]
//! is either one and forwards each call (a `match` per call is nothing next to the drawing). It also hands the
//! backends one path type and one style type, so their own drawing methods are compiled once each rather than
//! once per iterator and style type that plotters' elements pass down.

use crate::measured::{cast, ChartError, MeasuredCanvas};
use plotters::prelude::{RGBAColor, SVGBackend, ShapeStyle};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The canvas on screen or the SVG document of an export.
pub enum Backend<'a> {
    Canvas(MeasuredCanvas),
    Svg(SVGBackend<'a>),
}

/// Calls the same method on whichever backend this is, with its error as a [`ChartError`].
macro_rules! forward {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            Backend::Canvas($b) => $call,
            Backend::Svg($b) => $call.map_err(cast),
        }
    };
}

/// The caller's style as one type, so the backends' drawing methods are compiled once rather than once per style
/// type plotters passes down.
fn plain<S: BackendStyle>(style: &S) -> ShapeStyle {
    let BackendColor {
        rgb: (r, g, b),
        alpha,
    } = style.color();
    ShapeStyle {
        color: RGBAColor(r, g, b, alpha),
        filled: false,
        stroke_width: style.stroke_width(),
    }
}

impl DrawingBackend for Backend<'_> {
    type ErrorType = ChartError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            Backend::Canvas(b) => b.get_size(),
            Backend::Svg(b) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.present())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        let style = plain(style);
        forward!(self, b => b.draw_line(from, to, &style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        let style = plain(style);
        forward!(self, b => b.draw_rect(upper_left, bottom_right, &style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        // One path type for the backends below: their path code is compiled once, not once per caller's iterator.
        let path: Vec<BackendCoord> = path.into_iter().collect();
        let style = plain(style);
        forward!(self, b => b.draw_path(path, &style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        let style = plain(style);
        forward!(self, b => b.draw_circle(center, radius, &style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        let vert: Vec<BackendCoord> = vert.into_iter().collect();
        let style = plain(style);
        forward!(self, b => b.fill_polygon(vert, &style))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_text(text, style, pos))
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.estimate_text_size(text, style))
    }
}
