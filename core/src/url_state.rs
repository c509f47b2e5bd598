//! Values the pages keep in their URL, read defensively: a URL is user input.

use std::collections::HashSet;

/// Most run ids a URL selection keeps.
pub const MAX_SELECTED: usize = 1000;

/// Reads a comma-separated run selection, dropping anything that is not a plausible run id and duplicates.
pub fn parse_run_ids(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in raw.split(',').map(str::trim) {
        let plausible = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if plausible && !out.iter().any(|o| o == id) && out.len() < MAX_SELECTED {
            out.push(id.to_owned());
        }
    }
    out
}

/// Writes a selection for the URL.
pub fn join_run_ids(ids: &[String]) -> String {
    ids.join(",")
}

/// Writes a set of runs (folded parents) for the URL, sorted so one set has one address.
pub fn join_run_set(ids: &HashSet<String>) -> String {
    let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.join(",")
}

/// Reads a set of runs from the URL, defensively as [`parse_run_ids`] does.
pub fn parse_run_set(raw: &str) -> HashSet<String> {
    parse_run_ids(raw).into_iter().collect()
}

/// Adds or removes one run from a selection, keeping the order of selection.
pub fn toggle_run(ids: &[String], id: &str) -> Vec<String> {
    if ids.iter().any(|i| i == id) {
        ids.iter().filter(|i| *i != id).cloned().collect()
    } else {
        let mut out = ids.to_vec();
        out.push(id.to_owned());
        out
    }
}

/// Whether an experiment id from a URL looks like one MLflow would issue.
pub fn valid_experiment_id(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= 64
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Most experiments one combined view shows side by side.
pub const MAX_COMPARED_EXPERIMENTS: usize = 20;
/// Why an experiment cannot be ticked once [`MAX_COMPARED_EXPERIMENTS`] are.
pub const PICK_LIMIT_NOTE: &str = "At most 20 experiments side by side: untick one first.";

/// Whether experiment `id` can be ticked (or unticked) beside the `picked` ones: not a 21st.
pub fn can_pick(picked: &[String], id: &str) -> bool {
    !pick_limit_reached(picked) || picked.iter().any(|p| p == id)
}

/// Whether no more experiments can be ticked, which the page then says ([`PICK_LIMIT_NOTE`]).
pub fn pick_limit_reached(picked: &[String]) -> bool {
    picked.len() >= MAX_COMPARED_EXPERIMENTS
}

/// Reads a comma-separated experiment selection (`?ids=1,2,3`): plausible ids only, no duplicates, in the
/// order given, at most [`MAX_COMPARED_EXPERIMENTS`].
pub fn parse_experiment_ids(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in raw.split(',').map(str::trim) {
        if valid_experiment_id(id)
            && !out.iter().any(|o| o == id)
            && out.len() < MAX_COMPARED_EXPERIMENTS
        {
            out.push(id.to_owned());
        }
    }
    out
}

/// `path?…` with the current query's pairs kept in their order, `updates` replacing (or, when new,
/// appending) their keys, and empty values left out: how a page changes one part of its URL state.
pub fn merge_query<'a>(
    path: &str,
    current: impl IntoIterator<Item = (&'a str, &'a str)>,
    updates: &[(&str, &str)],
) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (k, v) in current {
        if !pairs.iter().any(|(seen, _)| *seen == k) {
            let v = updates.iter().find(|(u, _)| *u == k).map_or(v, |(_, u)| *u);
            pairs.push((k, v));
        }
    }
    for (k, v) in updates {
        if !pairs.iter().any(|(seen, _)| seen == k) {
            pairs.push((k, v));
        }
    }
    with_query(path, &pairs)
}

/// `path?k=v&...` with values percent-encoded and empty values left out.
pub fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    let pairs: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if pairs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// Percent-encodes a query value: all but unreserved characters, the comma and the colon (kept readable in
/// selections and sorts; both are allowed in a query).
fn encode(v: &str) -> String {
    percent_encode(v, b"-_.~,:")
}

/// Percent-encodes one path segment (a model name, a version), keeping only unreserved characters.
pub fn encode_path_segment(v: &str) -> String {
    percent_encode(v, b"-_.~")
}

fn percent_encode(v: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A theme a host page asks for (`?theme=light|dark`), e.g. Streamlit's, which an iframe cannot see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostTheme {
    /// `?theme=light`.
    Light,
    /// `?theme=dark`.
    Dark,
}

/// How the page was asked to show itself, from the query of the URL it was opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Presentation {
    /// `?embed=1` (or `true`): inside another page's iframe: no header, compact, read-only by default, and links
    /// that leave the view open in a new tab (a sandboxed iframe may not navigate the top page).
    pub embedded: bool,
    /// `?theme=light|dark`: follow the host page rather than the user's pick or the OS; kept by the frame across
    /// its reloads (src/embed.rs), never remembered as the user's pick.
    pub theme: Option<HostTheme>,
}

/// Reads `embed` and `theme` from a query string (`?embed=1&theme=dark`, with or without the `?`). Anything
/// else, or another value, is ignored: a URL is user input.
pub fn parse_presentation(query: &str) -> Presentation {
    let mut out = Presentation::default();
    for pair in query.trim_start_matches('?').split('&') {
        match pair.split_once('=').unwrap_or((pair, "")) {
            ("embed", "1" | "true") => out.embedded = true,
            ("theme", "light") => out.theme = Some(HostTheme::Light),
            ("theme", "dark") => out.theme = Some(HostTheme::Dark),
            _ => {}
        }
    }
    out
}

impl Presentation {
    /// The query that asks for this presentation (`embed=1&theme=dark`), which [`parse_presentation`] reads back;
    /// empty for the default.
    pub fn to_query(self) -> String {
        let theme = match self.theme {
            Some(HostTheme::Light) => "light",
            Some(HostTheme::Dark) => "dark",
            None => "",
        };
        with_query(
            "",
            &[
                ("embed", if self.embedded { "1" } else { "" }),
                ("theme", theme),
            ],
        )
        .trim_start_matches('?')
        .to_owned()
    }
}

/// An on/off setting a page keeps in its URL (an open or closed section): `key=1` or `key=0`, and nothing when
/// it is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlFlag {
    /// The query key.
    pub key: &'static str,
    /// The value when the URL does not say.
    pub default: bool,
}

/// The F1 timeline of an experiment or of experiments side by side: open unless the URL says `timeline=0`.
pub const TIMELINE_OPEN: UrlFlag = UrlFlag {
    key: "timeline",
    default: true,
};

/// A run's system tags: closed unless the URL says `systags=1`.
pub const SYSTEM_TAGS_OPEN: UrlFlag = UrlFlag {
    key: "systags",
    default: false,
};

/// The compare page's diff table: rounded values unless the URL says `exact=1` (every digit MLflow has).
pub const EXACT_VALUES: UrlFlag = UrlFlag {
    key: "exact",
    default: false,
};

impl UrlFlag {
    /// The setting from the URL's value of its key ("" when absent): `1` or `0`, anything else the default.
    pub fn read(self, raw: &str) -> bool {
        match raw {
            "1" => true,
            "0" => false,
            _ => self.default,
        }
    }

    /// The URL's value for `on`: "" (left out of the URL) for the default.
    pub fn write(self, on: bool) -> &'static str {
        match on {
            v if v == self.default => "",
            true => "1",
            false => "0",
        }
    }
}

/// Whether a click on a link to `target_path` leaves the view at `current_path`, so that an embedded Pulse
/// opens it in a new tab. Only the path counts: a changed query (a sort, a filter) stays in the view.
pub fn leaves_view(current_path: &str, target_path: &str) -> bool {
    current_path.trim_end_matches('/') != target_path.trim_end_matches('/')
}

/// The router's base from the path of the document's base URL (`/pulse/` → `/pulse`, `/` → ``), so one build
/// serves Pulse at any path: nginx writes the path into `<base href>`.
pub fn router_base(base_path: &str) -> String {
    let trimmed = base_path.trim_end_matches('/');
    if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        String::new()
    }
}

/// The app's route for a browser path (`/pulse/serving` → `/serving`), the inverse of [`under_base`]: what
/// the router's navigate takes, since it adds the base itself.
pub fn route_of(base: &str, pathname: &str) -> String {
    match pathname.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        Some("") => "/".to_owned(),
        _ => pathname.to_owned(),
    }
}

/// An app path under the router's base (`/pulse` + `/models` → `/pulse/models`; the root for `/`).
pub fn under_base(base: &str, path: &str) -> String {
    if path == "/" && !base.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_experiments_at_most() {
        let picked: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        assert!(can_pick(&picked[..19], "99"));
        assert!(!can_pick(&picked, "99"));
        assert!(
            can_pick(&picked, "7"),
            "a ticked one can always be unticked"
        );
        assert!(PICK_LIMIT_NOTE.contains(&MAX_COMPARED_EXPERIMENTS.to_string()));
        assert!(!pick_limit_reached(&picked[..19]) && pick_limit_reached(&picked));
    }

    #[test]
    fn presentation_table() {
        let dark = Some(HostTheme::Dark);
        let cases = [
            ("", false, None),
            ("?embed=1", true, None),
            ("embed=true&theme=dark", true, dark),
            (
                "?runs=a,b&embed=1&theme=light",
                true,
                Some(HostTheme::Light),
            ),
            ("?embed=0&theme=purple", false, None),
            ("?embed&theme", false, None),
            ("?xembed=1&theme=dark&theme=nonsense", false, dark),
        ];
        for (query, embedded, theme) in cases {
            let p = Presentation { embedded, theme };
            assert_eq!(parse_presentation(query), p, "{query}");
            assert_eq!(parse_presentation(&p.to_query()), p, "{query}");
        }
        assert_eq!(
            parse_presentation("embed=true&theme=dark").to_query(),
            "embed=1&theme=dark"
        );
        assert_eq!(Presentation::default().to_query(), "");
    }

    #[test]
    fn flags_read_defensively_and_leave_defaults_out() {
        for flag in [TIMELINE_OPEN, SYSTEM_TAGS_OPEN, EXACT_VALUES] {
            for on in [true, false] {
                assert_eq!(flag.read(flag.write(on)), on, "{flag:?} {on}");
            }
            assert_eq!(flag.write(flag.default), "");
            for raw in ["", "true", "yes", "2", " 1", "<b>"] {
                assert_eq!(flag.read(raw), flag.default, "{flag:?} {raw:?}");
            }
        }
        assert_eq!(TIMELINE_OPEN.write(false), "0");
        assert_eq!(SYSTEM_TAGS_OPEN.write(true), "1");
    }

    #[test]
    fn run_sets_have_one_address() {
        let set: HashSet<String> = ["b2", "a1", "c3"].map(str::to_owned).into();
        assert_eq!(join_run_set(&set), "a1,b2,c3");
        assert_eq!(parse_run_set("c3,a1,b2,a1,<x>"), set);
        assert_eq!(join_run_set(&HashSet::new()), "");
        assert!(parse_run_set("").is_empty());
    }

    #[test]
    fn leaving_the_view() {
        assert!(!leaves_view("/pulse/models/m", "/pulse/models/m/"));
        assert!(leaves_view("/pulse/models/m", "/pulse/models/m/versions/3"));
        assert!(leaves_view("/serving", "/experiments/1"));
    }

    #[test]
    fn paths_under_the_base() {
        assert_eq!(under_base("", "/models"), "/models");
        assert_eq!(under_base("/pulse", "/models"), "/pulse/models");
        assert_eq!(under_base("/pulse", "/"), "/pulse/");
        assert_eq!(under_base("", "/"), "/");
    }

    #[test]
    fn routes_of_browser_paths() {
        assert_eq!(route_of("/pulse", "/pulse/serving"), "/serving");
        assert_eq!(route_of("/pulse", "/pulse"), "/");
        assert_eq!(route_of("/pulse", "/pulsefoo"), "/pulsefoo");
        assert_eq!(route_of("", "/serving"), "/serving");
    }

    #[test]
    fn router_bases() {
        for (path, base) in [
            ("/", ""),
            ("/pulse/", "/pulse"),
            ("/a/b", "/a/b"),
            ("", ""),
            ("x/", ""),
        ] {
            assert_eq!(router_base(path), base, "{path}");
        }
    }

    #[test]
    fn parse_table() {
        let long = "x".repeat(65);
        let cases: [(&str, &[&str]); 6] = [
            ("", &[]),
            ("a1,b2", &["a1", "b2"]),
            (" a1 , a1 ,b2,", &["a1", "b2"]),
            ("a1,<script>,b2", &["a1", "b2"]),
            ("../x,abc", &["abc"]),
            (long.as_str(), &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_run_ids(raw), want, "{raw}");
        }
    }

    #[test]
    fn toggle_and_join() {
        let ids = toggle_run(&[], "a");
        let ids = toggle_run(&ids, "b");
        assert_eq!(join_run_ids(&ids), "a,b");
        assert_eq!(join_run_ids(&toggle_run(&ids, "a")), "b");
    }

    #[test]
    fn query_strings() {
        assert_eq!(with_query("/x", &[("a", ""), ("b", "")]), "/x");
        assert_eq!(
            with_query("/experiments/1", &[("filter", "metrics.eval_f1 > 0.8 and params.b = '32'"), ("runs", "a,b")]),
            "/experiments/1?filter=metrics.eval_f1%20%3E%200.8%20and%20params.b%20%3D%20%2732%27&runs=a,b"
        );
        assert_eq!(with_query("/", &[("q", "é&")]), "/?q=%C3%A9%26");
    }

    #[test]
    fn experiment_selection() {
        let many: Vec<String> = (0..30).map(|i| i.to_string()).collect();
        let cases: [(&str, usize, &[&str]); 6] = [
            ("", 0, &[]),
            ("1,2,3", 3, &["1", "2", "3"]),
            (" 3 , 1,3,", 2, &["3", "1"]),
            ("1,../2,<b>,4", 2, &["1", "4"]),
            ("compare", 1, &["compare"]),
            (&many.join(","), MAX_COMPARED_EXPERIMENTS, &["0", "1"]),
        ];
        for (raw, len, first) in cases {
            let ids = parse_experiment_ids(raw);
            assert_eq!(ids.len(), len, "{raw}");
            assert_eq!(&ids[..first.len()], first, "{raw}");
        }
    }

    #[test]
    fn merged_queries() {
        let current = [("ids", "1,2"), ("filter", "x"), ("runs", "a"), ("ids", "9")];
        assert_eq!(
            merge_query(
                "/experiments/compare",
                current,
                &[("filter", "y = 'z'"), ("sort", "-start_time")]
            ),
            "/experiments/compare?ids=1,2&filter=y%20%3D%20%27z%27&runs=a&sort=-start_time"
        );
        assert_eq!(
            merge_query("/e", current, &[("runs", ""), ("ids", "")]),
            "/e?filter=x"
        );
        assert_eq!(merge_query("/e", [], &[]), "/e");
    }

    #[test]
    fn experiment_ids() {
        assert!(valid_experiment_id("123"));
        assert!(!valid_experiment_id(""));
        assert!(!valid_experiment_id("1/../2"));
    }
}
