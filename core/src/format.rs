//! How numbers, durations and times are shown.

use crate::api::Run;

/// A metric value for a table cell: `NaN`, `+inf`, `-inf`, or about five significant digits.
pub fn format_metric(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_owned();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+inf" } else { "-inf" }.to_owned();
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let magnitude = v.abs().log10().floor() as i32;
    if !(-4..6).contains(&magnitude) {
        let sci = format!("{v:.4e}");
        return match sci.split_once('e') {
            Some((mantissa, exp)) => format!("{}e{exp}", trim_zeros(mantissa.to_owned())),
            None => sci,
        };
    }
    let decimals = (4 - magnitude).clamp(0, 8) as usize;
    trim_zeros(format!("{v:.decimals$}"))
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A signed difference of two metric values, e.g. `+0.0410`.
pub fn format_delta(d: f64) -> String {
    if d.is_finite() {
        format!("{d:+.4}")
    } else {
        format_metric(d)
    }
}

/// A run's duration for display: the time it took, `running` while it runs, `—` when unknown.
pub fn format_run_duration(run: &Run) -> String {
    match run.duration_ms() {
        Some(ms) => format_duration(ms),
        None if run.is_active() => "running".to_owned(),
        None => "—".to_owned(),
    }
}

/// A duration such as `850ms`, `12.3s`, `3m 12s`, `2h 05m` or `3d 4h`.
pub fn format_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let s = ms / 1000;
    match ms {
        0..=999 => format!("{ms}ms"),
        1000..=59_999 => format!("{:.1}s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{}m {:02}s", s / 60, s % 60),
        3_600_000..=86_399_999 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// A timestamp as `YYYY-MM-DD HH:MM` in the zone `offset_minutes` east of UTC.
pub fn format_datetime(ms: i64, offset_minutes: i32) -> String {
    let local_s = ms.div_euclid(1000) + i64::from(offset_minutes) * 60;
    let (days, secs) = (local_s.div_euclid(86_400), local_s.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// A file name stem from free text (a run or model name): ASCII letters, digits, `-` and `_`, at most 60.
pub fn file_stem(text: &str) -> String {
    let stem: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    if stem.trim_matches('_').is_empty() {
        "pulse".to_owned()
    } else {
        stem
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Every digit of a metric, with the spellings MLflow itself uses for the non-finite values (`NaN`,
/// `Infinity`, `-Infinity`): the text of a cell's tooltip and of a read-out's exact value.
pub fn format_exact(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        format!("{v}")
    }
}

/// A metric on a page of its own (a run's): every digit, non-finite values as in tables (`NaN`, `+inf`, `-inf`).
pub fn format_full(v: f64) -> String {
    if v.is_finite() {
        format_exact(v)
    } else {
        format_metric(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_values_keep_every_digit() {
        assert_eq!(format_full(0.912345678), "0.912345678");
        assert_eq!(format_full(1e-7), "0.0000001");
        assert_eq!(format_full(f64::NAN), "NaN");
        assert_eq!(format_full(f64::INFINITY), "+inf");
        assert_eq!(format_full(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn exact_values() {
        for (v, text) in [
            (0.8123456789, "0.8123456789"),
            (1.0, "1"),
            (-0.25, "-0.25"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (1e-12, "0.000000000001"),
        ] {
            assert_eq!(format_exact(v), text, "{v}");
        }
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("bert-base 01"), "bert-base_01");
        assert_eq!(file_stem("<img src=x>"), "_img_src_x_");
        assert_eq!(file_stem("../.."), "pulse");
        assert_eq!(file_stem(""), "pulse");
        assert_eq!(file_stem(&"aé".repeat(100)).len(), 60);
    }

    #[test]
    fn metrics_table() {
        let cases = [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+inf"),
            (f64::NEG_INFINITY, "-inf"),
            (0.0, "0"),
            (0.92236, "0.92236"),
            (0.5, "0.5"),
            (0.123456789, "0.12346"),
            (123.456, "123.46"),
            (42.0, "42"),
            (-0.31222, "-0.31222"),
            (123456.0, "123456"),
            (1234567.0, "1.2346e6"),
            (0.00001234, "1.234e-5"),
            (1e300, "1e300"),
        ];
        for (v, want) in cases {
            assert_eq!(format_metric(v), want, "{v}");
        }
    }

    #[test]
    fn deltas() {
        assert_eq!(format_delta(0.041), "+0.0410");
        assert_eq!(format_delta(-0.25), "-0.2500");
        assert_eq!(format_delta(f64::NAN), "NaN");
    }

    #[test]
    fn run_durations() {
        let mut run = Run::default();
        assert_eq!(format_run_duration(&run), "—");
        run.info.start_time = Some(0);
        run.info.end_time = Some(192_000);
        assert_eq!(format_run_duration(&run), "3m 12s");
        run.info.status = "RUNNING".into();
        assert_eq!(format_run_duration(&run), "running");
    }

    #[test]
    fn durations_table() {
        let cases = [
            (-5, "0ms"),
            (850, "850ms"),
            (12_345, "12.3s"),
            (192_000, "3m 12s"),
            (7_500_000, "2h 05m"),
            (2 * 86_400_000 + 4 * 3_600_000, "2d 4h"),
        ];
        for (ms, want) in cases {
            assert_eq!(format_duration(ms), want, "{ms}");
        }
    }

    #[test]
    fn datetimes_table() {
        assert_eq!(format_datetime(0, 0), "1970-01-01 00:00");
        assert_eq!(format_datetime(1_795_464_432_722, 0), "2026-11-23 20:07");
        assert_eq!(format_datetime(1_795_464_432_722, 60), "2026-11-23 21:07");
        assert_eq!(
            format_datetime(1_795_464_432_722, -1080),
            "2026-11-23 02:07"
        );
        assert_eq!(format_datetime(951_782_400_000, 0), "2000-02-29 00:00");
        assert_eq!(format_datetime(-1000, 0), "1969-12-31 23:59");
    }
}
