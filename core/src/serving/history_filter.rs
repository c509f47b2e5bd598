//! The update history's filters (by model, by outcome), kept in the page's URL.

use super::contract::Outcome;
use super::timeline::{EventKind, TimelineEvent};
use super::view::HISTORY_SHOWN_KEY;

/// Which events a timeline shows by outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeFilter {
    /// The service applied the version.
    Applied,
    /// The service skipped it.
    Skipped,
    /// The service failed to apply it.
    Failed,
    /// A registry promotion the service has not acted on yet.
    Pending,
}

impl OutcomeFilter {
    /// Every choice, in the order a select lists them.
    pub const ALL: [OutcomeFilter; 4] = [
        OutcomeFilter::Applied,
        OutcomeFilter::Skipped,
        OutcomeFilter::Failed,
        OutcomeFilter::Pending,
    ];

    /// Reads a URL value; anything else is None (no filter).
    pub fn parse(raw: &str) -> Option<OutcomeFilter> {
        OutcomeFilter::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(raw.trim()))
    }

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeFilter::Applied => "applied",
            OutcomeFilter::Skipped => "skipped",
            OutcomeFilter::Failed => "failed",
            OutcomeFilter::Pending => "pending",
        }
    }

    fn matches(self, e: &TimelineEvent) -> bool {
        match (self, e.outcome()) {
            (OutcomeFilter::Pending, _) => {
                matches!(e.kind, EventKind::Promotion { pending: true, .. })
            }
            (OutcomeFilter::Applied, Some(Outcome::Applied))
            | (OutcomeFilter::Skipped, Some(Outcome::Skipped))
            | (OutcomeFilter::Failed, Some(Outcome::Failed)) => true,
            _ => false,
        }
    }
}

/// The timeline's filter, kept in the URL as `?model=text&outcome=skipped`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    /// A model's key or registered model name; None shows every model.
    pub model: Option<String>,
    /// One outcome; None shows every event.
    pub outcome: Option<OutcomeFilter>,
}

impl TimelineFilter {
    /// From the URL's query values (as a router hands them over); blank and unknown values are no filter.
    pub fn from_params(model: Option<&str>, outcome: Option<&str>) -> TimelineFilter {
        TimelineFilter {
            model: model
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned),
            outcome: outcome.and_then(OutcomeFilter::parse),
        }
    }

    /// Reads a query string such as `?model=text&outcome=skipped` (percent-encoded, `+` for spaces);
    /// other parameters are ignored.
    pub fn parse(query: &str) -> TimelineFilter {
        let (mut model, mut outcome) = (None, None);
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "model" => model = Some(decode(v)),
                "outcome" => outcome = Some(decode(v)),
                _ => {}
            }
        }
        TimelineFilter::from_params(model.as_deref(), outcome.as_deref())
    }

    /// The URL's query pairs (`model=text&outcome=skipped`); an empty value is no filter, left out of the URL.
    /// A new filter starts over at the newest rows: the count of rows shown is left out too.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("model", self.model.clone().unwrap_or_default()),
            (
                "outcome",
                self.outcome.map_or("", OutcomeFilter::as_str).to_owned(),
            ),
            (HISTORY_SHOWN_KEY, String::new()),
        ]
    }

    /// Whether an event passes.
    pub fn matches(&self, e: &TimelineEvent) -> bool {
        let model_ok = self
            .model
            .as_deref()
            .is_none_or(|m| e.model == m || e.registered_model.as_deref() == Some(m));
        model_ok && self.outcome.is_none_or(|o| o.matches(e))
    }

    /// The events that pass, in their order.
    pub fn apply<'a>(&self, events: &'a [TimelineEvent]) -> Vec<&'a TimelineEvent> {
        events.iter().filter(|e| self.matches(e)).collect()
    }
}

/// Percent-decoding of a query value; a broken escape is kept as written.
fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_url() {
        let cases: [(&str, Option<&str>, Option<OutcomeFilter>, &str); 7] = [
            ("", None, None, ""),
            (
                "?model=text&outcome=skipped",
                Some("text"),
                Some(OutcomeFilter::Skipped),
                "?model=text&outcome=skipped",
            ),
            (
                "outcome=PENDING",
                None,
                Some(OutcomeFilter::Pending),
                "?outcome=pending",
            ),
            (
                "?model=a%20b+c&x=1",
                Some("a b c"),
                None,
                "?model=a%20b%20c",
            ),
            ("?model=&outcome=maybe", None, None, ""),
            ("?model=%zz", Some("%zz"), None, "?model=%25zz"),
            ("?model=caf%C3%A9", Some("café"), None, "?model=caf%C3%A9"),
        ];
        let to_query = |f: &TimelineFilter| {
            let pairs = f.pairs();
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::url_state::with_query("", &pairs)
        };
        for (query, model, outcome, back) in cases {
            let f = TimelineFilter::parse(query);
            assert_eq!((f.model.as_deref(), f.outcome), (model, outcome), "{query}");
            assert_eq!(to_query(&f), back, "{query}");
            assert_eq!(TimelineFilter::parse(&to_query(&f)), f, "{query}");
        }
    }
}
