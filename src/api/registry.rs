//! One function per MLflow model-registry endpoint.

use futures::stream::{self, StreamExt};
use pulse_core::api::{
    follow_token, ApiError, EmptyResponse, GetModelVersionResponse, GetRegisteredModelResponse,
    ModelVersion, SearchModelVersionsResponse, SearchRegisteredModelsResponse,
};
use pulse_core::config::Config;
use pulse_core::registry::model_state::ModelState;
use pulse_core::registry::promotion::version_f1;
use pulse_core::tracking::query::{
    models_matching, versions_of, MODELS_PAGE_SIZE, MODEL_VERSIONS_LIMIT,
};
use serde_json::json;

use super::http::{delete_json, get_json, post_json};
use super::mlflow::get_run;

/// Versions' F1 reads in flight at once (a browser's connections to one HTTP/1.1 host).
const F1_READS_AT_ONCE: usize = 6;

/// `GET /api/2.0/mlflow/registered-models/search`
pub async fn search_registered_models(
    cfg: &Config,
    name_contains: &str,
) -> Result<SearchRegisteredModelsResponse, ApiError> {
    let max = MODELS_PAGE_SIZE.to_string();
    let filter = models_matching(name_contains).unwrap_or_default();
    let mut query = vec![("max_results", max.as_str()), ("order_by", "name ASC")];
    if !filter.is_empty() {
        query.push(("filter", &filter));
    }
    get_json(&cfg.api_url("registered-models/search"), &query).await
}

/// `GET /api/2.0/mlflow/registered-models/get`
pub async fn get_registered_model(
    cfg: &Config,
    name: &str,
) -> Result<GetRegisteredModelResponse, ApiError> {
    get_json(&cfg.api_url("registered-models/get"), &[("name", name)]).await
}

/// `GET /api/2.0/mlflow/model-versions/search`: every version of one model, newest first, page after page (a
/// model retrained hourly has thousands; a Production version older than the first page must not go unseen).
pub async fn search_model_versions(
    cfg: &Config,
    name: &str,
) -> Result<SearchModelVersionsResponse, ApiError> {
    let (filter, max) = (versions_of(name), MODEL_VERSIONS_LIMIT.to_string());
    let mut all = SearchModelVersionsResponse::default();
    let mut token: Option<String> = None;
    loop {
        let mut query = vec![
            ("filter", filter.as_str()),
            ("order_by", "version_number DESC"),
            ("max_results", &max),
        ];
        if let Some(t) = &token {
            query.push(("page_token", t));
        }
        let page: SearchModelVersionsResponse =
            get_json(&cfg.api_url("model-versions/search"), &query).await?;
        all.model_versions.extend(page.model_versions);
        match follow_token(token.as_deref(), page.next_page_token) {
            Some(next) => token = Some(next),
            None => return Ok(all),
        }
    }
}

/// `GET /api/2.0/mlflow/model-versions/get`
pub async fn get_model_version(
    cfg: &Config,
    name: &str,
    version: &str,
) -> Result<GetModelVersionResponse, ApiError> {
    get_json(
        &cfg.api_url("model-versions/get"),
        &[("name", name), ("version", version)],
    )
    .await
}

/// `POST /api/2.0/mlflow/model-versions/transition-stage`
pub async fn transition_stage(
    cfg: &Config,
    name: &str,
    version: &str,
    stage: &str,
    archive_existing_versions: bool,
) -> Result<GetModelVersionResponse, ApiError> {
    let body = json!({"name": name, "version": version, "stage": stage,
                      "archive_existing_versions": archive_existing_versions});
    post_json(&cfg.api_url("model-versions/transition-stage"), &body).await
}

/// `POST /api/2.0/mlflow/registered-models/alias`
pub async fn set_alias(
    cfg: &Config,
    name: &str,
    alias: &str,
    version: &str,
) -> Result<EmptyResponse, ApiError> {
    let body = json!({"name": name, "alias": alias, "version": version});
    post_json(&cfg.api_url("registered-models/alias"), &body).await
}

/// `DELETE /api/2.0/mlflow/registered-models/alias`
pub async fn delete_alias(
    cfg: &Config,
    name: &str,
    alias: &str,
) -> Result<EmptyResponse, ApiError> {
    delete_json(
        &cfg.api_url("registered-models/alias"),
        &json!({"name": name, "alias": alias}),
    )
    .await
}

/// `POST /api/2.0/mlflow/model-versions/set-tag`
pub async fn set_version_tag(
    cfg: &Config,
    name: &str,
    version: &str,
    key: &str,
    value: &str,
) -> Result<EmptyResponse, ApiError> {
    let body = json!({"name": name, "version": version, "key": key, "value": value});
    post_json(&cfg.api_url("model-versions/set-tag"), &body).await
}

/// A model and all its versions, without F1s: what the promote sequence re-reads around a write.
pub async fn load_registry(cfg: &Config, name: &str) -> Result<ModelState, ApiError> {
    let (model, versions) = futures::join!(
        get_registered_model(cfg, name),
        search_model_versions(cfg, name)
    );
    Ok(ModelState {
        model: model?.registered_model,
        versions: versions?.model_versions,
        f1: Default::default(),
    })
}

/// A model's state with the F1s that could be read, and why the others could not.
#[derive(Clone, Debug)]
pub struct ModelWithF1 {
    /// The model, its versions and their F1s.
    pub state: ModelState,
    /// How many versions' F1 could not be read (their source run's read failed), and the first error.
    pub unread: Option<(usize, ApiError)>,
}

/// A model with all its versions and each version's F1 (its source run's `f1_metric`, else a version tag),
/// read in two rounds of requests.
pub async fn load_model_state(cfg: &Config, name: &str) -> Result<ModelWithF1, ApiError> {
    let mut state = load_registry(cfg, name).await?;
    // A few at a time, as a browser sends them anyway: the time limit of each starts when it is sent, so
    // thousands queued at once would time out while waiting.
    let f1s: Vec<_> = stream::iter(state.versions.iter().map(|v| f1_of(cfg, v)))
        .buffered(F1_READS_AT_ONCE)
        .collect()
        .await;
    let mut unread: Option<(usize, ApiError)> = None;
    for (v, f1) in state.versions.iter().zip(f1s) {
        match f1 {
            Ok(Some(f1)) => {
                state.f1.insert(v.version.clone(), f1);
            }
            Ok(None) => {}
            Err(e) => match &mut unread {
                Some((n, _)) => *n += 1,
                None => unread = Some((1, e)),
            },
        }
    }
    Ok(ModelWithF1 { state, unread })
}

/// A model with all its versions but the F1 of only `version` (one `runs/get`, not one per version): what
/// the version page shows.
pub async fn load_version_state(
    cfg: &Config,
    name: &str,
    version: &str,
) -> Result<ModelState, ApiError> {
    let mut state = load_registry(cfg, name).await?;
    if let Some(v) = state.version(version).cloned() {
        if let Ok(Some(f1)) = f1_of(cfg, &v).await {
            state.f1.insert(v.version, f1);
        }
    }
    Ok(state)
}

/// The F1 of one version of a model, for the models list: from `known` versions when it is among them
/// (`latest_versions`), else read first. An error when it could not be read, which is not "no F1".
pub async fn version_f1_of(
    cfg: &Config,
    model: &str,
    version: &str,
    known: &[ModelVersion],
) -> Result<Option<f64>, ApiError> {
    match known.iter().find(|v| v.version == version) {
        Some(v) => f1_of(cfg, v).await,
        None => {
            let read = get_model_version(cfg, model, version).await?;
            f1_of(cfg, &read.model_version).await
        }
    }
}

/// A version's F1: its source run's `f1_metric`, else a version tag of that name. A source run that is gone
/// leaves the tag to say; one that could not be read is an error unless the tag says.
async fn f1_of(cfg: &Config, version: &ModelVersion) -> Result<Option<f64>, ApiError> {
    let run_f1 = match version.run_id.as_str() {
        "" => None,
        id => match get_run(cfg, id).await {
            Ok(r) => r.run.metric(&cfg.f1_metric),
            Err(ApiError::NotFound { .. }) => None,
            Err(e) => return version_f1(version, None, &cfg.f1_metric).map(Some).ok_or(e),
        },
    };
    Ok(version_f1(version, run_f1, &cfg.f1_metric))
}
