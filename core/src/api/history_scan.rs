//! The fast path for `metrics/get-history-bulk-interval`: a body of the usual shape, `{"metrics": [points]}`
//! with each point's five fields as MLflow writes them, read in one pass over its bytes, without serde's
//! machinery. Anything else (an escape in a string, an unknown or repeated field, a `null`, a second
//! top-level field, malformed JSON) gives `None`, and the caller decodes the body with serde, which reads
//! every surprise leniently or reports it. The two must agree on every body this accepts; the tests
//! compare them.
//!
//! The points are read 256 at a time by [`Scanner::points`], a function of its own (never inlined): a browser
//! compiles a wasm function with its optimising tier only after some calls, and a loop never leaves the tier it
//! started in.

use std::collections::HashMap;
use std::ops::Range;

use super::metrics::{metric_text, unclamp, Metric};

/// Each run's points, by run id, or `None` when the body is not of the usual shape.
pub(crate) fn scan(body: &str) -> Option<HashMap<String, Vec<Metric>>> {
    let mut s = Scanner {
        text: body,
        bytes: body.as_bytes(),
        at: 0,
    };
    s.expect(b'{')?;
    let mut groups = Groups::default();
    if s.quoted()? != b"metrics" {
        return None;
    }
    s.expect(b':')?;
    s.expect(b'[')?;
    if !s.eat(b']') {
        while !s.points(&mut groups)? {}
    }
    s.expect(b'}')?;
    s.skip_space();
    if s.at != s.bytes.len() {
        return None;
    }
    Some(
        groups
            .runs
            .into_iter()
            .map(|(id, points)| (id.to_owned(), points))
            .collect(),
    )
}

/// Points by run id as they are read: the server sends them run by run.
#[derive(Default)]
struct Groups<'a> {
    runs: Vec<(&'a str, Vec<Metric>)>,
    /// Where the last point went.
    current: usize,
}

impl<'a> Groups<'a> {
    fn push(&mut self, run_id: &'a str, point: Metric) {
        if self
            .runs
            .get(self.current)
            .is_none_or(|(id, _)| *id != run_id)
        {
            self.current = match self.runs.iter().position(|(id, _)| *id == run_id) {
                Some(i) => i,
                None => {
                    self.runs.push((run_id, Vec::new()));
                    self.runs.len() - 1
                }
            };
        }
        self.runs[self.current].1.push(point);
    }
}

/// The non-finite numbers Python's `json` writes, as MLflow's `ajax-api` does.
const BARE: [(&str, f64); 3] = [
    ("NaN", f64::NAN),
    ("-Infinity", f64::NEG_INFINITY),
    ("Infinity", f64::INFINITY),
];

/// Whether eight bytes may hold a quote, a backslash or a control character (no false negatives), tested
/// together as one `u64`: a run id is 32 bytes, four tests instead of 32.
fn may_end_string(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let Ok(eight) = <[u8; 8]>::try_from(bytes) else {
        return true;
    };
    let w = u64::from_le_bytes(eight);
    // A byte of `x` under `n` (n <= 128) sets its high bit in `x - n * ONES` (a byte `x` had clear).
    let below = |x: u64, n: u8| x.wrapping_sub(u64::from(n) * ONES) & !x & HIGHS != 0;
    below(w ^ (u64::from(b'"') * ONES), 1)
        || below(w ^ (u64::from(b'\\') * ONES), 1)
        || below(w, 0x20)
}

/// A JSON number as read: its text, and its digits as `mantissa * 10^exponent` while they fit `u64`.
struct Number<'a> {
    text: &'a [u8],
    negative: bool,
    mantissa: Option<u64>,
    exponent: i32,
    /// No fraction and no exponent.
    integer: bool,
}

impl Number<'_> {
    /// The nearest `f64`. Where the digits and the power of ten are both exact in `f64`, one multiplication or
    /// division is correctly rounded (Clinger's fast path, as `str::parse` takes it too); else `str::parse`.
    fn to_f64(&self) -> Option<f64> {
        const POWERS: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        let fast = self.mantissa.filter(|m| *m <= 1 << 53).and_then(|m| {
            let power = POWERS.get(self.exponent.unsigned_abs() as usize)?;
            let m = m as f64;
            Some(if self.exponent < 0 {
                m / power
            } else {
                m * power
            })
        });
        match fast {
            Some(v) if self.negative => Some(-v),
            Some(v) => Some(v),
            None => std::str::from_utf8(self.text).ok()?.parse().ok(),
        }
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
            // A pretty-printed body's indentation, eight spaces at a time.
            while self
                .bytes
                .get(self.at..self.at + 8)
                .is_some_and(|w| w == b"        ")
            {
                self.at += 8;
            }
        }
    }

    /// Up to 256 points of the array into `groups`; whether the array ended. A function of its own, called
    /// again and again, so the browser's optimising tier takes it over early: a loop never leaves the tier it
    /// started in.
    #[inline(never)]
    fn points(&mut self, groups: &mut Groups<'a>) -> Option<bool> {
        for _ in 0..256 {
            let (run_id, point) = self.point()?;
            groups.push(run_id, point);
            if self.eat(b']') {
                return Some(true);
            }
            self.expect(b',')?;
        }
        Some(false)
    }

    /// Skips space, then takes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.bytes.get(self.at) == Some(&byte);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Where a string without escapes or control characters is in the body (between its quotes).
    fn quoted_range(&mut self) -> Option<Range<usize>> {
        self.expect(b'"')?;
        let start = self.at;
        while let Some(word) = self.bytes.get(self.at..self.at + 8) {
            if may_end_string(word) {
                break;
            }
            self.at += 8;
        }
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        Some(start..self.at - 1)
    }

    /// Such a string's bytes, borrowed from the body.
    fn quoted(&mut self) -> Option<&'a [u8]> {
        let range = self.quoted_range()?;
        self.bytes.get(range)
    }

    /// Such a string as text (both ends are ASCII quotes, so the range is whole characters of the body).
    fn string(&mut self) -> Option<&'a str> {
        let range = self.quoted_range()?;
        self.text.get(range)
    }

    /// A JSON number, checked against JSON's grammar, with its digits read on the way.
    fn number(&mut self) -> Option<Number<'a>> {
        self.skip_space();
        let start = self.at;
        let negative = self.bytes.get(self.at) == Some(&b'-');
        self.at += usize::from(negative);
        let mut n = Number {
            text: &[],
            negative,
            mantissa: Some(0),
            exponent: 0,
            integer: true,
        };
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => _ = self.digits(&mut n.mantissa),
            _ => return None,
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            n.integer = false;
            n.exponent = -self.some_digits(&mut n.mantissa)?;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            n.integer = false;
            let sign = match self.bytes.get(self.at) {
                Some(b'-') => -1,
                Some(b'+') => 1,
                _ => 0,
            };
            self.at += usize::from(sign != 0);
            let mut e = Some(0);
            self.some_digits(&mut e)?;
            // An exponent too long for `i32` leaves the number to `str::parse`.
            let e = e
                .and_then(|e| i32::try_from(e).ok())
                .unwrap_or(i32::MAX / 2);
            n.exponent = n.exponent.saturating_add(if sign < 0 { -e } else { e });
        }
        n.text = self.bytes.get(start..self.at)?;
        Some(n)
    }

    /// Reads digits into `into` (None once there are too many for `u64`); how many.
    fn digits(&mut self, into: &mut Option<u64>) -> i32 {
        let mut count = 0;
        let mut value = into.unwrap_or(0);
        let mut fits = into.is_some();
        while let Some(&b) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            // A comparison, not checked arithmetic, which costs a 128-bit multiplication per digit in wasm.
            fits &= value <= (u64::MAX - 9) / 10;
            value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            self.at += 1;
            count += 1;
        }
        *into = fits.then_some(value);
        count
    }

    fn some_digits(&mut self, into: &mut Option<u64>) -> Option<i32> {
        let count = self.digits(into);
        (count > 0).then_some(count)
    }

    /// A whole number that fits `i64` (what serde reads into the `timestamp` and `step` fields).
    fn integer(&mut self) -> Option<i64> {
        let n = self.number()?;
        // serde_json reads `-0` as a float, which it refuses for an `i64`.
        if !n.integer || (n.negative && n.mantissa == Some(0)) {
            return None;
        }
        match n.mantissa.and_then(|m| i64::try_from(m).ok()) {
            Some(m) if n.negative => Some(-m),
            Some(m) => Some(m),
            None => std::str::from_utf8(n.text).ok()?.parse().ok(),
        }
    }

    /// A metric value: a number, a string such as `"NaN"`, or the bare `NaN`, `Infinity` and `-Infinity`
    /// of MLflow's `ajax-api` answers, read as [`super::metrics`] reads them.
    fn value(&mut self) -> Option<f64> {
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b'"') {
            return self.string().map(metric_text);
        }
        let rest = &self.bytes[self.at..];
        for (token, v) in BARE {
            if rest.starts_with(token.as_bytes()) {
                self.at += token.len();
                return Some(v);
            }
        }
        // serde refuses a number beyond `f64` (`1e400`), so this leaves it to serde.
        let v = self.number()?.to_f64()?;
        v.is_finite().then(|| unclamp(v))
    }

    /// One point and its run id; fields missing get serde's defaults, any other field gives `None`.
    fn point(&mut self) -> Option<(&'a str, Metric)> {
        self.expect(b'{')?;
        let mut point = Metric {
            key: String::new(),
            value: f64::NAN,
            timestamp: 0,
            step: 0,
            run_id: None,
        };
        let mut run_id = "";
        let mut seen = 0u8;
        if self.eat(b'}') {
            return Some((run_id, point));
        }
        loop {
            let field = self.quoted()?;
            self.expect(b':')?;
            let bit = match field {
                b"key" => self.quoted().map(|_| 1)?,
                b"value" => self.value().map(|v| point.value = v).map(|_| 2)?,
                b"timestamp" => self.integer().map(|t| point.timestamp = t).map(|_| 4)?,
                b"step" => self.integer().map(|s| point.step = s).map(|_| 8)?,
                b"run_id" => self.string().map(|id| run_id = id).map(|_| 16)?,
                _ => return None,
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            if self.eat(b'}') {
                return Some((run_id, point));
            }
            self.expect(b',')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode_response, fixture, HistoriesByRun};

    type Points = HashMap<String, Vec<(i64, i64, u64)>>;

    fn points(runs: &HashMap<String, Vec<Metric>>) -> Points {
        let bits = |m: &Metric| (m.step, m.timestamp, m.value.to_bits());
        runs.iter()
            .map(|(id, ps)| (id.clone(), ps.iter().map(bits).collect()))
            .collect()
    }

    /// What serde reads from `body`, or its error's text.
    fn by_serde(body: &str) -> Result<Points, String> {
        decode_response::<HistoriesByRun>(200, body)
            .map(|h| points(&h.runs))
            .map_err(|e| e.to_string())
    }

    /// The fast path either leaves `body` to serde or reads what serde reads: the same runs, steps and
    /// timestamps, and values at most one unit in the last place apart (serde_json's parsing of decimals is
    /// not always correctly rounded; Rust's `str::parse`, used here, is).
    fn agrees(body: &str) -> bool {
        let Some(fast) = scan(body).map(|runs| points(&runs)) else {
            return false;
        };
        let slow =
            by_serde(body).unwrap_or_else(|e| panic!("serde refused what the fast path read: {e}"));
        let near = |(s1, t1, v1): &(i64, i64, u64), (s2, t2, v2): &(i64, i64, u64)| {
            s1 == s2 && t1 == t2 && v1.abs_diff(*v2) <= 1
        };
        for (run, want) in &slow {
            let got = &fast[run];
            assert_eq!(got.len(), want.len(), "{run}");
            assert!(
                got.iter().zip(want).all(|(g, w)| near(g, w)),
                "{run}: {got:?} != {want:?}"
            );
        }
        assert_eq!(fast.len(), slow.len());
        true
    }

    #[test]
    fn reads_real_answers_as_serde_does() {
        for name in [
            "metrics_get_history_bulk_interval.json",
            "ajax_metrics_get_history_bulk_interval.json",
            "ajax_metrics_get_history_bulk_nan.json",
        ] {
            assert!(agrees(&fixture(name)), "{name} took the slow path");
        }
    }

    #[test]
    fn reads_many_runs_and_values_as_serde_does() {
        let mut body = String::from("{\"metrics\": [\n");
        for i in 0..3000u32 {
            let run = ["r1", "r2", "r3"][(i / 7 % 3) as usize];
            let value = match i % 9 {
                0 => "\"NaN\"".to_owned(),
                1 => "1.7976931348623157e308".to_owned(),
                2 => "-1.7976931348623157E+308".to_owned(),
                3 => "\"-Infinity\"".to_owned(),
                4 => format!("{}", i),
                5 => format!("-{}e-7", u64::from(i) * 7_919),
                _ => format!("{}", f64::from(i) * 0.123_456_789_012_345_67),
            };
            let sep = if i == 0 { "" } else { ",\n" };
            body.push_str(&format!(
                "{sep} {{\"key\": \"loss\", \"value\": {value}, \"timestamp\": {}, \"step\": {i}, \"run_id\": \"{run}\"}}",
                1_700_000_000_000u64 + u64::from(i)
            ));
        }
        body.push_str("]}\n");
        assert!(agrees(&body));
        let runs = scan(&body).map(|r| points(&r)).unwrap_or_default();
        assert_eq!(runs.values().map(Vec::len).sum::<usize>(), 3000);
        assert_eq!(runs.len(), 3);
    }

    #[test]
    fn leaves_surprises_to_serde() {
        for (body, fast) in [
            (r#"{"metrics": []}"#, true),
            (r#"{"metrics": [{}]}"#, true),
            (
                r#" { "metrics" : [ { "value" : 0.5 , "run_id" : "a" } ] } "#,
                true,
            ),
            (
                r#"{"metrics": [{"value": "Infinity", "step": -3, "run_id": "a"}]}"#,
                true,
            ),
            (
                r#"{"metrics": [{"value": -0, "step": 0, "timestamp": 9223372036854775807}]}"#,
                true,
            ),
            (r#"{"metrics": [{"step": -0}]}"#, false),
            (
                r#"{"metrics": [{"value": 9007199254740993}, {"value": 1e22}, {"value": 1E23}]}"#,
                true,
            ),
            (
                r#"{"metrics": [{"value": 4.9e-324}, {"value": 2.2250738585072014e-308}]}"#,
                true,
            ),
            (
                r#"{"metrics": [{"value": 123456789012345678901234567890.5e-10}]}"#,
                true,
            ),
            (
                r#"{"metrics": [{"value": 0.1e+1}, {"value": 0.000}, {"value": -1.5E-0}]}"#,
                true,
            ),
            (r#"{}"#, false),
            (r#"{"metrics": null}"#, false),
            (r#"{"metrics": [], "next_page_token": "x"}"#, false),
            (r#"{"metrics": [{"run_id": "a\u0062"}]}"#, false),
            (r#"{"metrics": [{"value": null}]}"#, false),
            (r#"{"metrics": [{"value": 1e400}]}"#, false),
            (r#"{"metrics": [{"value": 1, "value": 2}]}"#, false),
            (r#"{"metrics": [{"step": 1.5}]}"#, false),
            (r#"{"metrics": [{"step": 99999999999999999999}]}"#, false),
            (r#"{"metrics": [{"value": 01}]}"#, false),
            (r#"{"metrics": [{"value": 1.}]}"#, false),
            (r#"{"metrics": [{"value": -}]}"#, false),
            (r#"{"metrics": [{"extra": 1}]}"#, false),
            (r#"{"metrics": [{"run_id": 7}]}"#, false),
            (r#"{"metrics": [{"value": 1},]}"#, false),
            (r#"{"metrics": [{"value": 1}]} x"#, false),
            (r#"{"metrics": "#, false),
            ("{\"metrics\": [{\"run_id\": \"a\tb\"}]}", false),
            (
                "{\"metrics\": [{\"run_id\": \"0123456789abcdef0\u{1f}\"}]}",
                false,
            ),
            (r#"{"metrics": [{"run_id": "0123456789abcdef0\"}]}"#, false),
            (
                r#"{"metrics": [{"run_id": "0123456789abcdef", "key": "ümlaut-é-0123456789"}]}"#,
                true,
            ),
        ] {
            assert_eq!(agrees(body), fast, "{body}");
        }
    }

    #[test]
    fn other_answers_and_statuses_are_decoded_as_before() {
        use crate::api::{decode_histories, ApiError};
        let ok = decode_histories(
            200,
            r#"{"metrics": [{"value": "NaN", "run_id": "a\u0062"}]}"#,
        );
        assert!(ok.is_ok_and(|h| h.runs["ab"][0].value.is_nan()));
        let body = r#"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no run"}"#;
        assert!(matches!(
            decode_histories(404, body),
            Err(ApiError::NotFound { .. })
        ));
        assert!(matches!(
            decode_histories(401, r#"{"metrics": []}"#),
            Err(ApiError::LoginRequired)
        ));
    }
}
