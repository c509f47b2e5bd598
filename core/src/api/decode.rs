use std::borrow::Cow;

use serde::de::DeserializeOwned;

use super::error::{ApiError, MlflowErrorBody};

/// How much of a non-JSON body the error view shows.
const SNIPPET_CHARS: usize = 120;

/// Turns an HTTP status and body into the expected type or the right [`ApiError`].
///
/// The status is checked before the body is decoded, so an error page never masquerades as data.
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        return parse_json(body).map_err(|detail| undecodable(status, body, detail));
    }
    Err(error_for(status, body))
}

/// The error for a 2xx answer that cannot be decoded: an HTML page (a proxy's or a login's) or any other text that
/// is not a JSON object or array (a service's "starting…") says what it is.
pub(super) fn undecodable(status: u16, body: &str, detail: String) -> ApiError {
    let first = body.trim_start().as_bytes().first();
    if looks_like_html(body) || first.is_some_and(|c| !matches!(c, b'{' | b'[')) {
        ApiError::NotJson {
            status,
            snippet: snippet(body),
        }
    } else {
        ApiError::Decode { detail }
    }
}

/// The error for a non-2xx answer: MLflow's JSON body when there is one, else what the status says.
pub(super) fn error_for(status: u16, body: &str) -> ApiError {
    let mlflow: Option<MlflowErrorBody> = serde_json::from_str(body).ok();
    match (status, mlflow) {
        (401, _) => ApiError::LoginRequired,
        (403, body) => ApiError::Forbidden {
            message: body.map(|b| b.message).filter(|m| !m.is_empty()),
        },
        (404, Some(b)) => ApiError::NotFound { message: b.message },
        (502..=504, None) => ApiError::Upstream { status },
        (_, Some(b)) => ApiError::Mlflow {
            status,
            code: b.error_code,
            message: b.message,
        },
        (_, None) if looks_like_html(body) => ApiError::NotJson {
            status,
            snippet: snippet(body),
        },
        (_, None) => ApiError::Http { status },
    }
}

/// Checks the status of an endpoint that answers plain text (`/health`, `/version`) and returns the text.
pub fn decode_text(status: u16, body: &str) -> Result<String, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_for(status, body));
    }
    if looks_like_html(body) {
        return Err(ApiError::NotJson {
            status,
            snippet: snippet(body),
        });
    }
    Ok(body.trim().to_owned())
}

/// Parses JSON, first as is and then with bare `NaN`/`Infinity` tokens quoted (MLflow's ajax endpoints
/// write them unquoted, which is not JSON).
fn parse_json<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    match serde_json::from_str(body) {
        Ok(v) => Ok(v),
        Err(first) => match quote_bare_non_finite(body) {
            Cow::Owned(fixed) => serde_json::from_str(&fixed).map_err(|e| e.to_string()),
            Cow::Borrowed(_) => Err(first.to_string()),
        },
    }
}

/// Wraps `NaN`, `Infinity` and `-Infinity` outside strings in quotes; borrows when there are none.
pub(super) fn quote_bare_non_finite(body: &str) -> Cow<'_, str> {
    const TOKENS: [&str; 3] = ["-Infinity", "Infinity", "NaN"];
    let bytes = body.as_bytes();
    let mut out = String::new();
    let (mut in_string, mut escaped, mut copied, mut i) = (false, false, 0, 0);
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if let Some(tok) = TOKENS.iter().find(|t| bytes[i..].starts_with(t.as_bytes())) {
            // Compared as bytes: `i` may fall inside a character of a body that is not JSON (text, a
            // Python dict) and slicing the `str` there would panic. A token is ASCII, so the slices below
            // start and end on character boundaries.
            out.push_str(&body[copied..i]);
            out.push('"');
            out.push_str(tok);
            out.push('"');
            i += tok.len();
            copied = i;
            continue;
        }
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(body);
    }
    out.push_str(&body[copied..]);
    Cow::Owned(out)
}

fn looks_like_html(body: &str) -> bool {
    body.trim_start().starts_with('<')
}

fn snippet(body: &str) -> String {
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_bare_tokens() {
        let body = r#"{"a":NaN,"b":"NaN","c":[Infinity,-Infinity],"d":"x\"NaN"}"#;
        assert_eq!(
            quote_bare_non_finite(body),
            r#"{"a":"NaN","b":"NaN","c":["Infinity","-Infinity"],"d":"x\"NaN"}"#
        );
        assert!(matches!(quote_bare_non_finite("{}"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_body_that_is_not_json_with_characters_outside_strings_is_an_error_not_a_panic() {
        for (body, text) in [
            ("Dienst wird gestartet…", true),
            ("{'reason': 'F1 < 0.75 — below', 'f1': NaN}", false),
            ("{\u{a0}\"a\": NaN}", false),
            ("é NaN ü Infinity", true),
        ] {
            // Text is shown as what it says; a broken object as what the decoder says.
            match decode_response::<serde_json::Value>(200, body) {
                Err(ApiError::NotJson { snippet, .. }) if text => assert_eq!(snippet, body),
                Err(ApiError::Decode { .. }) if !text => {}
                other => panic!("{body}: {other:?}"),
            }
        }
        assert_eq!(quote_bare_non_finite("é NaN"), "é \"NaN\"");
    }

    #[test]
    fn snippet_is_short_and_single_line() {
        let long = format!("<html>\n<body>{}</body>", "x".repeat(500));
        let s = snippet(&long);
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert!(!s.contains('\n'));
    }

    #[test]
    fn text_endpoints() {
        assert_eq!(decode_text(200, "OK\n"), Ok("OK".to_owned()));
        assert_eq!(
            decode_text(503, ""),
            Err(ApiError::Upstream { status: 503 })
        );
        assert_eq!(decode_text(500, ""), Err(ApiError::Http { status: 500 }));
        assert!(matches!(
            decode_text(200, "<html>login</html>"),
            Err(ApiError::NotJson { .. })
        ));
    }
}
