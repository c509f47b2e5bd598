//! A `runs/search` answer read a few runs at a time. The experiment page's timeline asks for a thousand runs, about
//! 1.5 MB of JSON: decoded at once, that holds the browser's main thread for one long task. Read in parts, each part
//! can have a task of its own.
//!
//! Only the answer's structure is scanned ahead, up to where its `runs` array begins; each run is decoded as
//! [`decode_response`](super::decode_response) decodes it, with the same leniency.

use super::decode::{error_for, parse_json, undecodable};
use super::{ApiError, Run};

/// The runs of a `runs/search` answer, read in parts with [`RunsReader::next_part`].
#[derive(Debug)]
pub struct RunsReader {
    status: u16,
    text: String,
    /// Where the next run starts (just after `[` or `,`); `None` once the array is read.
    at: Option<usize>,
}

impl RunsReader {
    /// An answer checked as far as where its runs begin: a non-2xx status is MLflow's error, as for any answer; a
    /// body that is not a JSON object (an HTML error page, a truncated one) is an error now rather than mid-way.
    pub fn new(status: u16, body: &str) -> Result<RunsReader, ApiError> {
        if !(200..300).contains(&status) {
            return Err(error_for(status, body));
        }
        let at = runs_start(body.as_bytes()).map_err(|detail| undecodable(status, body, detail))?;
        Ok(RunsReader {
            status,
            text: body.to_owned(),
            at,
        })
    }

    /// Whether every run has been read.
    pub fn done(&self) -> bool {
        self.at.is_none()
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

    /// The run starting at `start`, and where the one after it starts (`None` after the last).
    fn run_at(&self, start: usize) -> Result<(Run, Option<usize>), ApiError> {
        let fail = |detail: &str| undecodable(self.status, &self.text, detail.to_owned());
        let bytes = self.text.as_bytes();
        let begin = skip_ws(bytes, start);
        // serde_json reads one run and says where it stopped; only a run it cannot read (bare `NaN` tokens, or a
        // broken one) is scanned for its end, and read again as `decode_response` would.
        let mut stream = serde_json::Deserializer::from_str(&self.text[begin..]).into_iter::<Run>();
        let (run, end) = match stream.next() {
            Some(Ok(run)) => (run, begin + stream.byte_offset()),
            _ => {
                let end = value_end(bytes, begin).ok_or_else(|| fail("a run is cut short"))?;
                let run = parse_json::<Run>(&self.text[begin..end]).map_err(|e| fail(&e))?;
                (run, end)
            }
        };
        let after = skip_ws(bytes, end);
        match bytes.get(after) {
            Some(b',') => Ok((run, Some(after + 1))),
            Some(b']') => Ok((run, None)),
            _ => Err(fail("expected `,` or `]` after a run")),
        }
    }
}

/// Where the first run of the top-level object's `runs` array starts, `None` when there are none (no `runs`, or
/// `null`, or `[]`). Other members are skipped whole.
fn runs_start(bytes: &[u8]) -> Result<Option<usize>, String> {
    let mut i = skip_ws(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return Err("the answer is not a JSON object".to_owned());
    }
    i = skip_ws(bytes, i + 1);
    if bytes.get(i) == Some(&b'}') {
        return Ok(None);
    }
    loop {
        let key_end = value_end(bytes, i).filter(|_| bytes.get(i) == Some(&b'"'));
        let key_end = key_end.ok_or("expected a member name")?;
        let key: String = serde_json::from_slice(&bytes[i..key_end]).map_err(|e| e.to_string())?;
        i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return Err(format!("expected `:` after \"{key}\""));
        }
        i = skip_ws(bytes, i + 1);
        if key == "runs" {
            return runs_array(bytes, i);
        }
        i = value_end(bytes, i).ok_or_else(|| format!("\"{key}\" is cut short"))?;
        i = skip_ws(bytes, i);
        match bytes.get(i) {
            Some(b',') => i = skip_ws(bytes, i + 1),
            Some(b'}') => return Ok(None),
            _ => return Err("expected `,` or `}` between members".to_owned()),
        }
    }
}

/// The first run of the `runs` value starting at `i`.
fn runs_array(bytes: &[u8], i: usize) -> Result<Option<usize>, String> {
    if bytes[i..].starts_with(b"null") {
        return Ok(None);
    }
    if bytes.get(i) != Some(&b'[') {
        return Err("\"runs\" is not an array".to_owned());
    }
    let first = skip_ws(bytes, i + 1);
    Ok((bytes.get(first) != Some(&b']')).then_some(first))
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
        let mut reader = RunsReader::new(200, body)?;
        let mut runs = Vec::new();
        while !reader.done() {
            let part = reader.next_part(n)?;
            assert!(!part.is_empty() && part.len() <= n.max(1));
            runs.extend(part);
        }
        Ok(runs)
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
                // As text: a NaN metric is not equal to itself.
                assert_eq!(
                    format!("{:?}", read_all(&body, n).unwrap()),
                    format!("{:?}", whole.runs),
                    "{name}, {n} at a time"
                );
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
