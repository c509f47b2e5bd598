use std::fmt;

use serde::Deserialize;

/// MLflow's own error body: `{"error_code": "...", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MlflowErrorBody {
    /// Machine-readable code such as `RESOURCE_DOES_NOT_EXIST`.
    pub error_code: String,
    /// Human-readable explanation written by MLflow.
    #[serde(default)]
    pub message: String,
}

/// Every way a request to a server can fail, each with a sentence a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an HTTP answer (server down, DNS, CORS, connection refused).
    Unreachable {
        /// The URL that could not be reached.
        url: String,
    },
    /// No answer within the time limit.
    Timeout {
        /// The URL that did not answer.
        url: String,
        /// The limit that passed, in seconds.
        seconds: u32,
    },
    /// HTTP 401 to a request that carried no credentials: the server requires a login.
    LoginRequired,
    /// HTTP 401 although credentials were sent: the username or password is wrong (or the user was removed).
    BadCredentials,
    /// HTTP 403: the credentials are valid but lack permission for this resource.
    Forbidden {
        /// MLflow's message, when it sent one.
        message: Option<String>,
    },
    /// HTTP 404 with MLflow's JSON body: the thing was deleted or the id is wrong.
    NotFound {
        /// MLflow's message.
        message: String,
    },
    /// Any other `{error_code, message}` body from MLflow.
    Mlflow {
        /// HTTP status.
        status: u16,
        /// MLflow's error code.
        code: String,
        /// MLflow's message.
        message: String,
    },
    /// The server answered with something that is not JSON (typically an HTML error page of a proxy or of
    /// MLflow itself for an unknown path, or plain text such as a service's "starting…").
    NotJson {
        /// HTTP status.
        status: u16,
        /// The start of the body, as plain text for the error view.
        snippet: String,
    },
    /// The body was JSON-like but did not decode into the expected shape.
    Decode {
        /// What the decoder said.
        detail: String,
    },
    /// A reverse proxy answered 502/503/504 with its own page: MLflow behind it is down or unreachable.
    Upstream {
        /// HTTP status.
        status: u16,
    },
    /// A non-2xx status with a body that says nothing more.
    Http {
        /// HTTP status.
        status: u16,
    },
}

impl ApiError {
    /// A short title for the error view.
    pub fn title(&self) -> &'static str {
        match self {
            ApiError::Unreachable { .. } | ApiError::Upstream { .. } => "MLflow server unreachable",
            ApiError::Timeout { .. } => "The server did not answer in time",
            ApiError::LoginRequired => "Sign-in required",
            ApiError::BadCredentials => "Sign-in failed",
            ApiError::Forbidden { .. } => "Permission denied",
            ApiError::NotFound { .. } => "Not found",
            ApiError::Mlflow { .. } => "MLflow rejected the request",
            ApiError::NotJson { .. } => "Unexpected answer from the server",
            ApiError::Decode { .. } => "Could not read the server's answer",
            ApiError::Http { .. } => "Request failed",
        }
    }

    /// A 401 means "sign in" when the request carried no credentials and "wrong password" when it did; the
    /// decoder cannot know which, the client that sent the request does.
    pub fn given_credentials(self, sent: bool) -> ApiError {
        match self {
            ApiError::LoginRequired | ApiError::BadCredentials if sent => ApiError::BadCredentials,
            ApiError::LoginRequired | ApiError::BadCredentials => ApiError::LoginRequired,
            other => other,
        }
    }

    /// Whether the answer was MLflow asking who is there (HTTP 401), so the app should show its sign-in form.
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, ApiError::LoginRequired | ApiError::BadCredentials)
    }

    /// Whether the server answered a write with a refusal, so nothing changed: a login or permission is
    /// missing, the thing is gone, MLflow said no, or a client error. Anything else (no answer, a timeout, a
    /// proxy's 5xx, an answer that cannot be read) leaves open whether the write was applied.
    pub fn refused(&self) -> bool {
        match self {
            ApiError::LoginRequired
            | ApiError::BadCredentials
            | ApiError::Forbidden { .. }
            | ApiError::NotFound { .. }
            | ApiError::Mlflow { .. } => true,
            ApiError::Http { status } | ApiError::NotJson { status, .. } => {
                (400..500).contains(status)
            }
            ApiError::Unreachable { .. }
            | ApiError::Timeout { .. }
            | ApiError::Upstream { .. }
            | ApiError::Decode { .. } => false,
        }
    }

    /// Whether trying the same request again may help.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Unreachable { .. }
                | ApiError::Upstream { .. }
                | ApiError::Timeout { .. }
                | ApiError::Http { .. }
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Unreachable { url } => write!(
                f,
                "Could not connect to {url}. Check that the MLflow server is running and that \
                 mlflow_url in config.json points at it."
            ),
            ApiError::Timeout { url, seconds } => write!(
                f,
                "{url} gave no answer within {seconds} s. The server may be overloaded; try again."
            ),
            ApiError::LoginRequired => write!(
                f,
                "This MLflow server requires a login (HTTP 401). Sign in with your MLflow username and \
                 password, or have the proxy in front of MLflow add credentials."
            ),
            ApiError::BadCredentials => write!(
                f,
                "MLflow did not accept this username and password (HTTP 401). Check them and sign in again."
            ),
            ApiError::Forbidden { message } => {
                write!(f, "Your credentials lack permission for this (HTTP 403).")?;
                if let Some(m) = message {
                    write!(f, " MLflow says: {m}")?;
                }
                Ok(())
            }
            ApiError::NotFound { message } => write!(
                f,
                "It was deleted or the id is wrong (HTTP 404). MLflow says: {message}"
            ),
            ApiError::Mlflow {
                status,
                code,
                message,
            } => write!(f, "{message} ({code}, HTTP {status})"),
            ApiError::NotJson { status, snippet } => write!(
                f,
                "Expected MLflow JSON but got a page or text (HTTP {status}) starting with \"{snippet}\". \
                 mlflow_url or the reverse proxy may point at the wrong server, or it is still starting."
            ),
            ApiError::Decode { detail } => write!(
                f,
                "The answer did not have the shape Pulse expects: {detail}. Is this an MLflow 3.x server?"
            ),
            ApiError::Upstream { status } => write!(
                f,
                "The proxy in front of MLflow answered HTTP {status}: the MLflow server is down or the proxy \
                 cannot reach it."
            ),
            ApiError::Http { status } => write!(f, "The server answered HTTP {status}."),
        }
    }
}

impl std::error::Error for ApiError {}
