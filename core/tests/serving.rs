//! The serving domain against recorded and generated stats documents: decoding, rates, alerts, the update
//! timeline and the live page's aggregation.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use pulse_core::config::Config;
use pulse_core::format::format_datetime;
use pulse_core::registry::history::HistoryEntry;
use pulse_core::registry::promotion::Target;
use pulse_core::serving::*;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/serving")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn doc(name: &str) -> StatsDoc {
    decode_stats(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ms(rfc3339: &str) -> i64 {
    parse_rfc3339(rfc3339).unwrap_or_else(|| panic!("{rfc3339}"))
}

fn snapshot(url: &str, doc: StatsDoc) -> Snapshot {
    let fetched_at = doc.generated_at.unwrap_or(0) + 300;
    Snapshot {
        url: url.to_owned(),
        written_seen_at: doc.generated_at.unwrap_or(fetched_at),
        doc: doc.into(),
        fetched_at,
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

// ---------------------------------------------------------------------------------------------------------
// Decoding

/// The demo's `public/config.json`: model thresholds come from there, not from `Config::default`.
fn demo_config() -> Config {
    pulse_core::config::parse_config(include_str!("../../public/config.json")).0
}

#[test]
fn every_serving_fixture_is_covered() {
    let covered = include_str!("serving.rs");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serving");
    for entry in fs::read_dir(dir).expect("the fixture folder") {
        let name = entry.expect("an entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            covered.contains(&format!("\"{name}\"")),
            "{name} has no test"
        );
    }
}

#[test]
fn full_document() {
    let d = doc("stats_v1.json");
    assert_eq!(d.schema.as_deref(), Some("pulse.inference-stats/v1"));
    assert_eq!(d.generated_at, Some(1_769_680_800_000));
    assert_eq!(d.service.instance.as_deref(), Some("worker-1"));
    assert_eq!(d.service.started_at, Some(ms("2026-01-29T08:00:00Z")));
    assert_eq!(d.policy.poll_seconds, Some(60.0));
    assert_eq!(
        (d.policy.alias.as_deref(), d.policy.stage.as_deref()),
        (Some("champion"), None)
    );
    assert_eq!(d.models.len(), 3);
    let text = d.model("text").expect("text");
    assert_eq!(
        text.registered_model.as_deref(),
        Some("text_classification_model")
    );
    assert_eq!(text.version.as_deref(), Some("7"));
    assert_eq!((text.f1, text.threshold), (Some(0.86), Some(0.75)));
    assert_eq!(text.status, Status::Ready);
    assert_eq!(text.totals.requests, Some(123_456));
    assert_eq!(text.totals.failures, Some(56));
    assert_eq!(text.window.rps, Some(5.0));
    assert_eq!(text.window.latency_ms.p99, Some(88.0));
    assert_eq!(text.predictions.get("unsafe"), Some(&100));
    let fusion = d.model("fusion").expect("fusion");
    assert_eq!(fusion.status, Status::Error);
    assert_eq!(fusion.f1, None, "null is None");
    assert_eq!(fusion.window.error_rate, None);
    assert_eq!(fusion.window.rps, Some(0.0), "a real zero stays zero");
    assert_eq!(d.updates.len(), 3);
    assert_eq!(d.updates[1].outcome, Outcome::Skipped);
    assert_eq!(d.updates[1].reason.as_deref(), Some("below threshold 0.75"));
    assert_eq!(d.updates[2].at, Some(ms("2026-01-29T09:45:00Z") + 250));
}

#[test]
fn unknown_fields_and_values_are_ignored_or_kept_visible() {
    let d = doc("stats_unknown_fields.json");
    assert_eq!(d.policy.poll_seconds, Some(30.0));
    assert_eq!(d.models.len(), 2, "the string item is left out");
    let text = &d.models[0];
    assert_eq!(
        text.version.as_deref(),
        Some("7"),
        "a numeric version reads as text"
    );
    assert_eq!(text.window.latency_ms.p95, Some(20.0));
    assert_eq!(text.window.latency_ms.p90, None);
    assert_eq!(text.window.error_rate, Some(0.0));
    let ghost = &d.models[1];
    assert_eq!(ghost.status, Status::Unknown("warming_up".into()));
    assert_eq!(ghost.status.label(), "warming_up");
    assert_eq!(d.updates.len(), 2, "the number item is left out");
    assert_eq!(d.updates[1].outcome, Outcome::Unknown("deferred".into()));
    assert_eq!(d.updates[1].reason.as_deref(), Some("maintenance window"));
}

#[test]
fn missing_optional_fields_are_none_never_zero() {
    let d = doc("stats_missing_optional.json");
    assert_eq!(
        (d.generated_at, d.service.clone()),
        (None, Service::default())
    );
    assert_eq!(d.policy, Policy::default());
    let keys: Vec<&str> = d.models.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        keys,
        ["text", "video_classification_model"],
        "the key falls back to the registered model; a model with neither is dropped"
    );
    for m in &d.models {
        assert_eq!(
            (m.version.as_deref(), m.f1, m.threshold),
            (None, None, None),
            "{}",
            m.key
        );
        assert_eq!(m.totals, Totals::default());
        assert_eq!(m.window, Window::default());
        assert_eq!(m.status, Status::Missing);
        assert_eq!(m.status.label(), "unknown");
        assert!(m.predictions.is_empty());
    }
    assert_eq!(d.updates.len(), 2);
    assert_eq!(d.updates[0].outcome, Outcome::Missing);
    assert_eq!(d.updates[0].at, None);
    assert_eq!(d.updates[1].model, "video_classification_model");
}

#[test]
fn impossible_figures_are_none_and_the_rest_decodes() {
    let d = doc("stats_bad_figures.json");
    assert_eq!(d.generated_at, None, "\"yesterday\"");
    assert_eq!(d.service.started_at, None, "hour 25");
    assert_eq!(d.policy.poll_seconds, None, "negative interval");
    assert_eq!(d.policy.poll_ms(), 60_000, "falls back to a minute");
    let text = d.model("text").expect("text");
    let video = d.model("video").expect("video");
    // (what, decoded, expected)
    let figures: [(&str, Option<f64>, Option<f64>); 18] = [
        ("bare NaN f1", text.f1, None),
        ("threshold as a string", text.threshold, Some(0.75)),
        ("bare Infinity rps", text.window.rps, None),
        ("error rate above 1", text.window.error_rate, None),
        ("zero-second window", text.window.seconds, None),
        ("negative p50", text.window.latency_ms.p50, None),
        ("\"Infinity\" p90", text.window.latency_ms.p90, None),
        ("p95 as a string", text.window.latency_ms.p95, Some(41.5)),
        ("null p99", text.window.latency_ms.p99, None),
        ("clamped infinity f1", video.f1, None),
        ("negative threshold", video.threshold, None),
        (
            "window seconds as a string",
            video.window.seconds,
            Some(300.0),
        ),
        ("negative rps", video.window.rps, None),
        ("negative error rate", video.window.error_rate, None),
        ("latency not an object", video.window.latency_ms.p95, None),
        ("\"NaN\" f1_old", d.updates[0].f1_old, None),
        ("bare -Infinity f1_new", d.updates[0].f1_new, None),
        ("threshold 2", d.updates[0].threshold, None),
    ];
    for (what, got, want) in figures {
        assert_eq!(got, want, "{what}");
    }
    let counts: [(&str, Option<u64>, Option<u64>); 5] = [
        ("negative requests", text.totals.requests, None),
        ("failures as a string", text.totals.failures, Some(12)),
        ("\"NaN\" window requests", text.window.requests, None),
        ("requests beyond u64", video.totals.requests, None),
        ("a fraction rounds", video.totals.failures, Some(0)),
    ];
    for (what, got, want) in counts {
        assert_eq!(got, want, "{what}");
    }
    assert_eq!(text.loaded_at, None, "epoch numbers are not RFC 3339");
    assert_eq!(video.status, Status::Unknown("3".into()));
    assert_eq!(
        text.predictions
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("safe", 1400)]
    );
    assert_eq!(d.updates[0].to_version.as_deref(), Some("7"));
}

/// Counts and intervals at the edge of what a u64 or an i64 holds: figures on the page, never an overflow (a
/// panic in a debug build, a wrapped number in a release one).
#[test]
fn huge_counts_and_intervals_do_not_overflow() {
    let mut d = doc("stats_v1.json");
    d.models.retain(|m| m.key == "text");
    d.models[0].predictions = [
        ("safe".to_owned(), u64::MAX),
        ("unsafe".to_owned(), u64::MAX - 1),
    ]
    .into_iter()
    .collect();
    let two = [snapshot("u1", d.clone()), snapshot("u2", d.clone())];
    let mix = prediction_mix(&two, "text");
    assert_eq!(mix.len(), 2);
    assert_eq!(
        mix.iter().map(|p| p.width.as_str()).collect::<Vec<_>>(),
        ["50.0%", "50.0%"]
    );
    d.models[0].window.requests = Some(u64::MAX);
    d.models[0].window.error_rate = Some(0.5);
    let agg = aggregate(&[snapshot("u1", d.clone()), snapshot("u2", d.clone())]);
    assert_eq!(agg.first().and_then(|a| a.error_rate), Some(0.5));
    d.policy.poll_seconds = Some(1e17);
    let t0 = d.generated_at.unwrap_or(0);
    let registry = views(&[("text_classification_model", "7", Some(t0 - 3_600_000))]);
    let found = alerts(&[snapshot("u", d)], &registry, t0, &demo_config());
    assert!(
        found.iter().all(|a| a.kind != AlertKind::VersionMismatch),
        "{found:?}"
    );
}

#[test]
fn wrong_documents_get_a_sentence() {
    // (fixture or body, expected error, words the message must contain)
    let cases: [(String, StatsError, &[&str]); 6] = [
        (
            fixture("stats_v2.json"),
            StatsError::UnsupportedVersion {
                found: "pulse.inference-stats/v2".into(),
            },
            &["pulse.inference-stats/v2", "only pulse.inference-stats/v1", "Upgrade Pulse"],
        ),
        (
            fixture("stats_foreign.json"),
            StatsError::MissingSchema,
            &["no \"schema\"", "stats_url"],
        ),
        (
            r#"{"schema":"mlflow.run/v1"}"#.to_owned(),
            StatsError::ForeignSchema {
                found: "mlflow.run/v1".into(),
            },
            &["\"mlflow.run/v1\"", "stats_url"],
        ),
        (
            fixture("stats_html.html"),
            StatsError::NotJson {
                snippet: "<!DOCTYPE html> <html lang=\"en\"> <head><meta charset=\"utf-8\"><title>Pulse</title>\
                          </head> <body><noscript>Pulse needs Jav…"
                    .into(),
            },
            &["got a page", "stats_url"],
        ),
        (
            String::new(),
            StatsError::Decode {
                detail: "EOF while parsing a value at line 1 column 0".into(),
            },
            &["not a JSON object"],
        ),
        (
            "\"pulse.inference-stats/v1\"".to_owned(),
            StatsError::Decode {
                detail: "the top level is not an object".into(),
            },
            &["top level"],
        ),
    ];
    for (body, want, words) in cases {
        let got = decode_stats(&body).expect_err("an error");
        assert_eq!(got, want);
        let message = got.to_string();
        for w in words {
            assert!(message.contains(w), "{message:?} lacks {w:?}");
        }
        assert!(!got.title().is_empty());
    }
}

// ---------------------------------------------------------------------------------------------------------
// Rates

#[test]
fn rates_between_two_fixture_readings() {
    let first = doc("stats_v1.json");
    let mut second = first.clone();
    second.generated_at = first.generated_at.map(|g| g + 60_000);
    second.models[0].totals = Totals {
        requests: Some(123_456 + 600),
        failures: Some(56 + 3),
    };
    let a = Reading::of(&first, "text", 0).expect("reading");
    let b = Reading::of(&second, "text", 0).expect("reading");
    let r = rates(&a, &b);
    assert!(
        close(r.rps, 10.0) && close(r.failure_ratio, 0.005) && !r.restarted,
        "{r:?}"
    );
    // The instance restarted between the readings: its counters start over.
    second.service.started_at = second.generated_at.map(|g| g - 5_000);
    second.models[0].totals.requests = Some(40);
    let r = rates(&a, &Reading::of(&second, "text", 0).expect("reading"));
    assert_eq!(
        r,
        Rates {
            rps: None,
            failure_ratio: None,
            restarted: true
        }
    );
    assert_eq!(Reading::of(&first, "nope", 0), None);
    let undated = StatsDoc {
        generated_at: None,
        ..first.clone()
    };
    assert_eq!(
        Reading::of(&undated, "text", 77).map(|r| r.at),
        Some(77),
        "fetch time stands in"
    );
}

// ---------------------------------------------------------------------------------------------------------
// Alerts

fn views(expected: &[(&str, &str, Option<i64>)]) -> BTreeMap<String, RegistryView> {
    expected
        .iter()
        .map(|(model, version, since)| {
            (
                (*model).to_owned(),
                RegistryView {
                    target: Some(Target::Alias("champion".into())),
                    expected: Some((*version).to_owned()),
                    mismatch_since: *since,
                },
            )
        })
        .collect()
}

fn kinds(alerts: &[Alert]) -> Vec<(AlertKind, Option<&str>)> {
    alerts
        .iter()
        .map(|a| (a.kind, a.model.as_deref()))
        .collect()
}

#[test]
fn alerts_on_the_recorded_document() {
    let d = doc("stats_v1.json");
    let now = d.generated_at.unwrap_or(0) + 1_000;
    let snaps = [snapshot("http://w1/stats", d)];
    let registry = views(&[
        ("text_classification_model", "7", None),
        ("video_classification_model", "4", Some(now - 121_000)),
    ]);
    let found = alerts(&snaps, &registry, now, &demo_config());
    assert_eq!(
        kinds(&found),
        [
            (AlertKind::ModelError, Some("fusion")),
            (AlertKind::HighErrorRate, Some("video")),
            (AlertKind::VersionMismatch, Some("video")),
        ],
        "critical first, then by model: {found:#?}"
    );
    let severities: Vec<Severity> = found.iter().map(|a| a.severity).collect();
    assert_eq!(
        severities,
        [Severity::Critical, Severity::Critical, Severity::Warning]
    );
    assert_eq!(
        found[0].message,
        "fusion failed to load version 2; the service says: CUDA out of memory while loading version 2."
    );
    assert_eq!(
        found[1].message,
        "video: 8 % of requests failed over the last 5m 00s, above the 5 % limit."
    );
    assert_eq!(
        found[2].message,
        "video serves version 3, but the registry's alias @champion is version 4 (for 2m 01s); the service \
         has not picked up the change."
    );
    assert_eq!(alert_counts(&found), (2, 1));
    assert!(
        found.iter().all(|a| a.instance.is_none()),
        "one instance: no instance names"
    );
}

#[test]
fn alert_rules_table() {
    let base = doc("stats_v1.json");
    let t0 = base.generated_at.unwrap_or(0);
    let config = demo_config();
    let text = |f: &dyn Fn(&mut ModelStats)| {
        let mut d = base.clone();
        d.models.retain(|m| m.key == "text");
        f(&mut d.models[0]);
        d
    };
    type Case = (
        &'static str,
        StatsDoc,
        i64,
        i64,
        Option<i64>,
        Vec<AlertKind>,
    );
    let cases: Vec<Case> = vec![
        // (what, doc, fetched at, now, mismatch since, alerts)
        ("healthy", text(&|_| {}), t0, t0 + 1_000, None, vec![]),
        (
            "error rate at the limit is fine",
            text(&|m| m.window.error_rate = Some(0.05)),
            t0,
            t0,
            None,
            vec![],
        ),
        (
            "error rate above the limit",
            text(&|m| m.window.error_rate = Some(0.0501)),
            t0,
            t0,
            None,
            vec![AlertKind::HighErrorRate],
        ),
        (
            "F1 below the service's threshold",
            text(&|m| m.f1 = Some(0.74)),
            t0,
            t0,
            None,
            vec![AlertKind::BelowThreshold],
        ),
        (
            "F1 below the configured threshold when the service has none",
            text(&|m| {
                m.f1 = Some(0.74);
                m.threshold = None;
            }),
            t0,
            t0,
            None,
            vec![AlertKind::BelowThreshold],
        ),
        (
            "no F1, no judgement",
            text(&|m| m.f1 = None),
            t0,
            t0,
            None,
            vec![],
        ),
        (
            "a mismatch for two polls is a promotion on its way",
            text(&|m| m.version = Some("6".into())),
            t0,
            t0,
            Some(t0 - 120_000),
            vec![],
        ),
        (
            "a mismatch for longer",
            text(&|m| m.version = Some("6".into())),
            t0,
            t0,
            Some(t0 - 120_001),
            vec![AlertKind::VersionMismatch],
        ),
        (
            "the served version is the registry's",
            text(&|_| {}),
            t0,
            t0,
            Some(t0 - 999_000),
            vec![],
        ),
        (
            "stats written more than three refreshes ago",
            text(&|_| {}),
            t0 + 16_000,
            t0 + 16_000,
            None,
            vec![AlertKind::Stale],
        ),
        (
            "three refreshes exactly is not stale",
            text(&|_| {}),
            t0 + 15_000,
            t0 + 15_000,
            None,
            vec![],
        ),
        (
            "no successful fetch for a while",
            text(&|_| {}),
            t0,
            t0 + 60_000,
            None,
            vec![AlertKind::Stale],
        ),
        (
            "a service clock ahead of the page is not stale",
            text(&|_| {}),
            t0 - 30_000,
            t0 - 30_000,
            None,
            vec![],
        ),
        (
            "status error without a reason",
            text(&|m| {
                m.status = Status::Error;
                m.error = None;
            }),
            t0,
            t0,
            None,
            vec![AlertKind::ModelError],
        ),
        (
            "loading and unknown statuses are not errors",
            text(&|m| m.status = Status::Unknown("warming".into())),
            t0,
            t0,
            None,
            vec![],
        ),
    ];
    for (what, d, fetched_at, now, since, want) in cases {
        // The page first saw each document when it was written.
        let snaps = [Snapshot {
            url: "u".into(),
            written_seen_at: d.generated_at.unwrap_or(fetched_at),
            doc: d.into(),
            fetched_at,
        }];
        let registry = views(&[("text_classification_model", "7", since)]);
        let got: Vec<AlertKind> = alerts(&snaps, &registry, now, &config)
            .iter()
            .map(|a| a.kind)
            .collect();
        assert_eq!(got, want, "{what}");
    }
}

/// A stuck writer is a service answering with the same document, timed on the page's clock: a service clock
/// minutes ahead of or behind the page's raises nothing while its documents keep changing.
#[test]
fn a_stuck_writer_is_the_same_document_for_three_refreshes_whatever_the_clocks_say() {
    let config = Config {
        refresh_seconds: 5,
        ..Config::default()
    };
    let base = doc("stats_v1.json");
    let t0 = base.generated_at.unwrap_or(0);
    let stale_after = |skew: i64, rewrites: bool| {
        let mut instance = InstanceState::new("u");
        let mut first = None;
        for tick in 0..8 {
            let now = t0 + skew + tick * 5_000;
            let mut d = base.clone();
            if rewrites {
                d.generated_at = Some(t0 + tick * 5_000);
            }
            instance.observe(Ok(d), now);
            let snaps: Vec<Snapshot> = instance.last.iter().cloned().collect();
            let stale = alerts(&snaps, &BTreeMap::new(), now, &config)
                .iter()
                .any(|a| a.kind == AlertKind::Stale);
            if stale && first.is_none() {
                first = Some(tick);
            }
        }
        first
    };
    for skew in [-600_000, 0, 20_000, 3_600_000] {
        assert_eq!(
            stale_after(skew, true),
            None,
            "a writing service, page clock {skew} ms ahead"
        );
        // Unchanged at ticks 0..3 (15 s, three refreshes exactly), stuck from tick 4 (20 s).
        assert_eq!(
            stale_after(skew, false),
            Some(4),
            "a stuck service, page clock {skew} ms ahead"
        );
    }
}

/// A registry version the service will not serve: the alert says what the service's own record says of it.
#[test]
fn a_lasting_mismatch_says_why_the_service_kept_its_version() {
    let mut base = doc("stats_v1.json");
    base.models.retain(|m| m.key == "text");
    base.models[0].version = Some("6".into());
    let t0 = base.generated_at.unwrap_or(0);
    let registry = views(&[("text_classification_model", "7", Some(t0 - 3_600_000))]);
    let message = |outcome: Outcome, reason: Option<&str>| {
        let mut d = base.clone();
        d.updates = vec![Update {
            at: Some(t0 - 60_000),
            model: "text".into(),
            to_version: Some("7".into()),
            outcome,
            reason: reason.map(str::to_owned),
            ..Update::default()
        }]
        .into();
        let found = alerts(&[snapshot("u", d)], &registry, t0, &demo_config());
        let mismatch = found.iter().find(|a| a.kind == AlertKind::VersionMismatch);
        mismatch.map(|a| a.message.clone()).unwrap_or_default()
    };
    let skipped = message(Outcome::Skipped, Some("F1 0.71 below threshold 0.75"));
    assert!(
        skipped.ends_with("; the service skipped it: F1 0.71 below threshold 0.75."),
        "{skipped}"
    );
    let failed = message(Outcome::Failed, None);
    assert!(
        failed.ends_with("; the service tried it and failed: no reason given."),
        "{failed}"
    );
    let applied = message(Outcome::Applied, None);
    assert!(
        applied.ends_with("; the service has not picked up the change."),
        "{applied}"
    );
}

#[test]
fn alert_limit_and_instances_come_through() {
    let mut config = Config::default();
    config.alerts.max_error_rate = 0.1;
    config.refresh_seconds = 60;
    let (w1, w2) = (doc("stats_v1.json"), doc("stats_v1_worker2.json"));
    let now = w2.generated_at.unwrap_or(0);
    let snaps = [
        snapshot("http://w1/stats", w1),
        snapshot("http://w2/stats", w2),
    ];
    let registry = views(&[("text_classification_model", "7", Some(now - 600_000))]);
    let found = alerts(&snaps, &registry, now, &config);
    assert_eq!(
        kinds(&found),
        [
            (AlertKind::ModelError, Some("fusion")),
            (AlertKind::VersionMismatch, Some("text")),
        ],
        "8 % and 6 % are under a 10 % limit: {found:#?}"
    );
    assert_eq!(found[1].instance.as_deref(), Some("worker-2"));
    assert!(
        found[1]
            .message
            .starts_with("text on worker-2 serves version 6"),
        "{}",
        found[1].message
    );
}

// ---------------------------------------------------------------------------------------------------------
// Timeline

fn promotion(model: &str, version: &str, action: &str, at: i64, comment: &str) -> HistoryEntry {
    HistoryEntry {
        at,
        model: model.to_owned(),
        version: version.to_owned(),
        action: action.to_owned(),
        from: None,
        f1: None,
        from_f1: None,
        threshold: None,
        overridden: false,
        comment: comment.to_owned(),
    }
}

#[test]
fn timeline_joins_the_service_and_the_registry() {
    let d = doc("stats_v1.json");
    let text = "text_classification_model";
    let promotions = vec![
        // An older promotion of the same version, superseded by the later one.
        promotion(
            text,
            "7",
            "alias:champion",
            ms("2026-01-28T09:00:00Z"),
            "first try",
        ),
        promotion(
            text,
            "7",
            "alias:champion",
            ms("2026-01-29T09:02:00Z"),
            "weekly retrain",
        ),
        // Stamped by a browser 3 s ahead of the service: still the promotion it followed.
        promotion(text, "8", "alias:champion", ms("2026-01-29T09:30:03Z"), ""),
        // Not the service's target, and not promotions.
        promotion(text, "8", "stage:Staging", ms("2026-01-29T09:29:00Z"), ""),
        promotion(
            text,
            "6",
            "unalias:champion",
            ms("2026-01-29T09:02:00Z"),
            "",
        ),
        // Promoted after the service's last record: nothing followed it yet.
        promotion(
            text,
            "9",
            "alias:champion",
            ms("2026-01-29T09:58:00Z"),
            "hotfix",
        ),
        // The fusion version was promoted too late to be the cause (beyond the skew).
        promotion(
            "fusion_multimodal_model",
            "2",
            "alias:champion",
            ms("2026-01-29T09:45:10Z"),
            "",
        ),
    ];
    let events = update_timeline(&[snapshot("u", d)], &promotions);
    let summary: Vec<(&str, Option<&str>, Option<&Outcome>)> = events
        .iter()
        .map(|e| (e.model.as_str(), e.version(), e.outcome()))
        .collect();
    assert_eq!(
        summary,
        [
            ("text", Some("9"), None),
            ("fusion", Some("2"), None),
            ("fusion", Some("2"), Some(&Outcome::Failed)),
            ("text", Some("8"), Some(&Outcome::Skipped)),
            ("text", Some("7"), Some(&Outcome::Applied)),
            ("text", Some("7"), None),
        ],
        "newest first; unfollowed promotions stay visible and take the service's model key"
    );
    let pending: Vec<bool> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Promotion { pending, .. } => Some(pending),
            EventKind::Service { .. } => None,
        })
        .collect();
    assert_eq!(
        pending,
        [true, true, false],
        "only what came after the service's last record of the model is waiting for it"
    );
    let linked = |i: usize| match &events[i].kind {
        EventKind::Service { promotion, .. } => promotion.as_ref().map(|p| p.at),
        EventKind::Promotion { .. } => None,
    };
    assert_eq!(
        linked(4),
        Some(ms("2026-01-29T09:02:00Z")),
        "the latest promotion before it"
    );
    assert_eq!(
        linked(3),
        Some(ms("2026-01-29T09:30:03Z")),
        "within the clock skew"
    );
    assert_eq!(linked(2), None, "10 s later is not the cause");
    assert_eq!(
        events[4].sentence(0),
        "v7 promoted to @champion in the registry at 2026-01-29 09:02 (weekly retrain) → applied by the \
         service at 2026-01-29 09:03 (F1 0.84 → 0.86)"
    );
    assert_eq!(
        events[3].sentence(60),
        "v8 promoted to @champion in the registry at 2026-01-29 10:30 → skipped by the service at \
         2026-01-29 10:30: below threshold 0.75"
    );
    assert_eq!(
        events[2].sentence(0),
        "v2 failed in the service at 2026-01-29 09:45: CUDA out of memory while loading version 2"
    );
    assert_eq!(
        events[0].sentence(0),
        "v9 promoted to @champion in the registry at 2026-01-29 09:58 (hotfix) → not acted on by the \
         service yet."
    );
    assert_eq!(
        events[5].sentence(0),
        "v7 promoted to @champion in the registry at 2026-01-28 09:00 (first try)"
    );
}

#[test]
fn timeline_filters() {
    let d = doc("stats_v1.json");
    let promotions = vec![promotion(
        "text_classification_model",
        "9",
        "alias:champion",
        ms("2026-01-29T09:58:00Z"),
        "",
    )];
    let events = update_timeline(&[snapshot("u", d)], &promotions);
    // (query, versions shown)
    let cases: [(&str, &[&str]); 7] = [
        ("", &["9", "2", "8", "7"]),
        ("?model=text", &["9", "8", "7"]),
        ("?model=text_classification_model", &["9", "8", "7"]),
        ("?outcome=skipped", &["8"]),
        ("?model=text&outcome=pending", &["9"]),
        ("?model=fusion&outcome=applied", &[]),
        ("?outcome=bogus&model=fusion", &["2"]),
    ];
    for (query, want) in cases {
        let filter = TimelineFilter::parse(query);
        let got: Vec<&str> = filter
            .apply(&events)
            .iter()
            .filter_map(|e| e.version())
            .collect();
        assert_eq!(got, want, "{query}");
    }
    assert_eq!(
        TimelineFilter::from_params(Some("text"), Some("failed")).pairs(),
        [
            ("model", "text".to_owned()),
            ("outcome", "failed".to_owned()),
            ("shown", String::new())
        ]
    );
}

#[test]
fn timeline_across_instances_names_them() {
    let snaps = [
        snapshot("http://w1/stats", doc("stats_v1.json")),
        snapshot("http://w2/stats", doc("stats_v1_worker2.json")),
    ];
    let promotions = vec![promotion(
        "text_classification_model",
        "7",
        "alias:champion",
        ms("2026-01-29T09:02:00Z"),
        "",
    )];
    let events = update_timeline(&snaps, &promotions);
    let v7: Vec<(Option<&str>, Option<&Outcome>)> = events
        .iter()
        .filter(|e| e.version() == Some("7"))
        .map(|e| (e.instance.as_deref(), e.outcome()))
        .collect();
    assert_eq!(
        v7,
        [
            (Some("worker-2"), Some(&Outcome::Failed)),
            (Some("worker-1"), Some(&Outcome::Applied)),
        ],
        "both instances followed the same promotion"
    );
    assert!(events
        .iter()
        .all(|e| !matches!(e.kind, EventKind::Promotion { .. })));
    let failed = events
        .iter()
        .find(|e| e.instance.as_deref() == Some("worker-2"))
        .map(|e| e.sentence(0));
    assert_eq!(
        failed.as_deref(),
        Some(
            "v7 promoted to @champion in the registry at 2026-01-29 09:02 → failed in the service \
             (worker-2) at 2026-01-29 09:03: download timed out"
        )
    );
}

#[test]
fn a_poll_whose_updates_did_not_change_reads_them_once() {
    let (body, _) = big_document(100);
    let mut instance = InstanceState::new("u");
    let updates = |i: &InstanceState| i.last.as_ref().map(|s| s.doc.updates.as_ptr());
    instance.observe(read_stats(200, &body), 1_000);
    let first = updates(&instance);
    // Kept, so its list's memory cannot be handed to a list read later (the pointers below compare lists).
    let kept = instance.last.clone();
    // The figures move on every poll; the record of updates is the same text.
    let busier = body.replacen(r#""requests":1000000"#, r#""requests":1000007"#, 1);
    assert_ne!(busier, body);
    instance.observe(read_stats(200, &busier), 2_000);
    assert_eq!(updates(&instance), first, "the same list, not read again");
    let doc = &instance.last.as_ref().expect("a document").doc;
    assert_eq!(doc.models[0].totals.requests, Some(1_000_007));
    assert_eq!(doc.updates.len(), 100);
    // A new decision is a new text: read again, and equal to reading the document afresh.
    let decided = body.replacen(r#""outcome":"applied""#, r#""outcome":"skipped""#, 1);
    assert_ne!(decided, body);
    instance.observe(read_stats(200, &decided), 3_000);
    assert_ne!(updates(&instance), first);
    let fresh = decode_stats(&decided).expect("decodes");
    let doc = &instance.last.as_ref().expect("a document").doc;
    assert_eq!(doc.updates, fresh.updates);
    drop(kept);
}

#[test]
fn reading_an_answer_ahead_of_observing_it_reads_only_a_new_record() {
    let (body, _) = big_document(100);
    let mut instance = InstanceState::new("u");
    let first = instance.read(200, &body).expect("reads");
    assert_eq!(first.updates.len(), 100);
    let list = first.updates.as_ptr();
    instance.observe(Ok(first), 1_000);
    // The same record of updates: the last document's list, taken as it is read.
    let busier = body.replacen(r#""requests":1000000"#, r#""requests":1000007"#, 1);
    let again = instance.read(200, &busier).expect("reads");
    assert_eq!(
        again.updates.as_ptr(),
        list,
        "the same list, not read again"
    );
    instance.observe(Ok(again), 2_000);
    let doc = &instance.last.as_ref().expect("a document").doc;
    assert_eq!(
        (doc.updates.as_ptr(), doc.models[0].totals.requests),
        (list, Some(1_000_007))
    );
    // A new record is read, and equal to reading the document afresh; an error answer stays an error.
    let decided = body.replacen(r#""outcome":"applied""#, r#""outcome":"skipped""#, 1);
    let read = instance.read(200, &decided).expect("reads");
    assert_ne!(read.updates.as_ptr(), list);
    assert_eq!(
        read.updates,
        decode_stats(&decided).expect("decodes").updates
    );
    assert_eq!(instance.read(503, "").err(), read_stats(503, "").err());
}

/// A deterministic document of 3 models and `updates` updates a minute apart, and the registry's
/// promotions behind them (most a few seconds before, some a second after, some missing), for the
/// timeline at scale and for benchmarks.
fn big_document(updates: usize) -> (String, Vec<HistoryEntry>) {
    let start = ms("2026-01-01T00:00:00Z");
    let models = [
        ("text", "text_classification_model"),
        ("video", "video_classification_model"),
        ("fusion", "fusion_multimodal_model"),
    ];
    // Per model: the served version and its F1, and the newest version registered.
    let mut served = [(1u64, 0.75); 3];
    let mut newest = [1u64; 3];
    let mut items = Vec::with_capacity(updates);
    let mut promotions = Vec::new();
    for i in 0..updates {
        let m = i % 3;
        let (key, registered) = models[m];
        let at = start + i as i64 * 60_000;
        newest[m] += 1;
        let candidate = newest[m];
        let (outcome, reason) = match i % 7 {
            3 => ("skipped", serde_json::json!("below threshold")),
            5 => ("failed", serde_json::json!("load timed out")),
            _ => ("applied", serde_json::Value::Null),
        };
        let f1_new = 0.7 + (i % 29) as f64 / 100.0;
        items.push(serde_json::json!({
            "at": format!("{}:00Z", format_datetime(at, 0).replace(' ', "T")),
            "model": key, "registered_model": registered,
            "from_version": served[m].0.to_string(), "to_version": candidate.to_string(),
            "f1_old": served[m].1, "f1_new": f1_new, "threshold": 0.75,
            "outcome": outcome, "reason": reason,
        }));
        if i % 11 != 0 {
            let skew = if i % 13 == 0 { 1_000 } else { -20_000 };
            promotions.push(promotion(
                registered,
                &candidate.to_string(),
                "alias:champion",
                at + skew,
                "",
            ));
        }
        if outcome == "applied" {
            served[m] = (candidate, f1_new);
        }
    }
    let models_json: Vec<serde_json::Value> = models
        .iter()
        .enumerate()
        .map(|(m, (key, registered))| {
            serde_json::json!({
                "key": key, "registered_model": registered, "version": served[m].0.to_string(),
                "f1": served[m].1, "threshold": 0.75, "status": "ready",
                "totals": {"requests": 1_000_000, "failures": 100},
                "window": {"seconds": 300, "requests": 1500, "rps": 5.0, "error_rate": 0.01,
                           "latency_ms": {"p50": 10, "p90": 20, "p95": 30, "p99": 60}},
            })
        })
        .collect();
    let body = serde_json::json!({
        "schema": "pulse.inference-stats/v1",
        "generated_at": "2026-01-02T00:00:00Z",
        "service": {"name": "stream-classifier", "instance": "worker-1", "started_at": "2026-01-01T00:00:00Z"},
        "policy": {"metric": "eval_f1", "poll_seconds": 60, "alias": "champion"},
        "models": models_json,
        "updates": items,
    });
    (body.to_string(), promotions)
}

#[test]
fn a_thousand_updates_decode_and_join_fast() {
    let (body, promotions) = big_document(1_000);
    // For benchmarks outside this crate: `PULSE_WRITE_BENCH_FIXTURES=dir cargo test -p pulse-core --test
    // serving thousand` writes the document and the registry's promotions there.
    if let Ok(dir) = std::env::var("PULSE_WRITE_BENCH_FIXTURES") {
        let dir = PathBuf::from(dir);
        let promotions_json = serde_json::to_string(&promotions).expect("serialises");
        fs::write(dir.join("stats_3_models_1000_updates.json"), &body).expect("writes");
        fs::write(dir.join("promotions_1000.json"), promotions_json).expect("writes");
    }
    let started = Instant::now();
    let d = decode_stats(&body).expect("decodes");
    let decoded = started.elapsed();
    assert_eq!((d.models.len(), d.updates.len()), (3, 1_000));
    assert!(d.updates.iter().all(|u| u.at.is_some()));
    let snaps = [snapshot("u", d)];
    let started = Instant::now();
    let events = update_timeline(&snaps, &promotions);
    let joined = started.elapsed();
    let service: Vec<&TimelineEvent> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Service { .. }))
        .collect();
    assert_eq!(service.len(), 1_000);
    let linked = service
        .iter()
        .filter(|e| {
            matches!(
                &e.kind,
                EventKind::Service {
                    promotion: Some(_),
                    ..
                }
            )
        })
        .count();
    assert_eq!(linked, promotions.len(), "every promotion found its update");
    assert_eq!(events.len(), 1_000, "no promotion left unfollowed");
    assert!(
        events.windows(2).all(|w| w[0].at >= w[1].at),
        "newest first"
    );
    let skipped = TimelineFilter::parse("?model=video&outcome=skipped")
        .apply(&events)
        .len();
    assert!(skipped > 0);
    // Generous bounds for a debug build on a busy machine; a quadratic join of 1,000 x 900 would still
    // pass, so the index is what `linked` above relies on for correctness, and this only catches disasters.
    assert!(decoded.as_millis() < 2_000, "decode took {decoded:?}");
    assert!(joined.as_millis() < 1_000, "join took {joined:?}");
    let history = served_f1_history(&snaps, "text");
    assert!(history.steps.len() > 200 && !history.skipped.is_empty());
    let text = snaps[0].doc.model("text");
    assert_eq!(
        history.steps.last().map(|s| (s.version.as_deref(), s.f1)),
        text.map(|m| (m.version.as_deref(), m.f1)),
        "the last step is what the service serves now"
    );
}

#[test]
fn the_timeline_is_joined_again_only_when_its_inputs_change() {
    let (body, promotions) = big_document(50);
    let d = decode_stats(&body).expect("decodes");
    let mut cache = TimelineCache::default();
    let first = cache.timeline(&[snapshot("u", d.clone())], &promotions);
    assert_eq!(
        *first,
        update_timeline(&[snapshot("u", d.clone())], &promotions)
    );
    // Traffic figures move on every poll; the join is reused (the same allocation).
    let mut busier = d.clone();
    busier.models[0].totals.requests = Some(999_999);
    let again = cache.timeline(&[snapshot("u", busier.clone())], &promotions);
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    // A new decision, a new promotion, or a second instance is joined again.
    let mut decided = busier.clone();
    let mut list = decided.updates.to_vec();
    list.push(list[0].clone());
    decided.updates = list.into();
    let changes: [(&str, Vec<Snapshot>, &[HistoryEntry]); 3] = [
        ("update", vec![snapshot("u", decided)], &promotions),
        (
            "promotion",
            vec![snapshot("u", busier.clone())],
            &promotions[1..],
        ),
        (
            "instance",
            vec![snapshot("u", busier.clone()), snapshot("v", busier)],
            &promotions,
        ),
    ];
    for (what, snaps, promos) in changes {
        let joined = cache.timeline(&snaps, promos);
        assert_eq!(*joined, update_timeline(&snaps, promos), "{what}");
        assert!(!std::sync::Arc::ptr_eq(&first, &joined), "{what}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Live page

#[test]
fn aggregation_across_instances() {
    let snaps = [
        snapshot("http://w1/stats", doc("stats_v1.json")),
        snapshot("http://w2/stats", doc("stats_v1_worker2.json")),
    ];
    let all = aggregate(&snaps);
    let keys: Vec<&str> = all.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["text", "video", "fusion"]);
    let text = &all[0];
    assert_eq!(text.instances, 2);
    assert!(close(text.rps, 6.6667), "summed: {:?}", text.rps);
    assert_eq!(text.requests, Some(2_000));
    // (0.004 x 1500 + 0.06 x 500) / 2000
    assert!(
        close(text.error_rate, 0.018),
        "weighted: {:?}",
        text.error_rate
    );
    assert_eq!(
        (text.p95_ms, text.p99_ms),
        (Some(55.0), Some(88.0)),
        "the worst instance's"
    );
    assert_eq!(text.totals.requests, Some(223_456));
    assert!(text.split(), "a rolling update stuck half-way");
    assert_eq!((text.version(), text.f1()), (None, None));
    let versions: Vec<(Option<&str>, Vec<&str>)> = text
        .versions
        .iter()
        .map(|v| {
            (
                v.version.as_deref(),
                v.instances.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [(Some("7"), vec!["worker-1"]), (Some("6"), vec!["worker-2"])]
    );
    let fusion = &all[2];
    assert_eq!(fusion.status, Status::Error);
    assert_eq!(fusion.error_rate, None, "no traffic, no rate");
    assert_eq!(all[1].version(), Some("3"));
    assert_eq!(all[1].f1(), Some(0.71));
}

#[test]
fn error_rate_weighting_table() {
    let model = |rate: Option<f64>, requests: Option<u64>| ModelStats {
        key: "m".into(),
        window: Window {
            error_rate: rate,
            requests,
            ..Window::default()
        },
        ..ModelStats::default()
    };
    // (each instance's (error rate, window requests), the model's error rate)
    type Case = (&'static [(Option<f64>, Option<u64>)], Option<f64>);
    let cases: [Case; 6] = [
        (
            &[(Some(0.1), Some(100)), (Some(0.0), Some(300))],
            Some(0.025),
        ),
        (&[(Some(0.1), None), (Some(0.3), None)], Some(0.2)),
        (&[(Some(0.1), Some(0)), (Some(0.3), Some(0))], None),
        (&[(None, Some(10)), (Some(0.5), Some(10))], Some(0.5)),
        (&[(None, None)], None),
        (&[], None),
    ];
    for (parts, want) in cases {
        let snaps: Vec<Snapshot> = parts
            .iter()
            .enumerate()
            .map(|(i, (rate, requests))| Snapshot {
                url: format!("u{i}"),
                doc: StatsDoc {
                    models: vec![model(*rate, *requests)],
                    ..StatsDoc::default()
                }
                .into(),
                fetched_at: 0,
                written_seen_at: 0,
            })
            .collect();
        let got = aggregate(&snaps).first().and_then(|a| a.error_rate);
        match want {
            Some(w) => assert!(close(got, w), "{parts:?}: {got:?}"),
            None => assert_eq!(got, None, "{parts:?}"),
        }
    }
}

#[test]
fn live_state_keeps_a_bounded_ring_and_derives_rates() {
    let mut state = LiveState::new(4);
    let mut d = doc("stats_v1.json");
    d.models.truncate(1);
    d.models[0].window.rps = None;
    let t0 = d.generated_at.unwrap_or(0);
    for i in 0..6 {
        let mut next = d.clone();
        next.generated_at = Some(t0 + i * 5_000);
        next.models[0].totals.requests = Some(1_000 + i as u64 * 50);
        next.models[0].window.latency_ms.p95 = Some(40.0 + i as f64);
        let aggregates = state.record(&[snapshot("u", next.clone())]);
        assert_eq!(aggregates.len(), 1);
        // The same document again adds nothing.
        state.record(&[snapshot("u", next)]);
    }
    let samples = state.samples("text");
    assert_eq!(samples.len(), 4, "capped");
    assert_eq!(
        samples.first().map(|s| s.at),
        Some(t0 + 10_000),
        "oldest dropped"
    );
    assert!(
        samples.iter().all(|s| close(s.rps, 10.0)),
        "50 requests in 5 s: {samples:?}"
    );
    assert_eq!(
        state.series("text", SampleField::P95).last(),
        Some(&(t0 + 25_000, Some(45.0)))
    );
    assert_eq!(state.rates("u", "text").map(|r| r.restarted), Some(false));
    assert!(state.samples("nope").is_empty());
    // A restart: no rate for that refresh, and the ring shows a gap rather than a negative spike.
    let mut restarted = d.clone();
    restarted.generated_at = Some(t0 + 30_000);
    restarted.models[0].totals.requests = Some(3);
    state.record(&[snapshot("u", restarted)]);
    assert_eq!(state.rates("u", "text").map(|r| r.restarted), Some(true));
    assert_eq!(state.samples("text").last().map(|s| s.rps), Some(None));
}

#[test]
fn served_f1_steps_and_skipped_marks() {
    let snaps = [
        snapshot("http://w1/stats", doc("stats_v1.json")),
        snapshot("http://w2/stats", doc("stats_v1_worker2.json")),
    ];
    let h = served_f1_history(&snaps, "text");
    let steps: Vec<(i64, Option<&str>, Option<f64>)> = h
        .steps
        .iter()
        .map(|s| (s.at, s.version.as_deref(), s.f1))
        .collect();
    assert_eq!(
        steps,
        [
            (ms("2026-01-29T08:00:00Z"), Some("6"), Some(0.84)),
            (ms("2026-01-29T09:03:10Z"), Some("7"), Some(0.86)),
        ],
        "from the instance start, then each applied version"
    );
    assert_eq!(h.skipped.len(), 1);
    assert_eq!(h.skipped[0].reason.as_deref(), Some("below threshold 0.75"));
    assert_eq!(h.threshold, Some(0.75));
    assert_eq!(h.until, Some(ms("2026-01-29T10:00:02Z")));
    // Nothing applied on record: the current version since it was loaded.
    let video = served_f1_history(&snaps, "video");
    assert_eq!(
        video.steps.iter().map(|s| (s.at, s.f1)).collect::<Vec<_>>(),
        [(ms("2026-01-29T09:59:00Z"), Some(0.71))]
    );
    assert!(served_f1_history(&snaps, "nope").steps.is_empty());
}

#[test]
fn mismatch_clock_feeds_the_alert() {
    let d = doc("stats_v1_worker2.json");
    let t0 = d.generated_at.unwrap_or(0);
    let mut watch = MismatchWatch::default();
    let registered = "text_classification_model";
    let mut fired = Vec::new();
    for minute in 0..5 {
        let now = t0 + minute * 60_000;
        let since = watch.observe(registered, &[Some("6")], Some("7"), now);
        let registry = views(&[(registered, "7", since)]);
        let snaps = [Snapshot {
            url: "u".into(),
            doc: d.clone().into(),
            fetched_at: now,
            written_seen_at: now,
        }];
        let config = Config {
            refresh_seconds: 3_600,
            ..Config::default()
        };
        fired.push(
            alerts(&snaps, &registry, now, &config)
                .iter()
                .any(|a| a.kind == AlertKind::VersionMismatch),
        );
    }
    assert_eq!(
        fired,
        [false, false, false, true, true],
        "longer than two 60 s polls"
    );
}
