//! The serving service's stats endpoint, `pulse.inference-stats/v1` (docs/inference-stats.md).

use pulse_core::api::ApiError;
use pulse_core::serving::{read_stats, StatsDoc, StatsFetchError};

use super::early;
use super::http::get_answer;

/// `GET <stats_url>` (e.g. `/inference/v1/stats`): one instance's stats document, status checked first.
pub async fn get_stats(url: &str) -> Result<StatsDoc, StatsFetchError> {
    let (status, body) = get_stats_answer(url).await.map_err(StatsFetchError::Http)?;
    read_stats(status, &body)
}

/// `GET <stats_url>` undecoded: the status and body, for a caller that reads them itself (the serving overview,
/// which reads them in a task of its own, timed; `InstanceState::read`). A first
/// visit's first poll takes the answer src/early.js asked for while the wasm downloaded.
pub async fn get_stats_answer(url: &str) -> Result<(u16, String), ApiError> {
    if let Some(body) = early::take("GET", url, &[], || Some(String::new())).await {
        return Ok((200, body));
    }
    get_answer(url).await
}
