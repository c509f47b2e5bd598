//! Requests with a time limit, cancellation when the page that asked goes away, and status-first decoding.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::on_cleanup;
use pulse_core::api::{asks_sign_in, decode_response, decode_text, ApiError};
use pulse_core::config::{parse_config, Config};

use super::{credentials, early};
use crate::time::sleep;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// How long a request may take before the user is told the server is slow.
const TIMEOUT_SECONDS: u32 = 30;
/// Reads answered 429 or 503 are tried again this many times, waiting twice as long each time.
const READ_RETRIES: u32 = 2;
const FIRST_RETRY_DELAY_MS: i32 = 400;

/// Aborts a request when its time is up, and a read when the reactive owner that started it is cleaned up.
struct Deadline {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: i32,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(abort_on_leave: bool) -> Option<Deadline> {
        let controller = AbortController::new().ok()?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                (TIMEOUT_SECONDS * 1000) as i32,
            )
            .ok()?;
        if abort_on_leave {
            let on_leave = send_wrapper::SendWrapper::new(controller.clone());
            on_cleanup(move || on_leave.abort());
        }
        Some(Deadline {
            controller,
            timed_out,
            timer,
            _on_timeout: on_timeout,
        })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.timer);
        }
    }
}

/// Sends a request built by `build` and returns the status and body text. A read is aborted when the page that
/// asked goes away; a write (`abort_on_leave` false) is not, so leaving never cuts one off half-way.
///
/// The request's pieces come as `&dyn` closures, here and in [`send_read`] and [`to_mlflow`], so each of these
/// async state machines is compiled once rather than once per endpoint and answer type (issue 10: each copy
/// cost the wasm kilobytes).
async fn send(
    url: &str,
    builder: RequestBuilder,
    build: &dyn Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
    abort_on_leave: bool,
) -> Result<(u16, String), ApiError> {
    let deadline = Deadline::start(abort_on_leave);
    let builder = match &deadline {
        Some(d) => builder.abort_signal(Some(&d.controller.signal())),
        None => builder,
    };
    let unreachable = || ApiError::Unreachable {
        url: url.to_owned(),
    };
    let request = build(builder).map_err(|_| unreachable())?;
    let outcome = async {
        let response = request.send().await?;
        let status = response.status();
        Ok::<_, gloo_net::Error>((status, utf8(response.binary().await?)))
    }
    .await;
    outcome.map_err(|_| match deadline {
        Some(d) if d.timed_out.get() => ApiError::Timeout {
            url: url.to_owned(),
            seconds: TIMEOUT_SECONDS,
        },
        _ => unreachable(),
    })
}

/// A body's bytes as text, as `Response.text()` reads them (a byte-order mark dropped, invalid UTF-8
/// replaced), without the round trip through a JS string: the bytes are copied into wasm once, where a 4 MB
/// history took 70 ms as text.
fn utf8(bytes: Vec<u8>) -> String {
    let mut text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

/// Sends a request that only reads, again after a pause while the server says it is busy (429/503).
async fn send_read(
    url: &str,
    make: &dyn Fn() -> RequestBuilder,
    build: &dyn Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<(u16, String), ApiError> {
    let mut delay = FIRST_RETRY_DELAY_MS;
    for _ in 0..READ_RETRIES {
        let (status, body) = send(url, make(), build, true).await?;
        if status != 429 && status != 503 {
            return Ok((status, body));
        }
        sleep(delay).await;
        delay *= 2;
    }
    send(url, make(), build, true).await
}

/// How a request to MLflow is sent: asked again while the server is busy (reads), exactly once (checks), or
/// exactly once and carried through even when its page goes away (writes).
#[derive(Clone, Copy, PartialEq)]
enum Attempts {
    Read,
    Once,
    Write,
}

/// Sends a request to MLflow with the signed-in user's credentials (only when `url` is on MLflow's origin), or
/// with `authorization` when given (to check a sign-in), and decodes the answer. A 401 says whether credentials
/// were sent; one to a request with the session's credentials (or none) tells the app to ask for a sign-in.
async fn to_mlflow<T>(
    url: &str,
    attempts: Attempts,
    authorization: Option<&str>,
    make: &dyn Fn() -> RequestBuilder,
    build: &dyn Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
    decode: impl FnOnce(u16, &str) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let answer = ask_mlflow(url, attempts, authorization, make, build).await?;
    decode(answer.status, &answer.body).map_err(|e| answer.explain(e))
}

/// MLflow's answer, before it is decoded.
struct MlflowAnswer {
    status: u16,
    body: String,
    /// The URL asked.
    url: String,
    /// The `Authorization` value the request carried.
    sent: Option<String>,
    /// Whether it checked a sign-in (given `authorization`) rather than used the session's.
    checking: bool,
}

impl MlflowAnswer {
    /// Says whether credentials were sent, and asks for a sign-in when the session's own were refused (not
    /// those of before a sign-in that has happened since).
    fn explain(&self, e: ApiError) -> ApiError {
        let e = e.given_credentials(self.sent.is_some());
        let now = credentials::authorization_for(&self.url);
        if e.needs_sign_in() && asks_sign_in(self.checking, self.sent.as_deref(), now.as_deref()) {
            credentials::sign_in_needed(&e);
        }
        e
    }
}

/// The part of [`to_mlflow`] that does not depend on the answer's type.
async fn ask_mlflow(
    url: &str,
    attempts: Attempts,
    authorization: Option<&str>,
    make: &dyn Fn() -> RequestBuilder,
    build: &dyn Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<MlflowAnswer, ApiError> {
    let checking = authorization.is_some();
    let authorization = authorization
        .map(str::to_owned)
        .or_else(|| credentials::authorization_for(url));
    let make = || match &authorization {
        Some(value) => make().header("Authorization", value),
        None => make(),
    };
    let (status, body) = match attempts {
        Attempts::Read => send_read(url, &make, build).await?,
        Attempts::Once => send(url, make(), build, true).await?,
        Attempts::Write => send(url, make(), build, false).await?,
    };
    Ok(MlflowAnswer {
        status,
        body,
        url: url.to_owned(),
        sent: authorization,
        checking,
    })
}

/// The body early.js already has for this request (see `early::take`); never when this session sends credentials
/// to `url`, since early.js asks without them.
async fn early_answer(
    method: &str,
    url: &str,
    query: &[(&str, &str)],
    body: impl FnOnce() -> Option<String>,
) -> Option<String> {
    if credentials::authorization_for(url).is_some() {
        return None;
    }
    early::take(method, url, query, body).await
}

/// `GET url` decoded as JSON of type `T`.
pub async fn get_json<T: DeserializeOwned>(
    url: &str,
    query: &[(&str, &str)],
) -> Result<T, ApiError> {
    // A first visit's experiment may have been asked for before the app started (src/early.js).
    if let Some(answer) = early_answer("GET", url, query, || Some(String::new())).await {
        return decode_response(200, &answer);
    }
    get_decoded(url, query, decode_response).await
}

/// `GET url` decoded by `decode` (status, body), the decoding (not the transfer) timed as the User Timing
/// measure `measure`, which `make bench` reads.
pub async fn get_timed<T>(
    url: &str,
    query: &[(&str, &str)],
    measure: &str,
    decode: fn(u16, &str) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let timed = |status: u16, body: &str| {
        let performance = web_sys::window().and_then(|w| w.performance());
        let start = format!("{measure}:start");
        if let Some(p) = &performance {
            let _ = p.mark(&start);
        }
        let decoded = decode(status, body);
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark(measure, &start);
        }
        decoded
    };
    get_decoded(url, query, timed).await
}

/// `GET url`, asked again while the server is busy, with the session's credentials, decoded by `decode`.
async fn get_decoded<T>(
    url: &str,
    query: &[(&str, &str)],
    decode: impl FnOnce(u16, &str) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let make = || Request::get(url).query(query.iter().copied());
    to_mlflow(
        url,
        Attempts::Read,
        None,
        &make,
        &RequestBuilder::build,
        decode,
    )
    .await
}

/// `GET url` with the given `Authorization` value instead of the session's: checks a sign-in before it is kept.
pub async fn get_json_as<T: DeserializeOwned>(
    url: &str,
    query: &[(&str, &str)],
    authorization: &str,
) -> Result<T, ApiError> {
    let make = || Request::get(url).query(query.iter().copied());
    to_mlflow(
        url,
        Attempts::Once,
        Some(authorization),
        &make,
        &RequestBuilder::build,
        decode_response,
    )
    .await
}

/// `POST url` for a search: it only reads, so a busy server is asked again.
pub async fn search_json<T: DeserializeOwned>(
    url: &str,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    search_decoded(url, body, decode_response).await
}

/// [`search_json`] with the answer's status and body handed to `decode`.
pub async fn search_decoded<T>(
    url: &str,
    body: &impl Serialize,
    decode: fn(u16, &str) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    // The first page of a first visit may have been asked for before the app started (src/early.js).
    let body_text = || serde_json::to_string(body).ok();
    if let Some(answer) = early_answer("POST", url, &[], body_text).await {
        return decode(200, &answer);
    }
    with_json_body(url, Attempts::Read, Request::post, body, decode).await
}

/// `POST url` with a JSON body that writes, decoded as JSON of type `T`; never sent twice.
pub async fn post_json<T: DeserializeOwned>(
    url: &str,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    with_json_body(url, Attempts::Write, Request::post, body, decode_response).await
}

/// `DELETE url` with a JSON body (MLflow's alias deletion rejects query parameters).
pub async fn delete_json<T: DeserializeOwned>(
    url: &str,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    with_json_body(url, Attempts::Write, Request::delete, body, decode_response).await
}

/// A request to MLflow with a JSON body (`method` is `Request::post` or `Request::delete`), its answer decoded by
/// `decode` (status, body).
async fn with_json_body<T>(
    url: &str,
    attempts: Attempts,
    method: fn(&str) -> RequestBuilder,
    body: &impl Serialize,
    decode: fn(u16, &str) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    to_mlflow(
        url,
        attempts,
        None,
        &|| method(url),
        &|b| b.json(body),
        decode,
    )
    .await
}

/// `GET url` of a plain-text MLflow endpoint (`/health`, `/version`).
pub async fn get_text(url: &str) -> Result<String, ApiError> {
    let make = || Request::get(url);
    to_mlflow(
        url,
        Attempts::Once,
        None,
        &make,
        &RequestBuilder::build,
        decode_text,
    )
    .await
}

/// `GET url` of a server other than MLflow: the status and body as they came, for the caller to check and
/// decode (a busy server is asked again, as for every read).
pub async fn get_answer(url: &str) -> Result<(u16, String), ApiError> {
    send_read(url, &|| Request::get(url), &RequestBuilder::build).await
}

/// Reads `config.json` beside the app; any failure gives the defaults and a warning to show.
pub async fn load_config() -> (Config, Vec<String>) {
    let url = "config.json";
    // early.js asked for it with index.html's preload; without early.js, the same mode and credentials as the
    // preload, so the browser reuses that response. nginx marks config.json no-cache, so it is revalidated on
    // every visit.
    let answer = match early::take_config().await {
        Some(answer) => Ok(answer),
        None => send(url, Request::get(url), &RequestBuilder::build, true).await,
    };
    match answer {
        Ok((200, body)) => parse_config(&body),
        Ok((status, _)) => (
            Config::default(),
            vec![format!(
                "config.json could not be loaded (HTTP {status}); using defaults."
            )],
        ),
        Err(e) => (
            Config::default(),
            vec![format!("config.json could not be loaded: {e}")],
        ),
    }
}
