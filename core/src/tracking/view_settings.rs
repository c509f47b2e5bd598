//! The tracking pages' view settings as their URL keeps them, so a reload or a shared link shows the same view:
//! a metric history chart's (compare and run pages), the compare page's table and charts, and the runs table's
//! columns. Read defensively: a URL is user input. Defaults are written as empty values, which
//! [`crate::url_state::merge_query`] leaves out.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::chart::XKind;
use crate::tracking::runs_table::Column;

/// Most entries a list in the URL keeps.
const MAX_LISTED: usize = 500;
/// Marks an entry of a choices list as turned off (`~metric:loss`): unreserved in a URL, and never the first
/// character of an MLflow metric or param key.
const OFF: char = '~';

/// The most smoothing a URL keeps: what two decimals write and the slider shows (0.999 would be written "1.00",
/// which the next read refuses).
const MAX_SMOOTHING: f64 = 0.99;

/// A metric history chart's settings (`metric`, `x`, `smooth`, `log`).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSettings {
    /// The metric drawn.
    pub metric: String,
    /// What its x axis is.
    pub x_kind: XKind,
    /// EMA smoothing in [0, 0.99].
    pub smoothing: f64,
    /// Logarithmic y axis.
    pub log_y: bool,
}

impl TrendSettings {
    /// Settings from the query, `get` giving a key's value ("" when absent). `metric=` must name one of
    /// `metrics`, else the first of them is drawn, else `fallback_metric`; a smoothing outside [0, 1) is none, and above 0.99 is 0.99.
    pub fn from_query(
        get: &impl Fn(&str) -> String,
        metrics: &[String],
        fallback_metric: &str,
    ) -> TrendSettings {
        let asked = get("metric");
        let metric = if metrics.contains(&asked) {
            asked
        } else {
            metrics
                .first()
                .cloned()
                .unwrap_or_else(|| fallback_metric.to_owned())
        };
        TrendSettings {
            metric,
            x_kind: XKind::parse(&get("x")),
            smoothing: get("smooth")
                .parse::<f64>()
                .ok()
                .filter(|s| (0.0..1.0).contains(s))
                .map_or(0.0, |s| s.min(MAX_SMOOTHING)),
            log_y: get("log") == "1",
        }
    }

    /// The query pairs, defaults empty: the metric is the first of `metrics` unless the URL says otherwise.
    pub fn pairs(&self, metrics: &[String]) -> Vec<(&'static str, String)> {
        let metric = if metrics.first() == Some(&self.metric) {
            String::new()
        } else {
            self.metric.clone()
        };
        let smooth = if self.smoothing > 0.0 {
            format!("{:.2}", self.smoothing)
        } else {
            String::new()
        };
        let x = match self.x_kind {
            XKind::Step => "",
            other => other.as_str(),
        };
        vec![
            ("metric", metric),
            ("x", x.to_owned()),
            ("smooth", smooth),
            ("log", flag(self.log_y)),
        ]
    }
}

/// The compare page's settings beyond its history chart: the diff table's filter (`diff`), the metrics
/// whose better direction the user flipped (`flip`), the bar charts (`bars`), the parallel coordinates' axes
/// (`axes`), the scatter's axes (`sx`, `sy`), the runs the history chart's legend hides (`hide`) and the run
/// picked on a chart (`pick`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareChoices {
    /// The diff table shows only rows that differ.
    pub diff_only: bool,
    /// Metrics whose better direction is flipped.
    pub flipped: BTreeSet<String>,
    /// Bar charts turned on or off by the user, by metric; unlisted metrics keep [`bar_metrics`]' default.
    pub bars: HashMap<String, bool>,
    /// Parallel axes turned on or off by the user, by column id (as the runs table's columns).
    pub axes: HashMap<String, bool>,
    /// The scatter's x axis (a column id), when the user chose one.
    pub scatter_x: Option<String>,
    /// The scatter's y metric, when the user chose one.
    pub scatter_y: Option<String>,
    /// Runs hidden from the history chart by its legend, by run id.
    pub hidden: BTreeSet<String>,
    /// The run picked on a chart, by run id.
    pub picked: Option<String>,
}

impl CompareChoices {
    /// The choices from the query, `get` giving a key's value ("" when absent).
    pub fn from_query(get: &impl Fn(&str) -> String) -> CompareChoices {
        let chosen = |key: &str| Some(get(key)).filter(|v| !v.is_empty() && v.len() <= 1000);
        CompareChoices {
            diff_only: get("diff") == "1",
            flipped: parse_list(&get("flip")).collect(),
            bars: parse_choices(&get("bars")),
            axes: parse_choices(&get("axes")),
            scatter_x: chosen("sx"),
            scatter_y: chosen("sy"),
            hidden: parse_list(&get("hide")).collect(),
            picked: chosen("pick"),
        }
    }

    /// The query pairs, defaults empty.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let flipped: Vec<&str> = self.flipped.iter().map(String::as_str).collect();
        let hidden: Vec<&str> = self.hidden.iter().map(String::as_str).collect();
        vec![
            ("diff", flag(self.diff_only)),
            ("flip", flipped.join(",")),
            ("bars", join_choices(&self.bars)),
            ("axes", join_choices(&self.axes)),
            ("sx", self.scatter_x.clone().unwrap_or_default()),
            ("sy", self.scatter_y.clone().unwrap_or_default()),
            ("hide", hidden.join(",")),
            ("pick", self.picked.clone().unwrap_or_default()),
        ]
    }
}

/// The metrics with a bar chart, in `metrics`' order: the first (the F1 metric) unless turned off, and
/// those turned on.
pub fn bar_metrics(metrics: &[String], choices: &HashMap<String, bool>) -> Vec<String> {
    metrics
        .iter()
        .enumerate()
        .filter(|(i, m)| choices.get(*m).copied().unwrap_or(*i == 0))
        .map(|(_, m)| m.clone())
        .collect()
}

/// The scatter's x axis: the column `chosen` names, else the first column (`columns` has params first).
pub fn scatter_x(columns: &[Column], chosen: Option<&str>) -> Option<Column> {
    chosen
        .and_then(|id| columns.iter().find(|c| c.id() == id))
        .or(columns.first())
        .cloned()
}

/// The scatter's y metric: the one `chosen` names, else the first metric ("" when there is none).
pub fn scatter_y(metrics: &[String], chosen: Option<&str>) -> String {
    chosen
        .and_then(|m| metrics.iter().find(|k| *k == m))
        .or(metrics.first())
        .cloned()
        .unwrap_or_default()
}

/// The places in `runs` (the compared run ids, in column order) of the runs `chosen` names.
pub fn places_of(runs: &[String], chosen: &BTreeSet<String>) -> HashSet<usize> {
    runs.iter()
        .enumerate()
        .filter(|(_, id)| chosen.contains(*id))
        .map(|(i, _)| i)
        .collect()
}

/// The run ids at `places` in `runs`; places past its end are dropped.
pub fn ids_at(runs: &[String], places: &HashSet<usize>) -> BTreeSet<String> {
    places
        .iter()
        .filter_map(|i| runs.get(*i).cloned())
        .collect()
}

/// Columns or charts turned on (`metric:a`) and off (`~metric:b`), from a comma-separated list; the last
/// word on a key counts.
pub fn parse_choices(raw: &str) -> HashMap<String, bool> {
    parse_list(raw)
        .map(|item| match item.strip_prefix(OFF) {
            Some(key) => (key.to_owned(), false),
            None => (item, true),
        })
        .filter(|(key, _)| !key.is_empty())
        .collect()
}

/// The list [`parse_choices`] reads, in key order so that the same choices make the same URL.
pub fn join_choices(choices: &HashMap<String, bool>) -> String {
    let sorted: BTreeMap<&String, bool> = choices.iter().map(|(k, on)| (k, *on)).collect();
    let items: Vec<String> = sorted
        .into_iter()
        .map(|(k, on)| if on { k.clone() } else { format!("{OFF}{k}") })
        .collect();
    items.join(",")
}

/// The non-empty items of a comma-separated list, at most [`MAX_LISTED`] (MLflow keys have no commas).
fn parse_list(raw: &str) -> impl Iterator<Item = String> + '_ {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(MAX_LISTED)
        .map(str::to_owned)
}

fn flag(on: bool) -> String {
    if on { "1" } else { "" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(query: &[(&str, &str)]) -> impl Fn(&str) -> String {
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        move |key| {
            query
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }
    }

    fn written(pairs: Vec<(&'static str, String)>) -> String {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::url_state::with_query("/compare", &pairs)
    }

    #[test]
    fn trend_settings_table() {
        let metrics = vec!["eval_f1".to_owned(), "loss".to_owned()];
        for (query, url) in [
            (vec![], "/compare"),
            (vec![("metric", "eval_f1")], "/compare"),
            (
                vec![("metric", "loss"), ("x", "wall")],
                "/compare?metric=loss&x=wall",
            ),
            (vec![("metric", "nope"), ("x", "junk")], "/compare"),
            (
                vec![("smooth", "0.5"), ("log", "1")],
                "/compare?smooth=0.50&log=1",
            ),
            (vec![("smooth", "1.0")], "/compare"),
            (vec![("smooth", "0.999")], "/compare?smooth=0.99"),
            (vec![("smooth", "-0.1"), ("log", "yes")], "/compare"),
            (vec![("smooth", "NaN")], "/compare"),
            (vec![("x", "relative")], "/compare?x=relative"),
        ] {
            let read = TrendSettings::from_query(&reader(&query), &metrics, "f1");
            assert_eq!(written(read.pairs(&metrics)), url, "{query:?}");
        }
        let none = TrendSettings::from_query(&reader(&[]), &[], "f1");
        assert_eq!(none.metric, "f1");
    }

    #[test]
    fn compare_choices_round_trip() {
        let choices = CompareChoices {
            diff_only: true,
            flipped: ["loss".to_owned(), "eval_f1".to_owned()].into(),
            bars: [("eval_f1".to_owned(), false), ("loss".to_owned(), true)].into(),
            axes: [
                ("param:lr".to_owned(), true),
                ("metric:loss".to_owned(), false),
            ]
            .into(),
            scatter_x: Some("param:lr".to_owned()),
            scatter_y: Some("loss".to_owned()),
            hidden: ["r2".to_owned(), "r1".to_owned()].into(),
            picked: Some("r3".to_owned()),
        };
        let url = written(choices.pairs());
        assert_eq!(
            url,
            "/compare?diff=1&flip=eval_f1,loss&bars=~eval_f1,loss&axes=~metric:loss,param:lr&sx=param:lr&sy=loss&hide=r1,r2&pick=r3"
        );
        let query: Vec<(String, String)> = url
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(CompareChoices::from_query(&reader(&pairs)), choices);
        assert_eq!(written(CompareChoices::default().pairs()), "/compare");
    }

    #[test]
    fn choices_are_read_defensively() {
        let read = parse_choices(" metric:a ,,~,~param:b,metric:a,~metric:a");
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!(read.get("metric:a"), Some(&false), "the last word counts");
        assert_eq!(read.get("param:b"), Some(&false));
        let many = vec!["m"; 5000].join(",");
        assert_eq!(parse_list(&many).count(), MAX_LISTED);
        let long = "x".repeat(2000);
        assert_eq!(
            CompareChoices::from_query(&reader(&[("sx", &long)])).scatter_x,
            None
        );
    }

    #[test]
    fn scatter_axes_fall_back_to_the_first() {
        let columns = [Column::Param("lr".into()), Column::Metric("loss".into())];
        assert_eq!(
            scatter_x(&columns, Some("metric:loss")),
            Some(columns[1].clone())
        );
        assert_eq!(
            scatter_x(&columns, Some("metric:gone")),
            Some(columns[0].clone())
        );
        assert_eq!(scatter_x(&[], Some("metric:loss")), None);
        let metrics = ["eval_f1".to_owned(), "loss".to_owned()];
        assert_eq!(scatter_y(&metrics, Some("loss")), "loss");
        assert_eq!(scatter_y(&metrics, Some("gone")), "eval_f1");
        assert_eq!(scatter_y(&[], None), "");
    }

    #[test]
    fn runs_by_id_and_by_place() {
        let runs = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let chosen: BTreeSet<String> = ["c".to_owned(), "gone".to_owned(), "a".to_owned()].into();
        let places = places_of(&runs, &chosen);
        assert_eq!(places, HashSet::from([0, 2]));
        assert_eq!(
            ids_at(&runs, &places),
            BTreeSet::from(["a".to_owned(), "c".to_owned()])
        );
        assert!(ids_at(&runs, &HashSet::from([7])).is_empty());
    }

    #[test]
    fn the_first_metric_has_a_bar_chart_unless_turned_off() {
        let metrics = vec!["eval_f1".to_owned(), "loss".to_owned(), "acc".to_owned()];
        assert_eq!(bar_metrics(&metrics, &HashMap::new()), ["eval_f1"]);
        let choices = parse_choices("acc,~eval_f1,gone");
        assert_eq!(bar_metrics(&metrics, &choices), ["acc"]);
        assert_eq!(
            bar_metrics(&metrics, &parse_choices("loss")),
            ["eval_f1", "loss"]
        );
    }
}
