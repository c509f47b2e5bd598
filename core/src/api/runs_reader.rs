//! A `runs/search` answer read a few runs at a time. The experiment page's timeline asks for a thousand runs, about
//! 1.5 MB of JSON: decoded at once, that holds the browser's main thread for one long task. Read in parts, each part
//! can have a task of its own.
//!
//! Only the answer's structure is scanned ahead, up to where its `runs` array begins; each run is decoded as
//! [`decode_response`](super::decode_response) decodes it, with the same leniency.

use super::decode::{error_for, parse_json, undecodable};
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
        let bytes = reader.text.as_bytes();
        let i = skip_ws(bytes, 0);
        if bytes.get(i) != Some(&b'{') {
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
            let (run, next) = self.run_at(start)?;
            runs.push(run);
            self.at = next;
        }
        Ok(runs)
    }

    fn fail(&self, detail: &str) -> ApiError {
        undecodable(self.status, &self.text, detail.to_owned())
    }

    /// The run starting at `start`, and where the one after it starts (`None` after the last, once the members
    /// after the runs are read too).
    fn run_at(&mut self, start: usize) -> Result<(Run, Option<usize>), ApiError> {
        let bytes = self.text.as_bytes();
        let begin = skip_ws(bytes, start);
        // serde_json reads one run and says where it stopped; only a run it cannot read (bare `NaN` tokens, or a
        // broken one) is scanned for its end, and read again as `decode_response` would.
        let mut stream = serde_json::Deserializer::from_str(&self.text[begin..]).into_iter::<Run>();
        let (run, end) = match stream.next() {
            Some(Ok(run)) => (run, begin + stream.byte_offset()),
            _ => {
                let end = value_end(bytes, begin).ok_or_else(|| self.fail("a run is cut short"))?;
                let run = parse_json::<Run>(&self.text[begin..end]).map_err(|e| self.fail(&e))?;
                (run, end)
            }
        };
        let after = skip_ws(bytes, end);
        match bytes.get(after) {
            Some(b',') => Ok((run, Some(after + 1))),
            Some(b']') => Ok((run, self.members(after + 1, true)?)),
            _ => Err(self.fail("expected `,` or `]` after a run")),
        }
    }

    /// Reads the object's members from `i` (after its `{`, or `after_value` of a member) and returns where the first
    /// run starts, `None` when the object ends with no runs left. Other members are skipped whole, and
    /// `next_page_token` is kept.
    fn members(&mut self, mut i: usize, mut after_value: bool) -> Result<Option<usize>, ApiError> {
        let bytes = self.text.as_bytes();
        loop {
            i = skip_ws(bytes, i);
            if after_value {
                match bytes.get(i) {
                    Some(b',') => i = skip_ws(bytes, i + 1),
                    Some(b'}') => return Ok(None),
                    _ => return Err(self.fail("expected `,` or `}` between members")),
                }
            } else if bytes.get(i) == Some(&b'}') {
                return Ok(None);
            }
            let name_end = value_end(bytes, i).filter(|_| bytes.get(i) == Some(&b'"'));
            let name_end = name_end.ok_or_else(|| self.fail("expected a member name"))?;
            let name: String = serde_json::from_slice(&bytes[i..name_end])
                .map_err(|e| self.fail(&e.to_string()))?;
            let colon = skip_ws(bytes, name_end);
            if bytes.get(colon) != Some(&b':') {
                return Err(self.fail(&format!("expected `:` after \"{name}\"")));
            }
            let value = skip_ws(bytes, colon + 1);
            after_value = true;
            // The runs are not scanned ahead: they are read one by one.
            if name == "runs" && bytes.get(value) == Some(&b'[') {
                let first = skip_ws(bytes, value + 1);
                if bytes.get(first) != Some(&b']') {
                    return Ok(Some(first));
                }
                i = first + 1;
                continue;
            }
            let end = value_end(bytes, value)
                .ok_or_else(|| self.fail(&format!("\"{name}\" is cut short")))?;
            match name.as_str() {
                "runs" if &bytes[value..end] != b"null" => {
                    return Err(self.fail("\"runs\" is not an array"))
                }
                "next_page_token" => {
                    self.token = serde_json::from_slice(&bytes[value..end])
                        .map_err(|e| self.fail(&format!("next_page_token: {e}")))?;
                }
                _ => {}
            }
            i = end;
        }
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The end (exclusive) of the JSON value starting at `i`: after its closing quote, brace or bracket, or, for a
/// number or literal, where a `,`, `}`, `]` or blank follows. `None` when the text ends first.
fn value_end(bytes: &[u8], i: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (k, &c) in bytes.iter().enumerate().skip(i) {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') if depth == 0 => return Some(k + 1),
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(k),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            b',' if depth == 0 => return Some(k),
            c if depth == 0 && c.is_ascii_whitespace() => return Some(k),
            _ => {}
        }
    }
    (depth == 0 && !in_string && i < bytes.len()).then_some(bytes.len())
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
