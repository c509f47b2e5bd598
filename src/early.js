// Starts the first page of an experiment's runs while the wasm is still downloading. On a visit to
// experiments/<id> with no filter or sort, and no MLflow sign-in in this tab, it sends the runs/search the app
// sends first, with the same bytes; the app adopts the answer when its own first search is exactly this one
// (src/api/early.rs), else it sends its own. Only when MLflow is proxied beside Pulse (config.json's
// mlflow_url empty), so the request needs nothing from the app.
(function () {
  var base = new URL(document.baseURI).pathname;
  if (location.pathname.indexOf(base) !== 0) return;
  var id = /^experiments\/(\d+)\/?$/.exec(location.pathname.slice(base.length));
  var query = new URLSearchParams(location.search);
  if (!id || query.get("filter") || query.get("sort")) return;
  try {
    if (sessionStorage.getItem("pulse.mlflow.credentials")) return;
  } catch (e) {
    return;
  }
  var url = "api/2.0/mlflow/runs/search";
  // Field order and page size as core's SearchRunsRequest::new writes them (RUNS_PAGE_SIZE).
  var body = JSON.stringify({ experiment_ids: [id[1]], max_results: 100, run_view_type: "ACTIVE_ONLY" });
  var answer = fetch("config.json")
    .then(function (r) { return r.json(); })
    .then(function (config) {
      if (config.mlflow_url) throw new Error("MLflow is not proxied beside Pulse");
      return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: body });
    })
    .then(function (r) {
      return r.text().then(function (text) { return { status: r.status, text: text }; });
    });
  answer.catch(function () {});
  window.__pulseEarly = { url: url, body: body, answer: answer };
})();
