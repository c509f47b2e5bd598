//! A `runs/search` answer read a few runs at a time. The experiment page's timeline asks for a thousand runs, about
//! 1.5 MB of JSON: decoded at once, that holds the browser's main thread for one long task. Read in parts, each part
//! can have a task of its own.
//!
//! Only the answer's structure is read ahead, up to where its `runs` array begins. Each value (a run, a member's
//! name, a member skipped) is read by serde_json, which says where it stopped; bare `NaN`/`Infinity` tokens are
//! quoted first when they stop it, as [`decode_response`](super::decode_response) does.

use std::borrow::Cow;

use serde::de::{DeserializeOwned, IgnoredAny};

use super::decode::{error_for, quote_bare_non_finite, undecodable};
use super::{ApiError, Run};

/// The runs of a `runs/search` answer, read in parts with [`RunsReader::next_part`], and its page token.
#[derive(Debug)]
pub struct RunsReader {
    status: u16,
    text: String,
    /// Where the next run starts (just after `[` or `,`); `None` once every run is read.
    at: Option<usize>,
    /// `next_page_token`, wherever it stands in the answer: read by the time every run is.
    token: Option<String>,
}

impl RunsReader {
    /// An answer checked as far as where its runs begin: a non-2xx status is MLflow's error, as for any answer; a
    /// body that is not a JSON object (an HTML error page, a truncated one) is an error now rather than mid-way.
    pub fn new(status: u16, body: &str) -> Result<RunsReader, ApiError> {
        if !(200..300).contains(&status) {
            return Err(error_for(status, body));
        }
        let mut reader = RunsReader {
            status,
            text: body.to_owned(),
            at: None,
            token: None,
        };
        let i = reader.skip_ws(0);
        if reader.byte(i) != Some(b'{') {
            return Err(reader.fail("the answer is not a JSON object"));
        }
        reader.at = reader.members(i + 1, false)?;
        Ok(reader)
    }

    /// Whether every run has been read.
    pub fn done(&self) -> bool {
        self.at.is_none()
    }

    /// The answer's `next_page_token` (blank counts as none), once every run is read.
    pub fn next_page_token(&self) -> Option<&str> {
        self.token.as_deref().filter(|t| !t.is_empty())
    }

    /// The next runs, at most `n` (at least one while any is left).
    pub fn next_part(&mut self, n: usize) -> Result<Vec<Run>, ApiError> {
        let mut runs = Vec::new();
        while let Some(start) = self.at {
            if runs.len() >= n.max(1) {
                break;
            }
            let (run, end) = self.value_at::<Run>(start)?;
            runs.push(run);
            let after = self.skip_ws(end);
            self.at = match self.byte(after) {
                Some(b',') => Some(after + 1),
                Some(b']') => self.members(after + 1, true)?,
                _ => return Err(self.fail("expected `,` or `]` after a run")),
            };
        }
        Ok(runs)
    }

    fn fail(&self, detail: &str) -> ApiError {
        undecodable(self.status, &self.text, detail.to_owned())
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.text.as_bytes().get(i).copied()
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.byte(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        i
    }

    /// The JSON value starting at or after `i`, and where it ends. When serde_json cannot read it, bare `NaN` and
    /// `Infinity` tokens from there on are quoted (the rest of the text is rewritten once) and it is read again.
    fn value_at<T: DeserializeOwned>(&mut self, i: usize) -> Result<(T, usize), ApiError> {
        match one_value(&self.text[i..]) {
            Ok((value, len)) => Ok((value, i + len)),
            Err(first) => {
                let Cow::Owned(quoted) = quote_bare_non_finite(&self.text[i..]) else {
                    return Err(self.fail(&first));
                };
                self.text.truncate(i);
                self.text.push_str(&quoted);
                let (value, len) = one_value(&self.text[i..]).map_err(|e| self.fail(&e))?;
                Ok((value, i + len))
            }
        }
    }

    /// Reads the object's members from `i` (after its `{`, or `after_value` of a member) and returns where the first
    /// run starts, `None` when the object ends with no runs left. Other members are skipped whole, and
    /// `next_page_token` is kept.
    fn members(&mut self, mut i: usize, mut after_value: bool) -> Result<Option<usize>, ApiError> {
        loop {
            i = self.skip_ws(i);
            if after_value {
                match self.byte(i) {
                    Some(b',') => i = self.skip_ws(i + 1),
                    Some(b'}') => return Ok(None),
                    _ => return Err(self.fail("expected `,` or `}` between members")),
                }
            } else if self.byte(i) == Some(b'}') {
                return Ok(None);
            }
            if self.byte(i) != Some(b'"') {
                return Err(self.fail("expected a member name"));
            }
            let (name, name_end) = self.value_at::<String>(i)?;
            let colon = self.skip_ws(name_end);
            if self.byte(colon) != Some(b':') {
                return Err(self.fail(&format!("expected `:` after \"{name}\"")));
            }
            let value = self.skip_ws(colon + 1);
            after_value = true;
            i = match name.as_str() {
                // The runs are not read ahead: they are read one by one.
                "runs" if self.byte(value) == Some(b'[') => {
                    let first = self.skip_ws(value + 1);
                    if self.byte(first) != Some(b']') {
                        return Ok(Some(first));
                    }
                    first + 1
                }
                "runs" => self.value_at::<Option<Vec<IgnoredAny>>>(value)?.1,
                "next_page_token" => {
                    let (token, end) = self.value_at::<Option<String>>(value)?;
                    self.token = token;
                    end
                }
                _ => self.value_at::<IgnoredAny>(value)?.1,
            };
        }
    }
}

/// The first JSON value of `text` and the length it took, or serde_json's complaint.
fn one_value<T: DeserializeOwned>(text: &str) -> Result<(T, usize), String> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<T>();
    match values.next() {
        Some(Ok(value)) => Ok((value, values.byte_offset())),
        Some(Err(e)) => Err(e.to_string()),
        None => Err("the answer is cut short".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{decode_response, fixture, SearchRunsResponse};

    /// Every run, read `n` at a time.
    fn read_all(body: &str, n: usize) -> Result<Vec<Run>, ApiError> {
        read_page(body, n).map(|(runs, _)| runs)
    }

    /// Every run, read `n` at a time, and the page token.
    fn read_page(body: &str, n: usize) -> Result<(Vec<Run>, Option<String>), ApiError> {
        let mut reader = RunsReader::new(200, body)?;
        let mut runs = Vec::new();
        while !reader.done() {
            let part = reader.next_part(n)?;
            assert!(!part.is_empty() && part.len() <= n.max(1));
            runs.extend(part);
        }
        Ok((runs, reader.next_page_token().map(str::to_owned)))
    }

    #[test]
    fn reads_a_recorded_answer_as_the_whole_answer_decodes() {
        for name in [
            "runs_search_page1.json",
            "runs_search_nan_order.json",
            "runs_search_children_of_parent.json",
        ] {
            let body = fixture(name);
            let whole: SearchRunsResponse = decode_response(200, &body).unwrap();
            assert!(whole.runs.len() > 1, "{name}");
            for n in [1, 2, 3, 1_000] {
                let (runs, token) = read_page(&body, n).unwrap();
                // As text: a NaN metric is not equal to itself.
                assert_eq!(
                    format!("{runs:?}"),
                    format!("{:?}", whole.runs),
                    "{name}, {n} at a time"
                );
                assert_eq!(token, whole.next_page_token, "{name}");
            }
        }
    }

    #[test]
    fn brackets_braces_and_quotes_inside_strings_do_not_end_a_run() {
        let body = r#" { "next_page_token" : "a]}\"[{" ,
            "runs" : [ {"info": {"run_id": "r1", "run_name": "x]},\"{[ <b>y</b>", "start_time": 5}},
                       {"info": {"run_id": "r2"}, "data": {"metrics": [{"key": "f1", "value": "NaN"}],
                        "tags": [{"key": "note", "value": "\\\" ] }"}]}} ] } "#;
        let runs = read_all(body, 1).unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].info.run_name, r#"x]},"{[ <b>y</b>"#);
        assert_eq!(runs[0].info.start_time, Some(5));
        assert!(runs[1].metric("f1").unwrap().is_nan());
        assert_eq!(runs[1].tag("note"), Some(r#"\" ] }"#));
    }

    #[test]
    fn members_before_the_runs_are_skipped_whatever_they_hold() {
        let body = r#"{"a": [1, {"b": "]"}], "n": -1.5e3, "t": true, "z": null, "runs": [{"info": {"run_id": "r"}}]}"#;
        let runs = read_all(body, 10).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].info.run_id, "r");
    }

    #[test]
    fn the_page_token_is_read_before_or_after_the_runs() {
        let run = r#"{"info": {"run_id": "r"}}"#;
        for (body, token) in [
            (
                format!(r#"{{"next_page_token": "t1", "runs": [{run}, {run}]}}"#),
                Some("t1"),
            ),
            (
                format!(r#"{{"runs": [{run}, {run}], "next_page_token": "t2"}}"#),
                Some("t2"),
            ),
            (
                format!(r#"{{"runs": [{run}, {run}] , "x": [], "next_page_token" : "t\"3" }}"#),
                Some("t\"3"),
            ),
            (
                format!(r#"{{"runs": [{run}, {run}], "next_page_token": ""}}"#),
                None,
            ),
            (
                format!(r#"{{"runs": [{run}, {run}], "next_page_token": null}}"#),
                None,
            ),
            (format!(r#"{{"runs": [{run}, {run}]}}"#), None),
            (
                r#"{"runs": [], "next_page_token": "t4"}"#.to_owned(),
                Some("t4"),
            ),
        ] {
            let (runs, read) = read_page(&body, 1).unwrap();
            assert_eq!(read.as_deref(), token, "{body}");
            assert_eq!(
                runs.len(),
                if token == Some("t4") { 0 } else { 2 },
                "{body}"
            );
        }
    }

    #[test]
    fn no_runs_is_done_at_once() {
        for body in [
            "{}",
            " { } ",
            r#"{"next_page_token": "x"}"#,
            r#"{"runs": []}"#,
            r#"{"runs": null}"#,
        ] {
            let reader = RunsReader::new(200, body).unwrap();
            assert!(reader.done(), "{body}");
        }
    }

    #[test]
    fn bad_bodies_are_clear_errors_not_panics() {
        let html = RunsReader::new(200, "<html><body>Bad gateway</body></html>").unwrap_err();
        assert!(
            matches!(html, ApiError::NotJson { status: 200, .. }),
            "{html:?}"
        );
        for body in [
            "",
            "[]",
            r#"{"runs": 5}"#,
            r#"{"runs" [1]}"#,
            r#"{"a": 1 "runs": []}"#,
            r#"{"runs": [{"info": {"run_id": "r"}} {"info": {}}]}"#,
            r#"{"runs": [{"info": {"run_id": "r"}}, {"info": {"run_id"#,
            r#"{"runs": [{"info": "not an object"}]}"#,
            r#"{"runs": [{"info": {}}] "next_page_token": "t"}"#,
            r#"{"runs": [{"info": {}}], "next_page_token": 5}"#,
            r#"{"runs": [{"info": {}}], "next_page_token": "t""#,
        ] {
            let read = read_all(body, 1);
            assert!(
                matches!(read, Err(ApiError::Decode { .. })),
                "{body}: {read:?}"
            );
        }
    }

    #[test]
    fn an_error_status_is_mlflows_error() {
        let body = fixture("error_runs_search_bad_filter.json");
        let read = RunsReader::new(400, &body).unwrap_err();
        let whole = decode_response::<SearchRunsResponse>(400, &body).unwrap_err();
        assert_eq!(read, whole);
    }
}
