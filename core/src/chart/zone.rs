//! The viewer's time zone over a chart's time axis, daylight-saving changes included.
//!
//! The browser knows the zone only as "the offset at this moment" (`Date.getTimezoneOffset`); a chart's ticks
//! and read-outs need it at every moment of their axis, which may span a change. [`Zone::over`] asks for the
//! offset across the span and keeps each change, so a tick in July reads as summer time and one in December as
//! winter time.

use crate::format::format_datetime;

/// Minutes east of UTC across a span of time: `first` until the first change, then each change as
/// `(from this millisecond, minutes east)`, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Zone {
    first: i32,
    changes: Vec<(i64, i32)>,
}

/// How far apart [`Zone::over`] asks for the offset: zones change at most a few times a year, months apart.
const STEP_MS: i64 = 7 * 86_400_000;
/// The moments a browser's `Date` can hold (±100,000,000 days around the epoch): outside them it has no offset.
const DATE_LIMIT_MS: f64 = 8.64e15;
/// At most this many steps across a span (about a century of weeks); a longer span is asked more coarsely.
const MAX_STEPS: i64 = 5_300;

impl Zone {
    /// One offset for every moment, e.g. UTC (`0`), or a zone without daylight saving.
    pub fn fixed(minutes_east: i32) -> Self {
        Zone {
            first: minutes_east,
            changes: Vec::new(),
        }
    }

    /// The zone between `start` and `end` (milliseconds since the epoch, within what a `Date` holds) as
    /// `offset_at` gives it: asked once a week, each change then narrowed down to its millisecond. A range that
    /// is empty or reversed gives the offset at its start for every moment; one not finite, the offset at 0.
    pub fn over((start, end): (f64, f64), offset_at: &dyn Fn(i64) -> i32) -> Self {
        if !start.is_finite() || !end.is_finite() {
            return Zone::fixed(offset_at(0));
        }
        let clamp = |ms: f64| ms.clamp(-DATE_LIMIT_MS, DATE_LIMIT_MS) as i64;
        let (start, end) = (clamp(start), clamp(end));
        let mut zone = Zone::fixed(offset_at(start));
        if end <= start {
            return zone;
        }
        let step = STEP_MS.max((end - start) / MAX_STEPS + 1);
        let (mut at, mut offset) = (start, zone.first);
        while at < end {
            let next = at.saturating_add(step).min(end);
            let then = offset_at(next);
            if then != offset {
                zone.changes
                    .push((first_at(at, next, offset, offset_at), then));
                offset = then;
            }
            at = next;
        }
        zone
    }

    /// Minutes east of UTC at the moment `ms`.
    pub fn at(&self, ms: i64) -> i32 {
        match self.changes.partition_point(|&(from, _)| from <= ms) {
            0 => self.first,
            i => self.changes[i - 1].1,
        }
    }

    /// The moment `ms` as `YYYY-MM-DD HH:MM` in this zone.
    pub fn datetime(&self, ms: i64) -> String {
        format_datetime(ms, self.at(ms))
    }
}

/// The first millisecond after `before` whose offset differs from `offset` (which `before` has and `after`
/// does not), by halving.
fn first_at(mut before: i64, mut after: i64, offset: i32, offset_at: &dyn Fn(i64) -> i32) -> i64 {
    while after - before > 1 {
        let mid = before + (after - before) / 2;
        if offset_at(mid) == offset {
            before = mid;
        } else {
            after = mid;
        }
    }
    after
}

/// A zone with daylight saving for the crate's tests (charts' ticks, the diff table's run heads).
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Central European time in 2024: +60, +120 from 31 March 01:00 UTC, +60 again from 27 October 01:00 UTC.
    pub(crate) const SUMMER: i64 = 1_711_846_800_000;
    const WINTER: i64 = 1_729_990_800_000;
    pub(crate) fn cet(ms: i64) -> i32 {
        if (SUMMER..WINTER).contains(&ms) {
            120
        } else {
            60
        }
    }
    const DAY: f64 = 86_400_000.0;

    #[test]
    fn a_span_across_both_changes_keeps_each_to_the_millisecond() {
        let zone = Zone::over(
            (SUMMER as f64 - 30.0 * DAY, WINTER as f64 + 30.0 * DAY),
            &cet,
        );
        assert_eq!(zone.changes, vec![(SUMMER, 120), (WINTER, 60)]);
        assert_eq!(zone.at(SUMMER - 1), 60);
        assert_eq!(zone.at(SUMMER), 120);
        assert_eq!(zone.at(WINTER - 1), 120);
        assert_eq!(zone.at(WINTER), 60);
        assert_eq!(zone.at(i64::MIN), 60);
        assert_eq!(zone.at(i64::MAX), 60);
    }

    #[test]
    fn a_span_without_a_change_is_one_offset() {
        let zone = Zone::over((SUMMER as f64 + DAY, SUMMER as f64 + 3.0 * DAY), &cet);
        assert_eq!(zone, Zone::fixed(120));
    }

    #[test]
    fn a_change_in_the_last_step_of_a_span_is_found() {
        let zone = Zone::over((SUMMER as f64 - 2.0 * DAY, SUMMER as f64 + 1.0), &cet);
        assert_eq!(zone.changes, vec![(SUMMER, 120)]);
    }

    #[test]
    fn empty_reversed_and_unbounded_spans_take_the_offset_at_their_start() {
        let start = (SUMMER + 1) as f64;
        assert_eq!(Zone::over((start, start), &cet), Zone::fixed(120));
        assert_eq!(Zone::over((start, start - DAY), &cet), Zone::fixed(120));
        assert_eq!(Zone::over((start, f64::INFINITY), &cet), Zone::fixed(60));
        assert_eq!(Zone::over((f64::NAN, start), &cet), Zone::fixed(60));
    }

    #[test]
    fn a_span_beyond_what_a_date_holds_is_asked_within_it_only_and_in_bounded_time() {
        let asked = std::cell::Cell::new((i64::MAX, i64::MIN, 0));
        let within = |ms: i64| {
            let (lo, hi, n) = asked.get();
            asked.set((lo.min(ms), hi.max(ms), n + 1));
            cet(ms)
        };
        // Steps of a century there: a summer between two of them is not seen, as no axis that wide shows hours.
        assert_eq!(Zone::over((-1e19, 1e19), &within), Zone::fixed(60));
        let (lo, hi, n) = asked.get();
        assert_eq!((lo, hi), (-8_640_000_000_000_000, 8_640_000_000_000_000));
        assert!(n <= MAX_STEPS + 1, "{n} calls");
    }

    #[test]
    fn a_century_is_asked_at_most_about_five_thousand_times() {
        let calls = std::cell::Cell::new(0);
        let counted = |ms: i64| {
            calls.set(calls.get() + 1);
            cet(ms)
        };
        let zone = Zone::over((0.0, 100.0 * 365.25 * DAY), &counted);
        assert_eq!(zone.changes, vec![(SUMMER, 120), (WINTER, 60)]);
        assert!(
            calls.get() < (MAX_STEPS + 80) as usize,
            "{} calls",
            calls.get()
        );
        // A millennium is asked in longer steps, as often, and still finds both changes.
        calls.set(0);
        let zone = Zone::over((-500.0 * 365.25 * DAY, 500.0 * 365.25 * DAY), &counted);
        assert_eq!(zone.changes, vec![(SUMMER, 120), (WINTER, 60)]);
        assert!(
            calls.get() < (MAX_STEPS + 100) as usize,
            "{} calls",
            calls.get()
        );
    }
}
