//! What the live serving overview shows, worked out from the polled stats and the registry: the whole overview
//! (its cards from card.rs, each stats URL's state from instance.rs), what the registry expects of each served
//! model, the history's rows, the header badge and the "updated" text. The app only fetches and renders these.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::alerts::{alert_counts, alerts, Alert, RegistryView};
use super::card::{card_view, CardView};
use super::contract::Outcome;
use super::instance::{registered_models, InstanceState, StatsFetchError};
use super::live::{served_f1_history, LiveState, MismatchWatch, ServedF1History, Snapshot};
use super::timeline::{EventKind, TimelineEvent};
use crate::config::Config;
use crate::format::{format_datetime, format_duration, format_metric};
use crate::registry::history::history;
use crate::registry::model_state::ModelState;

/// The update history shows this many rows at first, and this many more each time the user asks (a service keeps up
/// to 1,000 updates per instance): the overview's first render does not build a thousand table cells below the fold.
pub const HISTORY_ROWS: usize = 50;

/// The URL key of how many update rows show (`shown=150`).
pub const HISTORY_SHOWN_KEY: &str = "shown";

/// Most update rows a URL can ask to show (`shown=`), far beyond any real history: a URL is user input.
pub const MAX_HISTORY_ROWS: usize = 100_000;

/// How many update rows show, from the URL's `shown=` ("" when absent): [`HISTORY_ROWS`] unless it says a number
/// from there up to [`MAX_HISTORY_ROWS`].
pub fn parse_history_shown(raw: &str) -> usize {
    raw.parse::<usize>()
        .ok()
        .filter(|n| (HISTORY_ROWS..=MAX_HISTORY_ROWS).contains(n))
        .unwrap_or(HISTORY_ROWS)
}

/// The URL's `shown=` for `n` rows: "" (left out) for the first [`HISTORY_ROWS`].
pub fn history_shown_value(n: usize) -> String {
    if n == HISTORY_ROWS {
        String::new()
    } else {
        n.to_string()
    }
}

/// The live "updated N s ago" text; `updated_at` is the newest good answer, None before the first.
pub fn updated_text(now: i64, updated_at: Option<i64>) -> String {
    let Some(at) = updated_at else {
        return "waiting for the first answer".to_owned();
    };
    let ago = (now - at).max(0);
    match ago {
        0..=1_999 => "updated just now".to_owned(),
        2_000..=59_999 => format!("updated {} s ago", ago / 1000),
        _ => format!("updated {} ago", format_duration(ago)),
    }
}

/// What the registry expects of each served registered model (under the policy of the first instance
/// serving it), with since when the served versions have disagreed, as `watch` observes it across polls.
pub fn registry_views(
    snapshots: &[Snapshot],
    registry: &BTreeMap<String, ModelState>,
    watch: &mut MismatchWatch,
    now: i64,
) -> BTreeMap<String, RegistryView> {
    let mut out = BTreeMap::new();
    for name in registered_models(snapshots) {
        let Some(state) = registry.get(&name) else {
            continue;
        };
        let serving = |s: &&Snapshot| {
            s.doc
                .models
                .iter()
                .any(|m| m.registered_model.as_ref() == Some(&name))
        };
        let Some(policy) = snapshots.iter().find(serving).map(|s| &s.doc.policy) else {
            continue;
        };
        let served: Vec<Option<&str>> = snapshots
            .iter()
            .flat_map(|s| &s.doc.models)
            .filter(|m| m.registered_model.as_ref() == Some(&name))
            .map(|m| m.version.as_deref())
            .collect();
        let view = RegistryView::of(&state.model, policy, None);
        let since = watch.observe(&name, &served, view.expected.as_deref(), now);
        out.insert(
            name,
            RegistryView {
                mismatch_since: since,
                ..view
            },
        );
    }
    out
}

/// One row of the update history table.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// `2026-01-29 10:03`, or `—`.
    pub when: String,
    /// The model's key.
    pub model: String,
    /// `applied`, `skipped: below threshold`, `failed: <error>`, `promoted (pending)`, `promoted`.
    pub outcome: String,
    /// The row's class: `applied`, `skipped`, `failed`, `pending`, `promoted` or `other`.
    pub class: &'static str,
    /// `v6 → v7`, or `v7`.
    pub versions: String,
    /// `0.84 → 0.86`, `0.86`, or `—`.
    pub f1: String,
    /// The event as one sentence, joined with the registry's promotion.
    pub sentence: String,
}

fn change(old: Option<String>, new: Option<String>) -> String {
    match (old, new) {
        (Some(o), Some(n)) => format!("{o} → {n}"),
        (None, Some(n)) => n,
        (Some(o), None) => format!("{o} → ?"),
        (None, None) => "—".to_owned(),
    }
}

/// The row of one timeline event, times in the zone `tz_offset_minutes` east of UTC.
pub fn timeline_row(e: &TimelineEvent, tz_offset_minutes: i32) -> TimelineRow {
    let v = |s: Option<&String>| s.map(|s| format!("v{s}"));
    let f = |x: Option<f64>| x.map(format_metric);
    let (outcome, class, versions, f1) = match &e.kind {
        EventKind::Service { update, .. } => {
            let why = |default: &str| update.reason.clone().unwrap_or_else(|| default.to_owned());
            let (outcome, class) = match &update.outcome {
                Outcome::Applied => ("applied".to_owned(), "applied"),
                Outcome::Skipped => (format!("skipped: {}", why("no reason given")), "skipped"),
                Outcome::Failed => (format!("failed: {}", why("no error given")), "failed"),
                other => (other.as_str().to_owned(), "other"),
            };
            (
                outcome,
                class,
                change(
                    v(update.from_version.as_ref()),
                    v(update.to_version.as_ref()),
                ),
                change(f(update.f1_old), f(update.f1_new)),
            )
        }
        EventKind::Promotion { entry, pending } => (
            if *pending {
                "promoted (pending)".to_owned()
            } else {
                "promoted".to_owned()
            },
            if *pending { "pending" } else { "promoted" },
            change(v(entry.from.as_ref()), v(Some(&entry.version))),
            change(f(entry.from_f1), f(entry.f1)),
        ),
    };
    TimelineRow {
        when: e.at.map_or("—".to_owned(), |at| {
            format_datetime(at, tz_offset_minutes)
        }),
        model: e.model.clone(),
        outcome,
        class,
        versions,
        f1,
        sentence: e.sentence(tz_offset_minutes),
    }
}

/// The header's alerts badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertBadge {
    /// `3 alerts`, `1 alert`.
    pub text: String,
    /// For screen readers: `3 alerts in serving, 1 critical`. It starts with the visible text, so a voice-control
    /// user who says what they see ("click 3 alerts") reaches it (WCAG 2.5.3, label in name).
    pub label: String,
    /// Whether any alert is critical (the badge's colour).
    pub critical: bool,
}

/// The badge for a list of alerts; None without alerts (the badge is hidden).
pub fn alert_badge(alerts: &[Alert]) -> Option<AlertBadge> {
    let (critical, warning) = alert_counts(alerts);
    let total = critical + warning;
    if total == 0 {
        return None;
    }
    let noun = if total == 1 { "alert" } else { "alerts" };
    let detail = match (critical, warning) {
        (0, _) => "none critical".to_owned(),
        (1, 0) => "critical".to_owned(),
        (_, 0) => "all critical".to_owned(),
        (c, _) => format!("{c} critical"),
    };
    Some(AlertBadge {
        text: format!("{total} {noun}"),
        label: format!("{total} {noun} in serving, {detail}"),
        critical: critical > 0,
    })
}

/// What the serving overview shows after one poll.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    /// One card per served model, in order of first appearance.
    pub cards: Vec<CardView>,
    /// The served F1 over time of each card's model, in the cards' order.
    pub served_f1: Vec<ServedF1History>,
    /// Every alert, critical first.
    pub alerts: Vec<Alert>,
    /// The update history, newest first.
    pub timeline: Arc<Vec<TimelineEvent>>,
    /// The model keys the history can be filtered by.
    pub models: Vec<String>,
    /// `Stats unreachable since 10:03:12: …`, one per failing stats URL.
    pub unreachable: Vec<String>,
    /// Set when no stats URL has ever answered with a document: the first failure, for the error view.
    pub error: Option<StatsFetchError>,
    /// The newest good answer, milliseconds since the epoch.
    pub updated_at: Option<i64>,
    /// The metric the service compares versions by.
    pub metric: String,
    /// Why the registry could not be read, when it could not (the registry columns show the last known).
    pub registry_error: Option<String>,
}

/// Joins the latest state of every stats URL with the registry: records the poll in `live` (samples and
/// rates) and `watch` (version mismatches), then works out cards, alerts, the history and the served F1.
pub fn overview(
    instances: &[InstanceState],
    registry: &BTreeMap<String, ModelState>,
    live: &mut LiveState,
    watch: &mut MismatchWatch,
    now: i64,
    config: &Config,
    tz_offset_minutes: i32,
) -> Overview {
    let snapshots: Vec<Snapshot> = instances.iter().filter_map(|i| i.last.clone()).collect();
    let stale: HashSet<&str> = instances
        .iter()
        .filter(|i| i.error.is_some())
        .map(|i| i.url.as_str())
        .collect();
    let views = registry_views(&snapshots, registry, watch, now);
    let aggregates = live.record(&snapshots);
    let promotions: Vec<_> = registry
        .values()
        .flat_map(|s| history(&s.versions))
        .collect();
    let timeline = live.timeline.timeline(&snapshots, &promotions);
    let cards: Vec<CardView> = aggregates
        .iter()
        .map(|agg| {
            card_view(
                agg,
                &snapshots,
                &views,
                &stale,
                config,
                live.samples(&agg.key),
            )
        })
        .collect();
    let mut models: Vec<String> = cards.iter().map(|c| c.key.clone()).collect();
    for e in timeline.iter() {
        if !models.contains(&e.model) {
            models.push(e.model.clone());
        }
    }
    let several = instances.len() > 1;
    Overview {
        served_f1: cards
            .iter()
            .map(|c| served_f1_history(&snapshots, &c.key))
            .collect(),
        alerts: alerts(&snapshots, &views, now, config),
        unreachable: instances
            .iter()
            .filter_map(|i| i.unreachable_sentence(several, tz_offset_minutes))
            .collect(),
        error: snapshots
            .is_empty()
            .then(|| instances.iter().find_map(|i| i.error.clone()))
            .flatten(),
        updated_at: snapshots.iter().map(|s| s.fetched_at).max(),
        metric: snapshots
            .iter()
            .find_map(|s| s.doc.policy.metric.clone())
            .unwrap_or_else(|| config.f1_metric.clone()),
        registry_error: None,
        cards,
        timeline,
        models,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiError, ModelVersion, RegisteredModel, RegisteredModelAlias};
    use crate::serving::Severity;
    use crate::serving::*;

    #[test]
    fn history_shown_is_read_defensively_and_left_out_at_first() {
        for n in [HISTORY_ROWS, 150, 75, MAX_HISTORY_ROWS] {
            assert_eq!(parse_history_shown(&history_shown_value(n)), n);
        }
        assert_eq!(history_shown_value(HISTORY_ROWS), "");
        for raw in [
            "",
            "0",
            "49",
            "-50",
            "1e3",
            "100001",
            "99999999999999999999999",
            "<b>",
        ] {
            assert_eq!(parse_history_shown(raw), HISTORY_ROWS, "{raw:?}");
        }
    }

    const DOC: &str = r#"{
      "schema": "pulse.inference-stats/v1",
      "generated_at": "2026-01-29T10:00:00Z",
      "service": {"name": "svc", "instance": "worker-1", "started_at": "2026-01-29T08:00:00Z"},
      "policy": {"metric": "eval_f1", "poll_seconds": 60, "alias": "champion"},
      "models": [{
        "key": "text", "registered_model": "text_classification_model", "version": "8", "f1": 0.72,
        "threshold": 0.75, "status": "ready",
        "window": {"seconds": 300, "requests": 1500, "rps": 5.0, "error_rate": 0.004,
                   "latency_ms": {"p50": 12, "p95": 41, "p99": 88.26}},
        "predictions": {"safe": 1400, "unsafe": 100}
      }],
      "updates": [{"at": "2026-01-29T09:41:00Z", "model": "text", "registered_model": "text_classification_model",
                   "from_version": "7", "to_version": "8", "f1_old": 0.7, "f1_new": 0.72, "outcome": "applied"},
                  {"at": "2026-01-29T09:50:00Z", "model": "text", "to_version": "9", "f1_new": 0.6,
                   "outcome": "skipped", "reason": "below threshold"}]
    }"#;

    fn doc(instance: &str, version: &str) -> StatsDoc {
        let body = DOC
            .replace("worker-1", instance)
            .replace(r#""version": "8""#, &format!(r#""version": "{version}""#));
        decode_stats(&body).expect("test document")
    }

    fn registry(champion: &str) -> BTreeMap<String, ModelState> {
        let model = RegisteredModel {
            name: "text_classification_model".into(),
            aliases: vec![RegisteredModelAlias {
                alias: "champion".into(),
                version: champion.into(),
            }],
            ..Default::default()
        };
        let versions = vec![ModelVersion {
            version: champion.into(),
            ..Default::default()
        }];
        let state = ModelState {
            model,
            versions,
            f1: Default::default(),
        };
        [("text_classification_model".to_owned(), state)]
            .into_iter()
            .collect()
    }

    #[test]
    fn reading_answers_checks_the_status_first() {
        assert!(read_stats(200, DOC).is_ok());
        let page = "<html><body>Not here</body></html>";
        assert!(matches!(
            read_stats(404, page),
            Err(StatsFetchError::Http(ApiError::NotJson { status: 404, .. }))
        ));
        assert_eq!(
            read_stats(500, ""),
            Err(StatsFetchError::Http(ApiError::Http { status: 500 }))
        );
        assert!(matches!(
            read_stats(200, page),
            Err(StatsFetchError::Stats(StatsError::NotJson { .. }))
        ));
        let v2 = read_stats(200, r#"{"schema":"pulse.inference-stats/v2"}"#).unwrap_err();
        assert_eq!(v2.title(), "Unsupported stats version");
        assert!(v2
            .to_string()
            .contains("reads only pulse.inference-stats/v1"));
        let down = StatsFetchError::Http(ApiError::Unreachable { url: "/s".into() });
        assert_eq!(down.title(), "Serving stats unreachable");
        assert!(down.to_string().contains("stats_url"), "{down}");
    }

    #[test]
    fn texts() {
        assert_eq!(updated_text(10_000, None), "waiting for the first answer");
        assert_eq!(updated_text(10_000, Some(9_500)), "updated just now");
        assert_eq!(updated_text(10_000, Some(12_000)), "updated just now");
        assert_eq!(updated_text(17_000, Some(2_000)), "updated 15 s ago");
        assert_eq!(updated_text(200_000, Some(2_000)), "updated 3m 18s ago");
        assert_eq!(format_clock(1_769_680_800_000 + 3_723_000, 0), "11:02:03");
        assert_eq!(format_clock(0, -60), "23:00:00");
        let figures = [
            (None, "—"),
            (Some(0.0), "0"),
            (Some(5.0), "5"),
            (Some(5.25), "5.25"),
            (Some(41.04), "41"),
            (Some(12.5), "12.5"),
            (Some(1234.6), "1235"),
            (Some(0.0042), "0.0042"),
            (Some(f64::NAN), "—"),
        ];
        for (v, want) in figures {
            assert_eq!(format_figure(v), want, "{v:?}");
        }
        assert_eq!(format_latency(Some(88.26)), "88.3 ms");
        assert_eq!(format_share(Some(0.004)), "0.4 %");
        assert_eq!(format_share(None), "—");
        assert_eq!(
            version_href("my model/x", "3"),
            "/models/my%20model%2Fx/versions/3"
        );
    }

    #[test]
    fn an_instance_keeps_its_last_document_while_it_fails() {
        let mut i = InstanceState::new("/stats");
        let down = || {
            StatsFetchError::Http(ApiError::Unreachable {
                url: "/stats".into(),
            })
        };
        i.observe(Err(down()), 1_000);
        assert_eq!((i.last.is_none(), i.label()), (true, "/stats"));
        i.observe(Ok(doc("worker-1", "8")), 2_000);
        assert_eq!(i.unreachable_sentence(false, 0), None);
        i.observe(Err(down()), 3_000);
        i.observe(Err(down()), 8_000);
        assert_eq!(i.last.as_ref().map(|s| s.fetched_at), Some(2_000));
        assert_eq!(i.failing_since, Some(3_000));
        let sentence = i.unreachable_sentence(true, 0).unwrap_or_default();
        assert!(
            sentence.starts_with("Stats of worker-1 unreachable since 00:00:03: Could not connect"),
            "{sentence}"
        );
    }

    #[test]
    fn badge() {
        let alert = |severity| Alert {
            kind: crate::serving::AlertKind::Stale,
            severity,
            model: None,
            instance: None,
            message: String::new(),
        };
        assert_eq!(alert_badge(&[]), None);
        let one = alert_badge(&[alert(Severity::Warning)]);
        assert_eq!(
            one.map(|b| (b.text, b.label, b.critical)),
            Some((
                "1 alert".into(),
                "1 alert in serving, none critical".into(),
                false
            ))
        );
        let mixed = alert_badge(&[alert(Severity::Critical), alert(Severity::Warning)]);
        assert_eq!(
            mixed.map(|b| (b.text, b.label, b.critical)),
            Some((
                "2 alerts".into(),
                "2 alerts in serving, 1 critical".into(),
                true
            ))
        );
    }

    #[test]
    fn overview_of_two_disagreeing_instances() {
        let mut a = InstanceState::new("/a");
        a.observe(Ok(doc("worker-1", "8")), 1_769_680_801_000);
        let mut b = InstanceState::new("/b");
        b.observe(Ok(doc("worker-2", "7")), 1_769_680_801_000);
        b.observe(
            Err(StatsFetchError::Http(ApiError::Http { status: 502 })),
            1_769_680_806_000,
        );
        let (mut live, mut watch) = (LiveState::default(), MismatchWatch::default());
        let o = overview(
            &[a, b],
            &registry("9"),
            &mut live,
            &mut watch,
            1_769_680_806_000,
            &Config::default(),
            0,
        );
        assert_eq!(o.cards.len(), 1);
        let card = &o.cards[0];
        assert_eq!(card.label, "text (text_classification_model)");
        assert!(card.stale, "worker-2 did not answer");
        assert_eq!(
            card.disagreement.as_deref(),
            Some("Instances disagree: worker-1 serves v8, worker-2 serves v7")
        );
        assert_eq!(
            card.mismatch.as_deref(),
            Some("Registry holds v9, service serves v8 and v7")
        );
        assert_eq!(
            card.registry,
            Some(("Registry @champion".into(), "v9".into()))
        );
        assert_eq!(
            card.served[0].href.as_deref(),
            Some("/models/text_classification_model/versions/8")
        );
        assert_eq!(card.f1.pass, Some(false));
        assert_eq!(card.figures[0], ("requests/s", "10".to_owned()));
        assert_eq!(card.figures[1], ("error rate", "0.4 %".to_owned()));
        assert_eq!(card.figures[4], ("p99", "88.3 ms".to_owned()));
        assert_eq!(card.mix[0].text, "safe 93.3 % (2800)");
        assert_eq!(card.mix[0].width, "93.3%");
        assert_eq!(card.samples.len(), 1);
        assert_eq!(o.unreachable.len(), 1);
        assert!(o.unreachable[0].starts_with("Stats of worker-2 unreachable since 10:00:06: "));
        assert_eq!(o.error, None);
        assert_eq!(o.updated_at, Some(1_769_680_801_000));
        assert!(!o.alerts.is_empty(), "below threshold at least");
        assert_eq!(o.models, ["text"]);
        let rows: Vec<TimelineRow> = o.timeline.iter().map(|e| timeline_row(e, 0)).collect();
        let outcomes: Vec<&str> = rows.iter().map(|r| r.outcome.as_str()).collect();
        assert!(
            outcomes.contains(&"skipped: below threshold"),
            "{outcomes:?}"
        );
        assert!(outcomes.contains(&"applied"), "{outcomes:?}");
        let applied = rows.iter().find(|r| r.class == "applied");
        assert_eq!(
            applied.map(|r| (r.versions.as_str(), r.f1.as_str())),
            Some(("v7 → v8", "0.7 → 0.72"))
        );
    }

    #[test]
    fn nothing_answered_yet_is_an_error_for_the_page() {
        let mut a = InstanceState::new("/a");
        a.observe(
            read_stats(200, r#"{"schema":"pulse.inference-stats/v2"}"#),
            5,
        );
        let o = overview(
            &[a],
            &BTreeMap::new(),
            &mut LiveState::default(),
            &mut MismatchWatch::default(),
            10,
            &Config::default(),
            0,
        );
        assert!(matches!(
            o.error,
            Some(StatsFetchError::Stats(
                StatsError::UnsupportedVersion { .. }
            ))
        ));
        assert_eq!(o.unreachable.len(), 1);
        assert!(o.cards.is_empty());
    }
}
