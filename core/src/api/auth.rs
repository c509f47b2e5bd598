//! Signing in to an MLflow that runs `--app-name basic-auth` (or sits behind a proxy asking for HTTP Basic):
//! the `Authorization` value for a username and password, and which URLs may carry it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A username and the `Authorization` header value that proves it. The header value encodes the password
/// (base64, not encryption), so it is kept only in memory and in the tab's sessionStorage, never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// Who signed in, for the header's "Signed in as".
    pub username: String,
    /// `Basic <base64(username:password)>`.
    pub authorization: String,
}

/// Why a username and password cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsError {
    /// The username is empty.
    NoUsername,
    /// HTTP Basic cannot carry a colon in the username (RFC 7617): it separates the two parts.
    ColonInUsername,
    /// The password is empty.
    NoPassword,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialsError::NoUsername => "Enter your MLflow username.",
            CredentialsError::ColonInUsername => "A username cannot contain a colon (:).",
            CredentialsError::NoPassword => "Enter your password.",
        })
    }
}

impl std::error::Error for CredentialsError {}

impl Credentials {
    /// HTTP Basic credentials (RFC 7617, UTF-8) for `username` and `password`. The username is trimmed; the
    /// password is taken exactly as typed.
    pub fn basic(username: &str, password: &str) -> Result<Credentials, CredentialsError> {
        let username = username.trim();
        if username.is_empty() {
            return Err(CredentialsError::NoUsername);
        }
        if username.contains(':') {
            return Err(CredentialsError::ColonInUsername);
        }
        if password.is_empty() {
            return Err(CredentialsError::NoPassword);
        }
        Ok(Credentials {
            username: username.to_owned(),
            authorization: format!(
                "Basic {}",
                base64(format!("{username}:{password}").as_bytes())
            ),
        })
    }
}

/// A sign-in as a tab keeps it: with the MLflow it was made for (its absolute address), so another Pulse on the
/// same origin, or this one once its config names another MLflow, does not send it elsewhere.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptSignIn {
    /// The MLflow the credentials were accepted by.
    mlflow: String,
    /// Who signed in.
    username: String,
    /// The `Authorization` header value.
    authorization: String,
}

impl KeptSignIn {
    /// `credentials` as kept for `mlflow`.
    pub fn new(mlflow: &str, credentials: Credentials) -> KeptSignIn {
        KeptSignIn {
            mlflow: mlflow.to_owned(),
            username: credentials.username,
            authorization: credentials.authorization,
        }
    }

    /// The credentials, when they were kept for `mlflow`.
    pub fn for_mlflow(self, mlflow: &str) -> Option<Credentials> {
        (self.mlflow == mlflow).then_some(Credentials {
            username: self.username,
            authorization: self.authorization,
        })
    }
}

/// Whether MLflow's 401 to a request means the session must sign in (again): not when the request checked a new
/// sign-in (`checking`), nor when it carried other credentials than the session's now (`sent` against `now`): a
/// read sent before a sign-in that answers after it.
pub fn asks_sign_in(checking: bool, sent: Option<&str>, now: Option<&str>) -> bool {
    !checking && sent == now
}

/// Never prints the header value, so a stray `{:?}` cannot put a password into a log.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("authorization", &"<hidden>")
            .finish()
    }
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The origin (`scheme://host[:port]`, lower case, default port dropped) a request to `url` goes to, for a
/// page on `page_origin`. A relative URL (`/api/…`, `config.json`) stays on the page's origin. `None` for what
/// cannot be judged (protocol-relative `//host`, other schemes), which therefore never gets credentials.
pub fn origin_of(url: &str, page_origin: &str) -> Option<String> {
    // Browsers read `\` as `/` (`/\evil.example` goes to evil.example) and drop tabs and newlines.
    if url.contains('\\') || url.chars().any(char::is_control) {
        return None;
    }
    let lower = url.trim().to_ascii_lowercase();
    let (scheme, rest, default_port) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https", rest, ":443")
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http", rest, ":80")
    } else if lower.starts_with("//") || lower.contains("://") || lower.starts_with("javascript:") {
        return None;
    } else {
        return if page_origin.is_empty() {
            None
        } else {
            origin_of(page_origin, "")
        };
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Userinfo in a URL (`http://user@host`) is refused rather than parsed: the header carries credentials.
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let host = authority.strip_suffix(default_port).unwrap_or(authority);
    Some(format!("{scheme}://{host}"))
}

/// Whether a request to `url` goes to the configured MLflow (`mlflow_url`, `""` meaning the page's own origin),
/// the only place the credentials may be sent.
pub fn goes_to_mlflow(url: &str, mlflow_url: &str, page_origin: &str) -> bool {
    match (
        origin_of(url, page_origin),
        origin_of(mlflow_url, page_origin),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn basic_credentials() {
        // RFC 7617's example.
        let c = Credentials::basic("Aladdin", "open sesame").unwrap();
        assert_eq!(c.authorization, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(c.username, "Aladdin");
        // UTF-8, and a password keeps its spaces and colons.
        let c = Credentials::basic(" test ", "123£: ").unwrap();
        assert_eq!(c.username, "test");
        assert_eq!(
            c.authorization,
            format!("Basic {}", base64("test:123£: ".as_bytes()))
        );
        assert_eq!(
            Credentials::basic("  ", "x"),
            Err(CredentialsError::NoUsername)
        );
        assert_eq!(
            Credentials::basic("a:b", "x"),
            Err(CredentialsError::ColonInUsername)
        );
        assert_eq!(
            Credentials::basic("a", ""),
            Err(CredentialsError::NoPassword)
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Credentials::basic("admin", "hunter2-secret").unwrap();
        let shown = format!("{c:?}");
        assert!(shown.contains("admin"));
        assert!(!shown.contains(&c.authorization[6..]), "{shown}");
    }

    #[test]
    fn origins() {
        let page = "http://127.0.0.1:8080";
        assert_eq!(
            origin_of("/api/2.0/mlflow/runs/get", page).as_deref(),
            Some(page)
        );
        assert_eq!(origin_of("config.json", page).as_deref(), Some(page));
        assert_eq!(
            origin_of("HTTPS://MLflow.example.com:443/api?x=1", page).as_deref(),
            Some("https://mlflow.example.com")
        );
        assert_eq!(
            origin_of("http://mlflow:5000/version", page).as_deref(),
            Some("http://mlflow:5000")
        );
        assert_eq!(origin_of("//evil.example/api", page), None);
        assert_eq!(origin_of("ftp://x/", page), None);
        assert_eq!(origin_of("http://user@evil.example/", page), None);
        assert_eq!(origin_of("/api", ""), None);
        for sneaky in [
            "/\\evil.example",
            "/\t/evil.example",
            "http:\\\\evil.example/",
            "/api\n",
        ] {
            assert_eq!(origin_of(sneaky, page), None, "{sneaky:?}");
        }
    }

    #[test]
    fn a_kept_sign_in_goes_only_to_its_mlflow() {
        let Ok(credentials) = Credentials::basic("alice", "pw") else {
            panic!("valid credentials");
        };
        let kept = KeptSignIn::new("http://host/pulse-a/", credentials.clone());
        let Ok(json) = serde_json::to_string(&kept) else {
            panic!("serialises");
        };
        assert!(
            json.contains(r#""mlflow":"http://host/pulse-a/""#),
            "{json}"
        );
        let read: Result<KeptSignIn, _> = serde_json::from_str(&json);
        assert!(read.as_ref().ok() == Some(&kept));
        assert_eq!(
            kept.clone().for_mlflow("http://host/pulse-a/"),
            Some(credentials)
        );
        assert_eq!(kept.for_mlflow("http://host/pulse-b/"), None);
        // What earlier versions kept, for no MLflow in particular, is not read.
        let old = r#"{"username":"alice","authorization":"Basic YWxpY2U6cHc="}"#;
        assert!(serde_json::from_str::<KeptSignIn>(old).is_err());
    }

    #[test]
    fn only_the_sessions_own_credentials_ask_for_a_sign_in() {
        let (old, new) = (Some("Basic old"), Some("Basic new"));
        assert!(
            asks_sign_in(false, None, None),
            "no sign-in yet: show the form"
        );
        assert!(
            asks_sign_in(false, old, old),
            "the session's credentials refused"
        );
        assert!(
            !asks_sign_in(false, None, new),
            "sent before a sign-in, answered after it"
        );
        assert!(!asks_sign_in(false, old, new));
        assert!(
            !asks_sign_in(true, new, None),
            "a check of a new sign-in answers for itself"
        );
    }

    #[test]
    fn credentials_only_go_to_mlflow() {
        let page = "http://127.0.0.1:8080";
        // Proxied on the same origin.
        assert!(goes_to_mlflow("/api/2.0/mlflow/runs/search", "", page));
        assert!(goes_to_mlflow("/version", "", page));
        assert!(!goes_to_mlflow("http://stats.example/v1/stats", "", page));
        // MLflow on its own origin.
        let mlflow = "http://mlflow.example:5000";
        assert!(goes_to_mlflow(
            "http://mlflow.example:5000/api/2.0/mlflow/x",
            mlflow,
            page
        ));
        assert!(!goes_to_mlflow("/inference/v1/stats", mlflow, page));
        assert!(!goes_to_mlflow(
            "http://mlflow.example:5001/api",
            mlflow,
            page
        ));
        assert!(!goes_to_mlflow(
            "https://mlflow.example:5000/api",
            mlflow,
            page
        ));
        assert!(!goes_to_mlflow(
            "http://mlflow.example.evil:5000/api",
            mlflow,
            page
        ));
        assert!(!goes_to_mlflow("//mlflow.example:5000/api", mlflow, page));
    }
}
