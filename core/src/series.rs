//! Metric series maths for the charts: gaps for values that cannot be drawn, EMA smoothing, min/max
//! downsampling to the chart's pixel width, axis ranges, nearest-point search and best-so-far lines.

/// Points of one series as (x, y).
pub type Points = Vec<(f64, f64)>;

/// Why points were left out of a chart, counted so the chart can say so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// NaN values.
    pub nan: usize,
    /// Infinite values (MLflow's clamped +-1.797e308 included).
    pub infinite: usize,
    /// Zero or negative values on a log axis.
    pub non_positive: usize,
}

impl Skipped {
    /// Adds another count to this one.
    pub fn add(&mut self, other: Skipped) {
        self.nan += other.nan;
        self.infinite += other.infinite;
        self.non_positive += other.non_positive;
    }

    /// A sentence for under the chart, e.g. "2 NaN and 1 infinite values are not drawn (gaps).", or None.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.nan > 0 {
            parts.push(format!("{} NaN", self.nan));
        }
        if self.infinite > 0 {
            parts.push(format!("{} infinite", self.infinite));
        }
        if self.non_positive > 0 {
            parts.push(format!(
                "{} zero or negative (log scale)",
                self.non_positive
            ));
        }
        let total = self.nan + self.infinite + self.non_positive;
        (total > 0).then(|| {
            let noun = if total == 1 { "value is" } else { "values are" };
            format!("{} {noun} not drawn (gaps).", parts.join(" and "))
        })
    }
}

/// Splits points into runs of drawable points: a NaN, an infinity, or (on a log axis) a value <= 0 ends a
/// segment, so the line shows a gap instead of a crash or an axis blown out to 1e308.
pub fn segments(points: &[(f64, f64)], log_y: bool) -> (Vec<Points>, Skipped) {
    let mut out: Vec<Points> = Vec::new();
    let mut current = Vec::new();
    let mut skipped = Skipped::default();
    for &(x, y) in points {
        let bad = if y.is_nan() || !x.is_finite() {
            skipped.nan += 1;
            true
        } else if y.is_infinite() {
            skipped.infinite += 1;
            true
        } else if log_y && y <= 0.0 {
            skipped.non_positive += 1;
            true
        } else {
            false
        };
        if bad {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push((x, y));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    (out, skipped)
}

/// Exponential moving average with TensorBoard's debiasing, so the first points are not pulled toward 0.
/// `smoothing` is in [0, 1): 0 returns the values unchanged. Non-finite values stay as they are and do not
/// disturb the average.
pub fn ema(values: &[f64], smoothing: f64) -> Vec<f64> {
    let w = smoothing.clamp(0.0, 0.999);
    if w == 0.0 {
        return values.to_vec();
    }
    let (mut last, mut n) = (0.0, 0i32);
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                return v;
            }
            last = last * w + (1.0 - w) * v;
            n += 1;
            last / (1.0 - w.powi(n))
        })
        .collect()
}

/// Reduces a segment sorted by x to at most two points (its minimum and maximum, in x order) per bucket of
/// equal width over [x_lo, x_hi], so a spike one step wide survives at any zoom. Short segments pass as they are.
pub fn min_max_reduce(points: &[(f64, f64)], x_lo: f64, x_hi: f64, buckets: usize) -> Points {
    if points.len() <= 2 * buckets.max(1) || x_hi <= x_lo {
        return points.to_vec();
    }
    let width = (x_hi - x_lo) / buckets as f64;
    let bucket_of = |x: f64| (((x - x_lo) / width) as usize).min(buckets - 1);
    let mut out = Vec::with_capacity(2 * buckets + 2);
    let mut start = 0;
    while start < points.len() {
        let b = bucket_of(points[start].0);
        let mut end = start + 1;
        while end < points.len() && bucket_of(points[end].0) == b {
            end += 1;
        }
        let slice = &points[start..end];
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in slice.iter().enumerate() {
            if p.1 < slice[lo].1 {
                lo = i;
            }
            if p.1 > slice[hi].1 {
                hi = i;
            }
        }
        out.push(slice[lo.min(hi)]);
        if lo != hi {
            out.push(slice[lo.max(hi)]);
        }
        start = end;
    }
    out
}

/// The smallest and largest finite values, or None when there is none.
pub fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// An axis range around [lo, hi] with some air: 5 % each side, a visible band around a single value, and
/// clamped to [0, 1] when the data lie in it (scores such as F1). On a log axis the padding is a ratio.
pub fn padded(lo: f64, hi: f64, log: bool) -> (f64, f64) {
    if log {
        let (lo, hi) = (lo.max(f64::MIN_POSITIVE), hi.max(f64::MIN_POSITIVE));
        let (below, above) = if hi / lo < 1.01 {
            (2.0, 2.0)
        } else {
            (1.25, 1.25)
        };
        // At most f64::MAX: an infinite end would leave the log axis without ticks, or plotters looking for them.
        return (lo / below, (hi * above).min(f64::MAX));
    }
    // Scaled before subtracting, so values near +-f64::MAX cannot overflow to infinity.
    let span = hi * 0.05 - lo * 0.05;
    let pad = if span > 0.0 {
        span
    } else {
        (lo.abs() * 0.05).max(0.01)
    };
    let (mut a, mut b) = ((lo - pad).max(f64::MIN), (hi + pad).min(f64::MAX));
    if lo >= 0.0 && hi <= 1.0 {
        a = a.max(0.0);
        b = b.min(1.0);
        if a >= b {
            (a, b) = ((lo - 0.01).max(0.0), (hi + 0.01).min(1.0));
        }
    }
    (a, b)
}

/// The index of the point nearest to `x` in points sorted by x, or None for no points.
pub fn nearest_by_x(points: &[(f64, f64)], x: f64) -> Option<usize> {
    if points.is_empty() {
        return None;
    }
    let i = points.partition_point(|p| p.0 < x);
    if i == 0 {
        return Some(0);
    }
    if i == points.len() {
        return Some(points.len() - 1);
    }
    Some(if x - points[i - 1].0 <= points[i].0 - x {
        i - 1
    } else {
        i
    })
}

/// A "best so far" step line through points sorted by x: the value holds until a better one arrives.
/// Non-finite values never become the best.
pub fn best_so_far(points: &[(f64, f64)], higher_is_better: bool) -> Points {
    let mut out: Points = Vec::new();
    let mut best: Option<f64> = None;
    for &(x, y) in points.iter().filter(|p| p.1.is_finite()) {
        let better = best.is_none_or(|b| if higher_is_better { y > b } else { y < b });
        if better {
            if let Some(b) = best {
                out.push((x, b));
            }
            best = Some(y);
            out.push((x, y));
        }
    }
    if let (Some(b), Some(last)) = (best, points.iter().rev().find(|p| p.1.is_finite())) {
        if out.last().is_some_and(|p| p.0 < last.0) {
            out.push((last.0, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAN: f64 = f64::NAN;
    const INF: f64 = f64::INFINITY;

    fn pts(ys: &[f64]) -> Points {
        ys.iter().enumerate().map(|(i, &y)| (i as f64, y)).collect()
    }

    #[test]
    fn segments_table() {
        let cases: [(&[f64], bool, usize, Skipped); 6] = [
            (&[], false, 0, Skipped::default()),
            (&[0.5], false, 1, Skipped::default()),
            (
                &[0.5, NAN, 0.6, 0.7],
                false,
                2,
                Skipped {
                    nan: 1,
                    ..Default::default()
                },
            ),
            (
                &[INF, -INF, 0.1],
                false,
                1,
                Skipped {
                    infinite: 2,
                    ..Default::default()
                },
            ),
            (
                &[1.0, 0.0, -2.0, 3.0],
                true,
                2,
                Skipped {
                    non_positive: 2,
                    ..Default::default()
                },
            ),
            (
                &[NAN, NAN],
                false,
                0,
                Skipped {
                    nan: 2,
                    ..Default::default()
                },
            ),
        ];
        for (ys, log, want_segments, want_skipped) in cases {
            let (segs, skipped) = segments(&pts(ys), log);
            assert_eq!(segs.len(), want_segments, "{ys:?}");
            assert_eq!(skipped, want_skipped, "{ys:?}");
            assert!(segs.iter().flatten().all(|p| p.1.is_finite()));
        }
    }

    #[test]
    fn skipped_notes() {
        assert_eq!(Skipped::default().note(), None);
        let one = Skipped {
            nan: 1,
            ..Default::default()
        };
        assert_eq!(
            one.note().as_deref(),
            Some("1 NaN value is not drawn (gaps).")
        );
        let many = Skipped {
            nan: 2,
            infinite: 1,
            non_positive: 0,
        };
        assert_eq!(
            many.note().as_deref(),
            Some("2 NaN and 1 infinite values are not drawn (gaps).")
        );
    }

    #[test]
    fn ema_table() {
        assert_eq!(ema(&[1.0, 2.0, 3.0], 0.0), vec![1.0, 2.0, 3.0]);
        assert!(ema(&[], 0.6).is_empty());
        // Debiased: a constant stays constant from the first point.
        assert!(ema(&[0.8; 5], 0.9).iter().all(|v| (v - 0.8).abs() < 1e-12));
        let s = ema(&[0.0, 1.0, NAN, 1.0], 0.5);
        assert_eq!(s[0], 0.0);
        assert!((s[1] - 2.0 / 3.0).abs() < 1e-12);
        assert!(s[2].is_nan(), "a gap stays a gap");
        assert!(s[3] > s[1] && s[3] < 1.0, "and does not reset the average");
        assert_eq!(ema(&[INF, 1.0], 0.5)[1], 1.0);
    }

    #[test]
    fn reduce_keeps_spikes_and_bounds() {
        let mut ys = vec![0.5; 10_000];
        ys[4_321] = 9.0;
        ys[7_000] = -3.0;
        let points = pts(&ys);
        let out = min_max_reduce(&points, 0.0, 9_999.0, 500);
        assert!(out.len() <= 1_000, "{}", out.len());
        assert!(out.contains(&(4_321.0, 9.0)) && out.contains(&(7_000.0, -3.0)));
        assert!(out.windows(2).all(|w| w[0].0 < w[1].0), "x order kept");
        // Short inputs, identical values and degenerate ranges pass through.
        assert_eq!(min_max_reduce(&pts(&[1.0, 2.0]), 0.0, 1.0, 10).len(), 2);
        assert_eq!(min_max_reduce(&pts(&[0.3; 50]), 0.0, 49.0, 5).len(), 5);
        assert_eq!(min_max_reduce(&pts(&[0.3; 50]), 1.0, 1.0, 5).len(), 50);
    }

    #[test]
    fn ranges() {
        assert_eq!(finite_range([NAN, INF, 0.2, -INF, 0.7]), Some((0.2, 0.7)));
        assert_eq!(finite_range([NAN]), None);
        assert_eq!(finite_range([]), None);
        let (lo, hi) = padded(0.2, 0.7, false);
        assert!((lo - 0.175).abs() < 1e-12 && (hi - 0.725).abs() < 1e-12);
        assert_eq!(padded(0.0, 1.0, false), (0.0, 1.0));
        let (lo, hi) = padded(0.5, 0.5, false);
        assert!(lo < 0.5 && hi > 0.5, "one value gets a band");
        let (lo, hi) = padded(1_000.0, 1_000.0, false);
        assert!(lo < 1_000.0 && hi > 1_000.0);
        let (lo, hi) = padded(-2.0, 5.0, false);
        assert!(lo < -2.0 && hi > 5.0);
        let (lo, hi) = padded(-1e308, 1e308, false);
        assert!(lo.is_finite() && hi.is_finite() && lo < -1e308 && hi > 1e308);
        let (lo, hi) = padded(0.01, 100.0, true);
        assert!(lo > 0.0 && lo < 0.01 && hi > 100.0);
        let (lo, hi) = padded(3.0, 3.0, true);
        assert!(lo > 0.0 && lo < 3.0 && hi > 3.0);
    }

    #[test]
    fn nearest() {
        let p = pts(&[0.1, 0.2, 0.3, 0.4]);
        let cases = [(-5.0, 0), (0.4, 0), (0.6, 1), (1.5, 1), (2.6, 3), (99.0, 3)];
        for (x, want) in cases {
            assert_eq!(nearest_by_x(&p, x), Some(want), "{x}");
        }
        assert_eq!(nearest_by_x(&[], 1.0), None);
        assert_eq!(nearest_by_x(&[(2.0, 1.0)], -1.0), Some(0));
    }

    #[test]
    fn best_so_far_steps() {
        let p = vec![(1.0, 0.5), (2.0, 0.4), (3.0, 0.7), (4.0, NAN), (5.0, 0.6)];
        assert_eq!(
            best_so_far(&p, true),
            vec![(1.0, 0.5), (3.0, 0.5), (3.0, 0.7), (5.0, 0.7)]
        );
        assert_eq!(
            best_so_far(&p, false),
            vec![(1.0, 0.5), (2.0, 0.5), (2.0, 0.4), (5.0, 0.4)]
        );
        assert!(best_so_far(&[], true).is_empty());
        assert_eq!(best_so_far(&[(1.0, 0.9)], true), vec![(1.0, 0.9)]);
        assert!(best_so_far(&[(1.0, INF)], true).is_empty());
    }
}
