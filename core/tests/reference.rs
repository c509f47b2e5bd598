//! Every recorded MLflow 3.17.2 response decodes, and every recorded error becomes the right typed error.

use std::fs;
use std::path::PathBuf;

use pulse_core::api::*;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ok<T: serde::de::DeserializeOwned>(name: &str) -> T {
    decode_response(200, &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn experiments() {
    let s: SearchExperimentsResponse = ok("experiments_search.json");
    assert_eq!(s.experiments.len(), 3);
    assert_eq!(s.experiments[0].name, "tiktok_safety_fusion");
    assert_eq!(
        s.experiments[0].description(),
        Some("Content-safety classifiers (multimodal)")
    );
    assert_eq!(s.experiments[0].user_tags().count(), 2);
    for f in ["experiments_get.json", "experiments_get_by_name.json"] {
        let g: GetExperimentResponse = ok(f);
        assert!(!g.experiment.experiment_id.is_empty());
    }
}

#[test]
fn runs_search_pages() {
    let p1: SearchRunsResponse = ok("runs_search_page1.json");
    assert!(!p1.runs.is_empty());
    assert!(p1.next_page_token.is_some());
    let first = &p1.runs[0];
    assert_eq!(first.display_name(), "slowfast-r50-16");
    assert_eq!(first.metric("eval_f1"), Some(0.92236));
    assert_eq!(first.param("batch_size"), Some("32"));
    assert!(first.duration_ms().is_some());
    let p2: SearchRunsResponse = ok("runs_search_page2.json");
    assert!(!p2.runs.is_empty());
    for f in [
        "runs_search_children_of_parent.json",
        "runs_search_default_page_big_exp_first2.json",
        "runs_search_nan_filter.json",
        "runs_search_nan_order.json",
    ] {
        let r: SearchRunsResponse = ok(f);
        assert!(!r.runs.is_empty(), "{f}");
    }
    let children: SearchRunsResponse = ok("runs_search_children_of_parent.json");
    assert!(children.runs.iter().all(|r| r.parent_id().is_some()));
}

#[test]
fn running_runs_have_no_end() {
    let r: SearchRunsResponse = ok("runs_search_running.json");
    let running: Vec<_> = r
        .runs
        .iter()
        .filter(|r| r.info.status == "RUNNING")
        .collect();
    assert!(!running.is_empty());
    assert!(running.iter().any(|r| r.info.end_time.is_none()));
    // One recorded RUNNING run carries an end_time anyway: a running run has no duration yet.
    assert!(running.iter().all(|r| r.duration_ms().is_none()));
}

#[test]
fn empty_search_is_empty() {
    let r: SearchRunsResponse = ok("runs_search_malformed_json_returns_200_empty.json");
    assert!(r.runs.is_empty());
    assert!(r.next_page_token.is_none());
}

#[test]
fn runs_get_with_nan_and_infinities() {
    let g: GetRunResponse = ok("runs_get.json");
    assert!(!g.run.info.run_id.is_empty());
    let g: GetRunResponse = ok("runs_get_nan.json");
    let run = g.run;
    assert!(run.metric("nan_metric").is_some_and(f64::is_nan));
    assert_eq!(run.metric("pos_inf_metric"), Some(f64::INFINITY));
    assert_eq!(run.metric("neg_inf_metric"), Some(f64::NEG_INFINITY));
    assert!(run.data.params.is_empty());
}

#[test]
fn metric_histories() {
    let h: MetricHistoryResponse = ok("metrics_get_history.json");
    assert!(!h.metrics.is_empty());
    for f in [
        "metrics_get_history_nan.json",
        "ajax_metrics_get_history_bulk_nan.json",
    ] {
        let h: MetricHistoryResponse = ok(f);
        let v: Vec<f64> = h.metrics.iter().map(|m| m.value).collect();
        assert!(v[0].is_nan(), "{f}");
        assert_eq!(&v[1..], [0.5, f64::INFINITY], "{f}");
    }
    for f in [
        "metrics_get_history_paged.json",
        "metrics_get_history_bulk_interval.json",
        "ajax_metrics_get_history_bulk.json",
        "ajax_metrics_get_history_bulk_interval.json",
    ] {
        let h: MetricHistoryResponse = ok(f);
        assert!(!h.metrics.is_empty(), "{f}");
    }
    let bulk: MetricHistoryResponse = ok("metrics_get_history_bulk_interval.json");
    assert!(bulk.metrics.iter().all(|m| m.run_id.is_some()));
}

#[test]
fn registry() {
    let s: SearchRegisteredModelsResponse = ok("registered_models_search.json");
    assert_eq!(s.registered_models.len(), 3);
    assert!(s
        .registered_models
        .iter()
        .any(|m| m.aliases.iter().any(|a| a.alias == "champion")));
    let s: SearchRegisteredModelsResponse = ok("registered_models_search_filter.json");
    assert!(!s.registered_models.is_empty());
    let g: GetRegisteredModelResponse = ok("registered_models_get.json");
    assert!(!g.registered_model.latest_versions.is_empty());
    let l: GetLatestVersionsResponse = ok("registered_models_get_latest_versions.json");
    assert!(l.model_versions.iter().any(|v| v.aliases == ["champion"]));
    let s: SearchModelVersionsResponse = ok("model_versions_search.json");
    assert!(!s.model_versions.is_empty());
    // model-versions/search omits aliases: they must come from registered-models/get.
    assert!(s.model_versions.iter().all(|v| v.aliases.is_empty()));
    for f in [
        "model_versions_get.json",
        "model_versions_transition_stage.json",
        "registered_models_alias_get.json",
    ] {
        let v: GetModelVersionResponse = ok(f);
        assert!(!v.model_version.version.is_empty(), "{f}");
    }
    let v: GetModelVersionResponse = ok("model_versions_get.json");
    assert_eq!(v.model_version.aliases, ["champion"]);
    let _: EmptyResponse = ok("registered_models_alias_set.json");
    let _: EmptyResponse = ok("registered_models_alias_delete_json_body.json");
}

#[test]
fn logged_models() {
    let g: GetLoggedModelResponse = ok("logged_models_get.json");
    assert!(g.model.info.model_id.starts_with("m-"));
    for f in [
        "logged_models_search.json",
        "logged_models_search_max_101_accepted.json",
    ] {
        let s: SearchLoggedModelsResponse = ok(f);
        assert!(!s.models.is_empty(), "{f}");
    }
}

#[test]
fn error_bodies_become_typed_errors() {
    let mlflow_400 = [
        "error_alias_not_found.json",
        "error_bulk_interval_101_runs.json",
        "error_bulk_interval_too_many.json",
        "error_experiments_search_missing_max_results.json",
        "error_experiments_search_too_many.json",
        "error_missing_param.json",
        "error_mv_search_too_many.json",
        "error_rm_search_too_many.json",
        "error_runs_search_bad_filter.json",
        "error_runs_search_bad_page_token.json",
        "error_runs_search_too_many.json",
        "registered_models_alias_delete.json",
    ];
    for f in mlflow_400 {
        match decode_response::<SearchRunsResponse>(400, &fixture(f)) {
            Err(ApiError::Mlflow {
                status: 400,
                code,
                message,
            }) => {
                assert!(!code.is_empty() && !message.is_empty(), "{f}")
            }
            other => panic!("{f}: {other:?}"),
        }
    }
    let not_found = [
        "error_experiment_get_by_name_not_found.json",
        "error_model_version_not_found.json",
        "error_registered_model_not_found.json",
        "error_runs_get_not_found.json",
    ];
    for f in not_found {
        match decode_response::<GetRunResponse>(404, &fixture(f)) {
            Err(ApiError::NotFound { message }) => assert!(!message.is_empty(), "{f}"),
            other => panic!("{f}: {other:?}"),
        }
    }
    for (f, status) in [
        ("error_unknown_endpoint.json", 404),
        ("error_wrong_method.json", 405),
    ] {
        match decode_response::<GetRunResponse>(status, &fixture(f)) {
            Err(ApiError::NotJson { status: s, snippet }) => {
                assert_eq!(s, status);
                assert!(snippet.contains("Not"), "{snippet}");
            }
            other => panic!("{f}: {other:?}"),
        }
    }
}

#[test]
fn bad_filter_message_is_mlflows_own() {
    let err =
        decode_response::<SearchRunsResponse>(400, &fixture("error_runs_search_bad_filter.json"))
            .unwrap_err();
    assert!(err.to_string().contains("Invalid comparator '>>'"), "{err}");
}

#[test]
fn status_is_checked_before_decoding() {
    let cases: [(u16, &str, ApiError); 7] = [
        (401, "", ApiError::LoginRequired),
        (
            403,
            r#"{"error_code":"PERMISSION_DENIED","message":"no"}"#,
            ApiError::Forbidden {
                message: Some("no".into()),
            },
        ),
        (
            403,
            "<html>denied</html>",
            ApiError::Forbidden { message: None },
        ),
        (
            502,
            "<html><h1>502 Bad Gateway</h1></html>",
            ApiError::Upstream { status: 502 },
        ),
        (500, "oops", ApiError::Http { status: 500 }),
        (
            500,
            "<html>Internal Server Error</html>",
            ApiError::NotJson {
                status: 500,
                snippet: "<html>Internal Server Error</html>".into(),
            },
        ),
        (
            200,
            "<!doctype html><p>login</p>",
            ApiError::NotJson {
                status: 200,
                snippet: "<!doctype html><p>login</p>".into(),
            },
        ),
    ];
    for (status, body, want) in cases {
        assert_eq!(
            decode_response::<SearchRunsResponse>(status, body),
            Err(want),
            "{status} {body}"
        );
    }
    assert!(matches!(
        decode_response::<SearchRunsResponse>(200, r#"{"runs": 5}"#),
        Err(ApiError::Decode { .. })
    ));
    assert!(matches!(
        decode_response::<SearchRunsResponse>(200, r#"{"runs": [{"#),
        Err(ApiError::Decode { .. })
    ));
}

#[test]
fn every_fixture_is_covered() {
    let covered = include_str!("reference.rs");
    for entry in
        fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")).unwrap()
    {
        let entry = entry.unwrap();
        // Sub-folders (serving/) are covered by their own test files.
        if entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().into_string().unwrap();
        assert!(
            covered.contains(&format!("\"{name}\"")),
            "{name} has no test"
        );
    }
}

/// MLflow 3.17.2 `--app-name basic-auth`: a 401 (text/html, `WWW-Authenticate: Basic realm="mlflow"`) both
/// without credentials and with a wrong password; a 403 "Permission denied" for a READ user's write.
#[test]
fn basic_auth_answers() {
    let no_creds = fixture("auth_401_no_credentials.txt");
    let wrong = fixture("auth_401_wrong_password.txt");
    assert_eq!(no_creds, wrong, "MLflow gives both the same body");
    let err = decode_response::<SearchRunsResponse>(401, &no_creds).unwrap_err();
    assert_eq!(err, ApiError::LoginRequired);
    assert!(err.needs_sign_in());
    assert_eq!(
        err.clone().given_credentials(false),
        ApiError::LoginRequired
    );
    let bad = err.given_credentials(true);
    assert_eq!(bad, ApiError::BadCredentials);
    assert!(bad.to_string().contains("did not accept"), "{bad}");
    assert_eq!(
        bad.clone().given_credentials(false),
        ApiError::LoginRequired
    );

    let denied =
        decode_response::<SearchRunsResponse>(403, &fixture("auth_403_read_user_transition.txt"))
            .unwrap_err();
    assert_eq!(denied, ApiError::Forbidden { message: None });
    assert!(!denied.needs_sign_in());
    // Credentials never turn a 403 into a login problem.
    assert_eq!(denied.clone().given_credentials(true), denied);
}
