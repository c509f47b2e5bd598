//! RFC 3339 timestamps as the stats contract writes them, read to milliseconds since the epoch without a
//! date-time dependency (the wasm stays small and the rules stay visible).

/// Reads an RFC 3339 timestamp such as `2026-01-29T10:00:00Z`, `2026-01-29T10:00:00.123456+00:00` or
/// `2026-01-29 11:00:00+01:00` into milliseconds since the epoch; None when it is not one.
///
/// Fractions beyond milliseconds are cut, not rounded, so a reading never moves into the next millisecond.
pub fn parse_rfc3339(raw: &str) -> Option<i64> {
    let s = raw.trim();
    let b = s.as_bytes();
    // The shortest form is `YYYY-MM-DDTHH:MM:SSZ`.
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (digits(s, 0, 4)?, digits(s, 5, 2)?, digits(s, 8, 2)?);
    let (hour, minute, second) = (digits(s, 11, 2)?, digits(s, 14, 2)?, digits(s, 17, 2)?);
    // 60 is a leap second; it reads as the first second of the next minute.
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60;
    if !valid {
        return None;
    }
    let (millis, rest) = fraction(s.get(19..)?)?;
    let offset_minutes = offset(rest)?;
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// `len` ASCII digits at byte `at`, as a number.
fn digits(s: &str, at: usize, len: usize) -> Option<i64> {
    let part = s.get(at..at + len)?;
    if !part.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// An optional `.fff…` fraction: its milliseconds and what follows it.
fn fraction(s: &str) -> Option<(i64, &str)> {
    let Some(after_dot) = s.strip_prefix('.') else {
        return Some((0, s));
    };
    let len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 {
        return None;
    }
    let millis = after_dot[..len]
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |acc, c| acc * 10 + i64::from(c - b'0'));
    Some((millis, &after_dot[len..]))
}

/// `Z` or `+HH:MM`/`-HH:MM`, in minutes east of UTC; None for anything else.
fn offset(s: &str) -> Option<i64> {
    if s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if s.len() != 6 || s.as_bytes()[3] != b':' {
        return None;
    }
    let (hours, minutes) = (digits(s, 1, 2)?, digits(s, 4, 2)?);
    (hours < 24 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar): days since 1970-01-01.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::format_datetime;

    #[test]
    fn timestamps_table() {
        // 2026-01-29T10:00:00Z
        let base = 1_769_680_800_000;
        let cases: [(&str, Option<i64>); 22] = [
            ("2026-01-29T10:00:00Z", Some(base)),
            ("2026-01-29T10:00:00z", Some(base)),
            ("2026-01-29t10:00:00Z", Some(base)),
            ("2026-01-29 10:00:00Z", Some(base)),
            ("2026-01-29T10:00:00+00:00", Some(base)),
            ("2026-01-29T10:00:00-00:00", Some(base)),
            ("2026-01-29T11:30:00+01:30", Some(base)),
            ("2026-01-29T05:00:00-05:00", Some(base)),
            ("2026-01-29T10:00:00.5Z", Some(base + 500)),
            ("2026-01-29T10:00:00.123456789+00:00", Some(base + 123)),
            ("  2026-01-29T10:00:00Z\n", Some(base)),
            ("1970-01-01T00:00:00Z", Some(0)),
            ("1969-12-31T23:59:59Z", Some(-1000)),
            ("2000-02-29T00:00:00Z", Some(951_782_400_000)),
            ("2026-01-29T10:00:00", None),
            ("2026-01-29T10:00:00.Z", None),
            ("2026-02-29T10:00:00Z", None),
            ("2026-13-01T10:00:00Z", None),
            ("2026-01-29T24:00:00Z", None),
            ("2026-01-29T10:00:00+0100", None),
            ("1769680800", None),
            ("2026-01-29T1é:00:00Z", None),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_rfc3339(raw), want, "{raw}");
        }
        assert_eq!(parse_rfc3339(""), None);
        assert_eq!(
            parse_rfc3339("2026-12-31T23:59:60Z"),
            parse_rfc3339("2027-01-01T00:00:00Z"),
            "a leap second reads as the next minute"
        );
    }

    #[test]
    fn agrees_with_the_formatter_across_years() {
        for year in [1971, 1999, 2000, 2024, 2100, 2400] {
            for (month, day) in [(1, 1), (2, 28), (3, 1), (12, 31)] {
                let raw = format!("{year:04}-{month:02}-{day:02}T13:45:00Z");
                let ms = parse_rfc3339(&raw).unwrap_or_else(|| panic!("{raw}"));
                assert_eq!(format_datetime(ms, 0), raw[..16].replace('T', " "), "{raw}");
            }
        }
    }
}
