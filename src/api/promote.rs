//! A promotion as one careful sequence: re-read the registry, stop on a conflict, write once, record the
//! history tag, and re-read to report what MLflow now says. Every decision in it is core's
//! (`pulse_core::registry::confirm`); this only sends the requests.

use pulse_core::api::ApiError;
use pulse_core::config::Config;
use pulse_core::registry::confirm::{Confirmation, Outcome, Write};

use super::registry::{delete_alias, load_registry, set_alias, set_version_tag, transition_stage};

/// Carries out a confirmed promotion. Once the write is in, the outcome says so whatever happens after it.
pub async fn promote(cfg: &Config, c: &Confirmation) -> Result<Outcome, ApiError> {
    let (name, version) = (c.model.as_str(), c.review.candidate.as_str());
    let before = load_registry(cfg, name).await?;
    if let Some(stop) = c.stop(&before) {
        return Ok(stop);
    }
    let written = match c.write() {
        Write::Stage {
            stage,
            archive_existing,
        } => transition_stage(cfg, name, version, stage, archive_existing)
            .await
            .map(drop),
        Write::SetAlias(alias) => set_alias(cfg, name, alias, version).await.map(drop),
        Write::DeleteAlias(alias) => delete_alias(cfg, name, alias).await.map(drop),
    };
    if let Err(e) = written {
        return c.write_failed(e);
    }
    let (key, value) = c.history_entry(js_sys::Date::now() as i64).to_tag();
    let history_error = set_version_tag(cfg, name, version, &key, &value)
        .await
        .err();
    Ok(c.done(load_registry(cfg, name).await, history_error))
}
