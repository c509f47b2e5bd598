//! The runtime `config.json`: read leniently, so a broken file degrades to defaults with warnings.

use std::collections::BTreeMap;

use serde_json::Value;

/// Runtime settings, read from `config.json` beside the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// MLflow base URL without a trailing slash; empty means beside the app (a reverse proxy on its origin,
    /// under the same path as the app: requests go to relative URLs that resolve against `<base href>`).
    pub mlflow_url: String,
    /// Where MLflow's own UI lives, for "open in MLflow" links; empty means none is reachable.
    pub mlflow_ui_url: String,
    /// The inference stats endpoints of the serving service, one per instance; empty means serving is not
    /// configured. `config.json` writes one URL as a string, several as an array. A relative path
    /// (`inference/v1/stats`) resolves against the app's own path, so a proxy beside it works under any sub-path.
    pub stats_urls: Vec<String>,
    /// Hides every control that writes.
    pub read_only: bool,
    /// Whether an embedded Pulse (`?embed=1`) may write; by default an embed is read-only.
    pub embed_allow_writes: bool,
    /// How often live views refresh, in seconds.
    pub refresh_seconds: u32,
    /// The metric that decides promotions, shown first everywhere.
    pub f1_metric: String,
    /// Minimum F1 per registered model.
    pub thresholds: BTreeMap<String, f64>,
    /// Limits of the serving alerts.
    pub alerts: AlertSettings,
}

/// Limits of the serving alerts, from the `alerts` object of `config.json`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertSettings {
    /// The error rate (failed share of requests, in [0, 1]) above which a model is flagged.
    pub max_error_rate: f64,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            max_error_rate: 0.05,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mlflow_url: String::new(),
            mlflow_ui_url: String::new(),
            stats_urls: vec!["inference/v1/stats".to_owned()],
            read_only: false,
            embed_allow_writes: false,
            refresh_seconds: 5,
            f1_metric: "eval_f1".to_owned(),
            // No model has a threshold until `config.json` gives one (the demo's does).
            thresholds: Default::default(),
            alerts: AlertSettings::default(),
        }
    }
}

impl Config {
    /// The URL of an MLflow REST endpoint, e.g. `api_url("runs/search")`; relative to the app's base when
    /// MLflow is proxied beside it.
    pub fn api_url(&self, endpoint: &str) -> String {
        self.server_url(&format!("/api/2.0/mlflow/{endpoint}"))
    }

    /// The URL of a server-level path such as `/health` or `/version`; relative to the app's base (`health`)
    /// when MLflow is proxied beside it.
    pub fn server_url(&self, path: &str) -> String {
        if self.mlflow_url.is_empty() {
            path.trim_start_matches('/').to_owned()
        } else {
            format!("{}{path}", self.mlflow_url)
        }
    }

    /// The settings an embedded view runs with: read-only unless `embed_allow_writes`.
    pub fn for_embed(mut self, embedded: bool) -> Config {
        if embedded && !self.embed_allow_writes {
            self.read_only = true;
        }
        self
    }

    /// A link into MLflow's own UI (hash routing), when one is configured.
    pub fn mlflow_ui_link(&self, fragment: &str) -> Option<String> {
        (!self.mlflow_ui_url.is_empty()).then(|| format!("{}/#/{fragment}", self.mlflow_ui_url))
    }

    /// Whether a stats endpoint is configured; without one the serving page says so instead of polling.
    pub fn serving_configured(&self) -> bool {
        !self.stats_urls.is_empty()
    }

    /// The server to show in the header.
    pub fn server_label(&self, page_origin: &str) -> String {
        if self.mlflow_url.is_empty() {
            format!("{page_origin} (proxied)")
        } else {
            self.mlflow_url.clone()
        }
    }
}

/// The demo's `public/config.json`, parsed: the thresholds the tests of the rules use.
#[cfg(test)]
pub(crate) fn demo_config() -> Config {
    parse_config(include_str!("../../public/config.json")).0
}

/// Reads `config.json`. Every problem becomes a warning and that key keeps its default.
pub fn parse_config(body: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut warnings = Vec::new();
    let map = match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            warnings.push("config.json is not a JSON object; using defaults.".to_owned());
            return (config, warnings);
        }
        Err(e) => {
            warnings.push(format!(
                "config.json is not valid JSON ({e}); using defaults."
            ));
            return (config, warnings);
        }
    };
    for (key, value) in map {
        if key == "alerts" {
            apply_alerts(&mut config.alerts, &value, &mut warnings);
            continue;
        }
        if let Err(want) = apply(&mut config, &key, &value) {
            warnings.push(match want {
                None => format!("config.json: unknown key \"{key}\" ignored."),
                Some(want) => {
                    format!("config.json: \"{key}\" should be {want}; using the default.")
                }
            });
        }
    }
    if config.mlflow_ui_url.is_empty() && !config.mlflow_url.is_empty() {
        config.mlflow_ui_url = config.mlflow_url.clone();
    }
    (config, warnings)
}

/// Sets one key; `Err(Some(what it should be))` for a bad value, `Err(None)` for an unknown key.
fn apply(config: &mut Config, key: &str, value: &Value) -> Result<(), Option<&'static str>> {
    let bad = Err(Some(match key {
        "mlflow_url" | "mlflow_ui_url" => "\"\", a path, or an http(s) URL",
        "stats_url" => "a path or an http(s) URL, or an array of them",
        "read_only" | "embed_allow_writes" => "true or false",
        "refresh_seconds" => "a whole number of seconds, at least 1",
        "f1_metric" => "a metric name",
        "thresholds" => "an object of model name to a number between 0 and 1",
        _ => return Err(None),
    }));
    let text = value.as_str().map(str::trim);
    match key {
        "mlflow_url" | "mlflow_ui_url" => {
            let Some(url) = text.and_then(base_url) else {
                return bad;
            };
            *(if key == "mlflow_url" {
                &mut config.mlflow_url
            } else {
                &mut config.mlflow_ui_url
            }) = url;
        }
        "stats_url" => match stats_urls(value) {
            Some(urls) => config.stats_urls = urls,
            None => return bad,
        },
        "read_only" | "embed_allow_writes" => match value.as_bool() {
            Some(b) if key == "read_only" => config.read_only = b,
            Some(b) => config.embed_allow_writes = b,
            None => return bad,
        },
        "refresh_seconds" => match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if n >= 1 => config.refresh_seconds = n,
            _ => return bad,
        },
        "f1_metric" => match text {
            Some(s) if !s.is_empty() => config.f1_metric = s.to_owned(),
            _ => return bad,
        },
        _ => match parse_thresholds(value) {
            Some(t) => config.thresholds = t,
            None => return bad,
        },
    }
    Ok(())
}

/// Accepts `""`, an absolute path, or an http(s) URL, and drops a trailing slash.
fn base_url(raw: &str) -> Option<String> {
    let s = raw.trim().trim_end_matches('/');
    // Browsers read `\` as `/` and drop tabs and newlines: `/\evil.example` would leave the origin.
    if s.contains('\\') || s.chars().any(char::is_control) {
        return None;
    }
    let ok = s.is_empty()
        || (s.starts_with('/') && !s.starts_with("//"))
        || s.starts_with("http://")
        || s.starts_with("https://");
    ok.then(|| s.to_owned())
}

/// Like [`base_url`], and also a relative path (`inference/v1/stats`, resolved against the app's base): one
/// without a scheme, so `javascript:` and the like stay out.
fn endpoint_url(raw: &str) -> Option<String> {
    base_url(raw).or_else(|| {
        let s = raw.trim().trim_end_matches('/');
        let first = s.split('/').next().unwrap_or_default();
        let relative = !first.is_empty() && !first.contains(':') && !s.contains('\\');
        relative.then(|| s.to_owned())
    })
}

/// One URL or an array of them, duplicates dropped; `""` and `[]` mean none. One bad entry rejects the
/// value, so a typo never silently drops an instance from the overview.
fn stats_urls(value: &Value) -> Option<Vec<String>> {
    let raw: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut out: Vec<String> = Vec::new();
    for item in raw {
        let url = endpoint_url(item.as_str()?)?;
        if !url.is_empty() && !out.contains(&url) {
            out.push(url);
        }
    }
    Some(out)
}

/// Reads the `alerts` object key by key, so one bad limit keeps only that limit's default.
fn apply_alerts(alerts: &mut AlertSettings, value: &Value, warnings: &mut Vec<String>) {
    let Some(map) = value.as_object() else {
        warnings.push(
            "config.json: \"alerts\" should be an object such as {\"max_error_rate\": 0.05}; using the \
             defaults."
                .to_owned(),
        );
        return;
    };
    for (key, value) in map {
        match key.as_str() {
            "max_error_rate" => match value.as_f64().filter(|v| (0.0..=1.0).contains(v)) {
                Some(v) => alerts.max_error_rate = v,
                None => warnings.push(
                    "config.json: \"alerts.max_error_rate\" should be a number between 0 and 1; using \
                     the default."
                        .to_owned(),
                ),
            },
            _ => warnings.push(format!(
                "config.json: unknown key \"alerts.{key}\" ignored."
            )),
        }
    }
}

fn parse_thresholds(value: &Value) -> Option<BTreeMap<String, f64>> {
    value
        .as_object()?
        .iter()
        .map(|(k, v)| {
            let t = v.as_f64().filter(|t| (0.0..=1.0).contains(t))?;
            Some((k.clone(), t))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_carry_no_model_thresholds_and_the_demo_config_does() {
        assert!(Config::default().thresholds.is_empty());
        let demo = demo_config();
        for (model, t) in [
            ("text_classification_model", 0.75),
            ("video_classification_model", 0.70),
            ("fusion_multimodal_model", 0.80),
        ] {
            assert_eq!(demo.thresholds.get(model), Some(&t), "{model}");
        }
    }

    #[test]
    fn full_file() {
        let (c, w) = parse_config(
            r#"{"mlflow_url":"http://127.0.0.1:5000/","mlflow_ui_url":"","stats_url":"/inference/v1/stats",
                "read_only":true,"refresh_seconds":10,"f1_metric":"val_f1","thresholds":{"m":0.5},
                "alerts":{"max_error_rate":0.1}}"#,
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(c.mlflow_url, "http://127.0.0.1:5000");
        assert_eq!(c.mlflow_ui_url, "http://127.0.0.1:5000");
        assert!(c.read_only);
        assert_eq!(c.refresh_seconds, 10);
        assert_eq!(c.f1_metric, "val_f1");
        assert_eq!(c.thresholds.get("m"), Some(&0.5));
        assert_eq!(c.stats_urls, ["/inference/v1/stats"]);
        assert_eq!(c.alerts.max_error_rate, 0.1);
        assert_eq!(
            c.api_url("runs/search"),
            "http://127.0.0.1:5000/api/2.0/mlflow/runs/search"
        );
        assert_eq!(
            c.mlflow_ui_link("experiments/1"),
            Some("http://127.0.0.1:5000/#/experiments/1".to_owned())
        );
    }

    #[test]
    fn empty_object_gives_defaults() {
        let (c, w) = parse_config("{}");
        assert_eq!(c, Config::default());
        assert!(w.is_empty());
        assert_eq!(c.api_url("x"), "api/2.0/mlflow/x");
        assert_eq!(c.server_url("/health"), "health");
        assert_eq!(c.mlflow_ui_link("x"), None);
    }

    #[test]
    fn broken_values_warn_and_keep_defaults() {
        let cases = [
            ("not json", "not valid JSON"),
            ("[1]", "not a JSON object"),
            (r#"{"mlflow_url":"javascript:alert(1)"}"#, "mlflow_url"),
            (r#"{"mlflow_url":"//evil.example"}"#, "mlflow_url"),
            (r#"{"mlflow_url":"/\\evil.example"}"#, "mlflow_url"),
            (r#"{"mlflow_url":"/\t/evil.example"}"#, "mlflow_url"),
            (r#"{"read_only":"yes"}"#, "read_only"),
            (r#"{"refresh_seconds":0}"#, "refresh_seconds"),
            (r#"{"thresholds":{"m":"high"}}"#, "thresholds"),
            (r#"{"thresholds":{"m":1.5}}"#, "thresholds"),
            (r#"{"f1_metric":""}"#, "f1_metric"),
            (r#"{"colour":"red"}"#, "unknown key"),
            (r#"{"stats_url":"ftp://x"}"#, "stats_url"),
            (r#"{"stats_url":["/a","javascript:x"]}"#, "stats_url"),
            (r#"{"stats_url":[1]}"#, "stats_url"),
            (r#"{"stats_url":null}"#, "stats_url"),
            (r#"{"stats_url":"javascript:alert(1)"}"#, "stats_url"),
            (r#"{"stats_url":"\\\\evil.example/x"}"#, "stats_url"),
            (r#"{"embed_allow_writes":1}"#, "embed_allow_writes"),
            (r#"{"alerts":0.1}"#, "alerts"),
            (
                r#"{"alerts":{"max_error_rate":2}}"#,
                "alerts.max_error_rate",
            ),
            (
                r#"{"alerts":{"max_error_rate":"5%"}}"#,
                "alerts.max_error_rate",
            ),
            (
                r#"{"alerts":{"min_f1":0.5}}"#,
                "unknown key \"alerts.min_f1\"",
            ),
        ];
        for (body, needle) in cases {
            let (c, w) = parse_config(body);
            assert_eq!(c, Config::default(), "{body}");
            assert_eq!(w.len(), 1, "{body}: {w:?}");
            assert!(w[0].contains(needle), "{body}: {w:?}");
        }
    }

    #[test]
    fn stats_urls_table() {
        let cases: [(&str, &[&str]); 8] = [
            (r#""/inference/v1/stats/""#, &["/inference/v1/stats"]),
            (r#""inference/v1/stats""#, &["inference/v1/stats"]),
            (r#""./inference/v1/stats""#, &["./inference/v1/stats"]),
            (r#""http://w1:8000/stats""#, &["http://w1:8000/stats"]),
            (
                r#"["http://w1:8000/stats", "http://w2:8000/stats", "http://w1:8000/stats/"]"#,
                &["http://w1:8000/stats", "http://w2:8000/stats"],
            ),
            (r#""""#, &[]),
            (r#"[]"#, &[]),
            (r#"["", " "]"#, &[]),
        ];
        for (raw, want) in cases {
            let (c, w) = parse_config(&format!(r#"{{"stats_url":{raw}}}"#));
            assert!(w.is_empty(), "{raw}: {w:?}");
            assert_eq!(c.stats_urls, want, "{raw}");
            assert_eq!(c.serving_configured(), !want.is_empty(), "{raw}");
        }
    }

    #[test]
    fn alert_settings_keep_good_keys() {
        let (c, w) = parse_config(r#"{"alerts":{"max_error_rate":0.02,"colour":"red"}}"#);
        assert_eq!(c.alerts.max_error_rate, 0.02);
        assert_eq!(w.len(), 1, "{w:?}");
        let (c, _) = parse_config(r#"{"alerts":{}}"#);
        assert_eq!(c.alerts, AlertSettings::default());
        assert_eq!(c.alerts.max_error_rate, 0.05);
    }

    #[test]
    fn embedded_views_are_read_only_unless_allowed() {
        let (c, _) = parse_config("{}");
        assert!(!c.clone().for_embed(false).read_only);
        assert!(c.clone().for_embed(true).read_only);
        let (c, w) = parse_config(r#"{"embed_allow_writes":true}"#);
        assert!(w.is_empty(), "{w:?}");
        assert!(!c.clone().for_embed(true).read_only);
        let (c, _) = parse_config(r#"{"embed_allow_writes":true,"read_only":true}"#);
        assert!(c.for_embed(true).read_only, "read_only wins everywhere");
    }

    #[test]
    fn server_label() {
        let c = Config::default();
        assert_eq!(c.server_label("http://h:8080"), "http://h:8080 (proxied)");
    }
}
