use serde::{Deserialize, Deserializer};

/// One metric value at one step, as `runs/get`, `runs/search` and the history endpoints return it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Metric {
    /// Metric name, e.g. `eval_f1`.
    #[serde(default)]
    pub key: String,
    /// The value: NaN for `"NaN"`, +-infinity for MLflow's clamped +-1.797e308.
    #[serde(default = "nan", deserialize_with = "lenient_value")]
    pub value: f64,
    /// When it was logged, in milliseconds since the epoch.
    #[serde(default)]
    pub timestamp: i64,
    /// The training step.
    #[serde(default)]
    pub step: i64,
    /// Present on the bulk history endpoints.
    #[serde(default)]
    pub run_id: Option<String>,
}

/// `GET metrics/get-history` and `metrics/get-history-bulk-interval`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct MetricHistoryResponse {
    /// The points, in step order.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// Present when more pages follow.
    #[serde(default)]
    pub next_page_token: Option<String>,
}

pub(crate) fn nan() -> f64 {
    f64::NAN
}

/// Reads a metric value the way MLflow writes it: a number, or one of the strings `"NaN"`, `"Infinity"`,
/// `"-Infinity"`; numbers at the edge of `f64` (MLflow's clamped infinities) become infinities.
pub fn metric_value(raw: &serde_json::Value) -> f64 {
    match raw {
        serde_json::Value::Number(n) => n.as_f64().map_or(f64::NAN, unclamp),
        serde_json::Value::String(s) => metric_text(s),
        _ => f64::NAN,
    }
}

/// A metric value written as a string: `"NaN"`, `"Infinity"`/`"inf"`, `"-Infinity"`, or a number.
pub fn metric_text(s: &str) -> f64 {
    match s.trim() {
        "Infinity" | "inf" | "+inf" => f64::INFINITY,
        "-Infinity" | "-inf" => f64::NEG_INFINITY,
        other => other.parse::<f64>().map_or(f64::NAN, unclamp),
    }
}

/// MLflow stores infinities as +-`f64::MAX`; anything that large means infinity to a reader.
pub(crate) fn unclamp(v: f64) -> f64 {
    if v >= f64::MAX {
        f64::INFINITY
    } else if v <= -f64::MAX {
        f64::NEG_INFINITY
    } else {
        v
    }
}

/// Reads a value straight from the JSON (no intermediate `serde_json::Value`): a history of 25,000 points
/// decodes several times faster this way.
pub(crate) fn lenient_value<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(LenientValue)
}

struct LenientValue;

impl<'de> serde::de::Visitor<'de> for LenientValue {
    type Value = f64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a string such as \"NaN\"")
    }

    fn visit_f64<E>(self, v: f64) -> Result<f64, E> {
        Ok(unclamp(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E>(self, v: &str) -> Result<f64, E> {
        Ok(metric_text(v))
    }

    fn visit_bool<E>(self, _: bool) -> Result<f64, E> {
        Ok(f64::NAN)
    }

    fn visit_unit<E>(self) -> Result<f64, E> {
        Ok(f64::NAN)
    }

    fn visit_none<E>(self) -> Result<f64, E> {
        Ok(f64::NAN)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<f64, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(f64::NAN)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<f64, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(f64::NAN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_table() {
        let cases: [(serde_json::Value, f64); 9] = [
            (json!(0.5), 0.5),
            (json!(3), 3.0),
            (json!("0.25"), 0.25),
            (json!(1.797_693_134_862_315_7e308), f64::INFINITY),
            (json!(-1.797_693_134_862_315_7e308), f64::NEG_INFINITY),
            (json!("Infinity"), f64::INFINITY),
            (json!("-Infinity"), f64::NEG_INFINITY),
            (json!(1e300), 1e300),
            (json!(-0.0), -0.0),
        ];
        for (raw, want) in cases {
            assert_eq!(metric_value(&raw), want, "{raw}");
        }
        for raw in [json!("NaN"), json!(null), json!("abc"), json!({})] {
            assert!(metric_value(&raw).is_nan(), "{raw}");
        }
    }

    #[test]
    fn decoded_values_match_the_table() {
        for (raw, want) in [
            ("0.5", 0.5),
            ("3", 3.0),
            ("-2", -2.0),
            ("\"0.25\"", 0.25),
            ("1.7976931348623157e308", f64::INFINITY),
            ("-1.7976931348623157e308", f64::NEG_INFINITY),
            ("\"-Infinity\"", f64::NEG_INFINITY),
        ] {
            let m: Metric = serde_json::from_str(&format!(r#"{{"value":{raw}}}"#)).unwrap();
            assert_eq!(m.value, want, "{raw}");
        }
        for raw in ["\"NaN\"", "null", "true", "[1,2]", r#"{"a":1}"#] {
            let m: Metric =
                serde_json::from_str(&format!(r#"{{"value":{raw},"step":4}}"#)).unwrap();
            assert!(m.value.is_nan(), "{raw}");
            assert_eq!(m.step, 4, "{raw}: the rest still decodes");
        }
    }

    #[test]
    fn missing_value_is_nan() {
        let m: Metric = serde_json::from_str(r#"{"key":"f1","step":3}"#).unwrap();
        assert!(m.value.is_nan());
        assert_eq!(m.step, 3);
    }
}
