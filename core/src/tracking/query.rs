//! Request bodies for the search endpoints, and the server-side sort the runs table asks for.

use serde::Serialize;

/// Runs on the first `runs/search` page: small, so the first row renders as soon as it can (MLflow's time for a
/// page grows with its runs: on the bench's 2,000-run experiment, on an idle server, about 46 ms and 107 KB of
/// JSON for 70 runs against 60 ms and 153 KB for 100, medians of 7), yet more than a window shows plus the rows
/// below it at which the next page is fetched by itself ([`crate::tracking::runs_table::PREFETCH_ROWS`]): a
/// smaller first page would fetch the second at once. A phone showing a table wider than itself zooms out to
/// about 1,300 px of height, 45 rows with those rendered below them.
pub const RUNS_PAGE_SIZE: u32 = 70;
/// Runs on each later page: large, so 50,000 runs take 50 requests rather than 500 (MLflow allows 50,000).
pub const RUNS_NEXT_PAGE_SIZE: u32 = 1_000;
/// Experiments per `experiments/search` page.
pub const EXPERIMENTS_PAGE_SIZE: u32 = 100;

/// Body of `POST experiments/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchExperimentsRequest {
    /// Required by MLflow: 0 or absent is a 400.
    pub max_results: u32,
    /// MLflow filter syntax, e.g. `name LIKE 'tiktok%'`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Newest first.
    pub order_by: Vec<String>,
    /// `ACTIVE_ONLY` or `ALL`.
    pub view_type: &'static str,
    /// Continues a previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

impl SearchExperimentsRequest {
    /// A page of experiments matching `filter` (blank for all), optionally with deleted ones.
    pub fn new(filter: &str, show_deleted: bool, page_token: Option<String>) -> Self {
        SearchExperimentsRequest {
            max_results: EXPERIMENTS_PAGE_SIZE,
            filter: non_blank(filter),
            order_by: vec!["last_update_time DESC".to_owned()],
            view_type: if show_deleted { "ALL" } else { "ACTIVE_ONLY" },
            page_token,
        }
    }
}

/// Body of `POST runs/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchRunsRequest {
    /// The experiments to search.
    pub experiment_ids: Vec<String>,
    /// MLflow run filter syntax.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Server-side ordering; MLflow breaks ties by start time and run id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_by: Vec<String>,
    /// Page size.
    pub max_results: u32,
    /// Only active runs.
    pub run_view_type: &'static str,
    /// Continues a previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

impl SearchRunsRequest {
    /// A page of an experiment's runs: a small first page, larger ones after it.
    pub fn new(
        experiment_id: &str,
        filter: &str,
        sort: Option<&Sort>,
        page_token: Option<String>,
    ) -> Self {
        Self::across(&[experiment_id.to_owned()], filter, sort, page_token)
    }

    /// A page of the runs of several experiments at once (one table over all of them), paged like
    /// [`SearchRunsRequest::new`].
    pub fn across(
        experiment_ids: &[String],
        filter: &str,
        sort: Option<&Sort>,
        page_token: Option<String>,
    ) -> Self {
        SearchRunsRequest {
            experiment_ids: experiment_ids.to_vec(),
            filter: non_blank(filter),
            order_by: sort.map(Sort::order_by).into_iter().collect(),
            max_results: if page_token.is_some() {
                RUNS_NEXT_PAGE_SIZE
            } else {
                RUNS_PAGE_SIZE
            },
            run_view_type: "ACTIVE_ONLY",
            page_token,
        }
    }
}

/// Versions of one model per `model-versions/search` page.
pub const MODEL_VERSIONS_LIMIT: u32 = 1000;
/// Registered models per `registered-models/search` page (MLflow's maximum).
pub const MODELS_PAGE_SIZE: u32 = 1000;

/// A filter-syntax string literal: single-quoted, with backslash escapes for quotes and backslashes.
pub fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The `model-versions/search` filter for every version of one model.
pub fn versions_of(model: &str) -> String {
    format!("name={}", quote_literal(model))
}

/// The `registered-models/search` filter for a name search box: a substring match, or none when blank.
pub fn models_matching(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| format!("name ILIKE {}", quote_literal(&format!("%{t}%"))))
}

fn non_blank(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A column the server can sort runs by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SortField {
    /// `attributes.start_time`.
    StartTime,
    /// `attributes.run_name`.
    RunName,
    /// `attributes.status`.
    Status,
    /// `attributes.user_id`.
    User,
    /// The latest value of a metric.
    Metric(String),
    /// A param (compared as a string by MLflow).
    Param(String),
}

/// A server-side sort: a field and a direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sort {
    /// What to sort by.
    pub field: SortField,
    /// Largest or newest first.
    pub descending: bool,
}

impl Sort {
    /// The `order_by` entry MLflow expects, with metric and param names in backticks so any name works.
    pub fn order_by(&self) -> String {
        let field = match &self.field {
            SortField::StartTime => "attributes.start_time".to_owned(),
            SortField::RunName => "attributes.run_name".to_owned(),
            SortField::Status => "attributes.status".to_owned(),
            SortField::User => "attributes.user_id".to_owned(),
            SortField::Metric(k) => format!("metrics.`{k}`"),
            SortField::Param(k) => format!("params.`{k}`"),
        };
        format!("{field} {}", if self.descending { "DESC" } else { "ASC" })
    }

    /// The compact form kept in the page URL: `-metric:eval_f1` sorts descending.
    pub fn to_url(&self) -> String {
        let field = match &self.field {
            SortField::StartTime => "start_time".to_owned(),
            SortField::RunName => "run_name".to_owned(),
            SortField::Status => "status".to_owned(),
            SortField::User => "user".to_owned(),
            SortField::Metric(k) => format!("metric:{k}"),
            SortField::Param(k) => format!("param:{k}"),
        };
        format!("{}{field}", if self.descending { "-" } else { "" })
    }

    /// Reads [`Sort::to_url`]'s form; anything else is `None` (the server's default order).
    pub fn from_url(raw: &str) -> Option<Sort> {
        let (descending, rest) = match raw.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let field = match rest {
            "start_time" => SortField::StartTime,
            "run_name" => SortField::RunName,
            "status" => SortField::Status,
            "user" => SortField::User,
            _ => match rest.split_once(':') {
                Some(("metric", k)) if valid_key(k) => SortField::Metric(k.to_owned()),
                Some(("param", k)) if valid_key(k) => SortField::Param(k.to_owned()),
                _ => return None,
            },
        };
        Some(Sort { field, descending })
    }

    /// The sort after clicking a column header: a new column starts descending, the same one flips.
    pub fn toggled(current: Option<&Sort>, field: SortField) -> Sort {
        match current {
            Some(s) if s.field == field => Sort {
                field,
                descending: !s.descending,
            },
            _ => Sort {
                field,
                descending: true,
            },
        }
    }
}

/// A key MLflow can take in backticks.
fn valid_key(k: &str) -> bool {
    !k.is_empty() && !k.contains('`')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::runs_table::wants_next_page;
    use serde_json::json;

    #[test]
    fn a_first_page_outlasts_a_window_and_the_prefetch_distance() {
        // A 1080p screen's runs table shows about 25 rows, and renders 5 more below them; a phone zoomed out
        // to a wide table, about 45 in all.
        let first = RUNS_PAGE_SIZE as usize;
        for rendered in [30, 45] {
            assert!(
                !wants_next_page(rendered, first),
                "with {rendered} rows rendered the second page would be fetched at once"
            );
        }
    }

    #[test]
    fn experiments_body() {
        let body = serde_json::to_value(SearchExperimentsRequest::new(
            " name LIKE 'tiktok%' ",
            false,
            None,
        ))
        .unwrap();
        assert_eq!(
            body,
            json!({"max_results":100,"filter":"name LIKE 'tiktok%'","order_by":["last_update_time DESC"],"view_type":"ACTIVE_ONLY"})
        );
        let body =
            serde_json::to_value(SearchExperimentsRequest::new("", true, Some("tok".into())))
                .unwrap();
        assert_eq!(
            body,
            json!({"max_results":100,"order_by":["last_update_time DESC"],"view_type":"ALL","page_token":"tok"})
        );
    }

    #[test]
    fn runs_body_with_filter_sort_and_page() {
        let sort = Sort {
            field: SortField::Metric("eval f1".into()),
            descending: true,
        };
        let req = SearchRunsRequest::new(
            "7",
            "metrics.eval_f1 > 0.8",
            Some(&sort),
            Some("abc".into()),
        );
        assert_eq!(
            serde_json::to_value(req).unwrap(),
            json!({"experiment_ids":["7"],"filter":"metrics.eval_f1 > 0.8","order_by":["metrics.`eval f1` DESC"],
                   "max_results":1000,"run_view_type":"ACTIVE_ONLY","page_token":"abc"})
        );
        let req = SearchRunsRequest::new("7", "  ", None, None);
        assert_eq!(
            serde_json::to_value(req).unwrap(),
            json!({"experiment_ids":["7"],"max_results":70,"run_view_type":"ACTIVE_ONLY"})
        );
    }

    #[test]
    fn sort_round_trips_through_url() {
        let fields = [
            SortField::StartTime,
            SortField::RunName,
            SortField::Status,
            SortField::User,
            SortField::Metric("eval_f1".into()),
            SortField::Param("batch size".into()),
        ];
        for field in fields {
            for descending in [true, false] {
                let s = Sort {
                    field: field.clone(),
                    descending,
                };
                assert_eq!(Sort::from_url(&s.to_url()), Some(s));
            }
        }
        for bad in ["", "-", "metric:", "bogus", "param:a`b", "-metric"] {
            assert_eq!(Sort::from_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn registry_filters() {
        assert_eq!(
            versions_of("text_classification_model"),
            "name='text_classification_model'"
        );
        assert_eq!(versions_of("it's"), "name='it\\'s'");
        assert_eq!(models_matching("  "), None);
        assert_eq!(
            models_matching(" text "),
            Some("name ILIKE '%text%'".to_owned())
        );
    }

    #[test]
    fn order_by_strings() {
        let s = |field, descending| Sort { field, descending }.order_by();
        assert_eq!(s(SortField::StartTime, true), "attributes.start_time DESC");
        assert_eq!(s(SortField::Param("lr".into()), false), "params.`lr` ASC");
    }

    #[test]
    fn toggling() {
        let f1 = SortField::Metric("eval_f1".into());
        let first = Sort::toggled(None, f1.clone());
        assert!(first.descending);
        let second = Sort::toggled(Some(&first), f1.clone());
        assert!(!second.descending);
        let other = Sort::toggled(Some(&second), SortField::RunName);
        assert_eq!(
            other,
            Sort {
                field: SortField::RunName,
                descending: true
            }
        );
    }
}
