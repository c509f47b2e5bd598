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
    /// HTTP 401: credentials are missing or wrong.
    Unauthorized,
    /// HTTP 403: the credentials lack permission.
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
    /// MLflow itself for an unknown path).
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
            ApiError::Unauthorized => "Not signed in",
            ApiError::Forbidden { .. } => "Permission denied",
            ApiError::NotFound { .. } => "Not found",
            ApiError::Mlflow { .. } => "MLflow rejected the request",
            ApiError::NotJson { .. } => "Unexpected answer from the server",
            ApiError::Decode { .. } => "Could not read the server's answer",
            ApiError::Http { .. } => "Request failed",
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
            ApiError::Unauthorized => write!(
                f,
                "The server asked for credentials (HTTP 401). Sign in to MLflow or configure the proxy \
                 to pass credentials."
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
                "Expected MLflow JSON but got a page (HTTP {status}) starting with \"{snippet}\". \
                 mlflow_url or the reverse proxy may point at the wrong server."
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
