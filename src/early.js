// Starts what the app asks for first while the wasm is still downloading; the app adopts the answers
// (src/api/early.rs).
// - config.json, on every visit: this request takes index.html's preload, which a response serves only once, so the
//   app reads the answer from here rather than asking again.
// - On a visit to experiments/<id> with no filter or sort, and no MLflow sign-in in this tab: the experiment
//   (experiments/get, for the title) and the first page of its runs (runs/search), the same requests the app sends
//   first, to the byte. The app adopts an answer when its own request is exactly that one, else it sends its own.
//   Sent before config.json is read, and kept only when it says MLflow is proxied beside Pulse (mlflow_url empty),
//   so the requests need nothing from the app.
// - On the serving overview (`serving`, or the landing page unless config.json turns the stats endpoint off): the
//   stats document of each configured URL, the overview's first poll (src/api/stats.rs adopts it), and once it
//   comes, the registry entry and versions of each model it names (read through get_json, which adopts them).
// - On a page whose code is a wasm chunk (the serving overview, the list of experiments, a run, compare and registry
//   pages): that chunk's files, in one pack, so they download beside the wasm rather than after it.
(function () {
  // index.html's loading message stays until the app starts and removes it. When the app's code does not download
  // (its script or the wasm fails), it says so instead of loading for ever.
  var failed = function () {
    var boot = document.getElementById("boot");
    if (!boot) return;
    boot.textContent = "Pulse could not start: its code did not download. Check the connection and reload the page.";
    boot.className = "splash failed";
    boot.setAttribute("role", "alert");
  };
  // The bootstrap is a module whose top-level await rejects when the wasm does not download: an error on the window.
  // A script that does not load is an error on its element (seen while capturing); a preload's is not a failure.
  window.addEventListener("unhandledrejection", failed);
  window.addEventListener("error", function (e) {
    if (e.target === window || (e.target && e.target.tagName === "SCRIPT")) failed();
  }, true);

  // A page whose code is a wasm chunk (src/app.rs's lazy routes) gets that code beside the wasm, rather than once the
  // wasm has downloaded, started and routed: its pack (`fetchPack`, below). `/` is the serving overview unless
  // config.json turns the stats endpoint off, as core's config reads it (a stats_url of "" or [] or blanks; the
  // default has one), and then the list of experiments. One experiment's page is in the wasm itself, and its charts'
  // code comes after the first rows on purpose.
  var fetchAhead = function (route, config) {
    if (/^(runs\/[^/]+|compare|experiments\/compare|models(\/.+)?)\/?$/.test(route)) fetchPack("pages");
    else if (/^experiments\/?$/.test(route)) fetchPack("experiments");
    else if (/^serving\/?$/.test(route)) {
      fetchPack("serving");
      config.then(askStats, function () {});
    } else if (route === "") {
      config.then(function (c) {
        if (statsOff(c)) return fetchPack("experiments");
        fetchPack("serving");
        askStats(c);
      }, function () { fetchPack("serving"); });
    }
  };
  // config.json's stats_url, or null when it cannot be read.
  var statsSetting = function (c) {
    try {
      var json = c.status === 200 ? JSON.parse(c.text) : null;
      if (!json || typeof json !== "object") return null;
      return "stats_url" in json ? json.stats_url : DEFAULT_STATS_URL;
    } catch (e) {
      return null;
    }
  };
  // Whether config.json turns the stats endpoint off: a stats_url of "", [] or blanks.
  var statsOff = function (c) {
    var setting = statsSetting(c);
    if (setting === null) return false;
    return [].concat(setting).every(function (u) { return typeof u === "string" && u.trim() === ""; });
  };
  // The serving overview's first request, once per stats URL, as core's config.rs reads them: the default when
  // config.json names none; each URL trimmed, without its trailing slashes, and an absolute path, an http(s) URL or
  // a relative path. A URL the app would write differently is only a request it does not adopt; anything
  // unreadable is left to the app.
  var DEFAULT_STATS_URL = "inference/v1/stats";
  var askStats = function (c) {
    // A tab opened in the background polls once it is looked at: an answer from now would be stale by then.
    if (document.visibilityState === "hidden") return;
    var setting = statsSetting(c);
    if (setting === null) return;
    var urls = [].concat(setting);
    if (!urls.every(function (u) { return typeof u === "string"; })) return;
    urls.forEach(function (raw) {
      var url = raw.trim().replace(/\/+$/, "");
      var first = url.split("/")[0];
      var fine = /^https?:\/\//.test(url) || (url.charAt(0) === "/" && url.charAt(1) !== "/")
        || (first !== "" && first.indexOf(":") < 0 && url.indexOf("\\") < 0);
      if (!fine) return;
      keep("GET", url, "", function () { return fetch(url, limited({})); }).then(function (a) {
        if (a.status === 200) askRegistry(a.text);
      }, function () {});
    });
  };
  // The first poll then reads the registry entry and the versions of each registered model the stats name
  // (src/api/registry.rs's load_registry, core's registered_models: each model's registered_model, trimmed): the
  // same requests to the byte, asked for here once the stats come, so the first view does not wait a round trip
  // more for them after the wasm has started. Only when MLflow is proxied beside Pulse and this tab has no MLflow
  // sign-in, as for an experiment. A body JSON.parse cannot read (Python's bare NaN) is left to the app.
  var askRegistry = function (text) {
    var doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (!doc || !Array.isArray(doc.models)) return;
    doc.models.forEach(function (m) {
      var name = m && typeof m.registered_model === "string" ? m.registered_model.trim() : "";
      if (!name) return;
      // core's versions_of (quote_literal) and MODEL_VERSIONS_LIMIT.
      var literal = "'" + name.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
      askWithQuery(api + "registered-models/get", [["name", name]]);
      askWithQuery(api + "model-versions/search",
        [["filter", "name=" + literal], ["order_by", "version_number DESC"], ["max_results", "1000"]]);
    });
  };
  // Whether config.json says MLflow is proxied beside Pulse (its mlflow_url empty): the app then sends MLflow's
  // requests as early.js does, unless this tab signs in to MLflow (`signedIn`).
  var mlflowProxied = function (c) {
    try {
      return c.status === 200 && !JSON.parse(c.text).mlflow_url;
    } catch (e) {
      return false;
    }
  };
  // Whether this tab holds a sign-in to the MLflow proxied beside Pulse (src/hooks/use_credentials.rs keeps it with
  // MLflow's address, which for a proxied MLflow is Pulse's base), which the app's requests then carry.
  var signedIn = function () {
    try {
      var kept = JSON.parse(sessionStorage.getItem("pulse.mlflow.credentials") || "null");
      return !!kept && kept.mlflow === new URL("./", document.baseURI).href;
    } catch (e) {
      return true;
    }
  };
  // A page's chunk files, from the pack that holds them (scripts/split_hook.sh): one request beside the wasm, rather
  // than one per file once the wasm has downloaded, started and routed. The chunk loader asks here for each file
  // before fetching it itself (window.__pulseChunk: a promise of the file as a response, once, or undefined); a
  // file the pack did not bring (it failed, or lacks it) is fetched alone.
  var fromPack = {};
  window.__pulseChunk = function (file) {
    var answer = fromPack[file];
    delete fromPack[file];
    return answer;
  };
  var fetchPack = function (group) {
    var meta = document.querySelector('meta[name="pulse-packs"]');
    var entry = (meta ? meta.content.split(";") : []).map(function (e) { return e.split(":"); })
      .filter(function (e) { return e[0] === group && e.length === 3; })[0];
    if (!entry) return;
    var pack = fetch(entry[1] + ".bin").then(function (r) {
      if (!r.ok) throw new Error(entry[1] + ".bin: HTTP " + r.status);
      return r.arrayBuffer();
    });
    pack.catch(function () {});
    // The pack is its files one after the other, in the order index.html lists them as "name/size".
    var end = 0;
    entry[2].split(" ").forEach(function (listed) {
      var at = listed.lastIndexOf("/");
      var file = listed.slice(0, at) + ".wasm";
      var start = end;
      end += Number(listed.slice(at + 1));
      var stop = end;
      var answer = pack.then(function (buffer) {
        if (buffer.byteLength < stop) throw new Error(entry[1] + ".bin is too short for " + file);
        return new Response(buffer.slice(start, stop), { headers: { "Content-Type": "application/wasm" } });
      }).catch(function () { return fetch(file); });
      answer.catch(function () {});
      fromPack[file] = answer;
    });
  };

  // An answer with when it came (src/api/early.rs leaves an old one, e.g. of a tab opened in the background and
  // looked at later, to the app's own request).
  var answered = function (r) {
    return r.text().then(function (text) { return { status: r.status, text: text, at: performance.now() }; });
  };
  // A data request's options with the app's time limit (src/api/http.rs, 30 s), so a hung server fails it (and the
  // app asks again itself) rather than holding the app's first request until a proxy gives up.
  var limited = function (options) {
    if (typeof AbortSignal !== "undefined" && AbortSignal.timeout) options.signal = AbortSignal.timeout(30000);
    return options;
  };
  var config = fetch("config.json").then(answered);
  config.catch(function () {});
  // config.json's answer once read, for what is asked after that (null until then).
  var configRead = null;
  config.then(function (c) { configRead = c; }, function () {});
  var early = (window.__pulseEarly = { config: config, requests: {} });
  // Sends a request (`send()`, a promise of its response) once, and files its answer where src/api/early.rs looks
  // for it: keyed by method, URL with its query, and body, as that file keys the app's requests.
  // Returns the answer (the one already filed, for a request sent before).
  var keep = function (method, url, body, send) {
    var key = method + " " + url + " " + body;
    if (!early.requests[key]) {
      early.requests[key] = send().then(answered);
      early.requests[key].catch(function () {});
    }
    return early.requests[key];
  };

  // One of MLflow's requests as the app sends it: filed under `url` as written (src/api/early.rs keys a query
  // unencoded), and sent to `sent` (the same, encoded) if given. Asked before config.json is read (an experiment's,
  // at start), it goes out at once: config.json is here early (index.html preloads it), but reading it waits for a
  // main thread that is at its busiest then (tens of milliseconds on a first visit), and its answer is kept only
  // when config.json says MLflow is proxied beside Pulse; elsewhere what Pulse's own origin answers (a 404 from a
  // static host) is left unused. Asked after (the registry reads), it goes out only when MLflow is proxied.
  var api = "api/2.0/mlflow/";
  var ask = function (method, url, body, sent) {
    return keep(method, url, body || "", function () {
      if (signedIn()) return Promise.reject(new Error("this tab signs in to MLflow"));
      var notProxied = new Error("MLflow is not proxied beside Pulse");
      if (configRead && !mlflowProxied(configRead)) return Promise.reject(notProxied);
      var response = fetch(sent || url,
        limited(body ? { method: method, headers: { "Content-Type": "application/json" }, body: body } : {}));
      response.catch(function () {});
      return config.then(function (c) {
        if (!mlflowProxied(c)) throw notProxied;
        return response;
      });
    });
  };
  // A GET with a query (`[[key, value], …]`).
  var askWithQuery = function (url, query) {
    var raw = query.map(function (q) { return q[0] + "=" + q[1]; }).join("&");
    ask("GET", url + "?" + raw, "", url + "?" + new URLSearchParams(query));
  };

  var base = new URL(document.baseURI).pathname;
  if (location.pathname.indexOf(base) !== 0) return;
  var route = location.pathname.slice(base.length);
  fetchAhead(route, config);
  var id = /^experiments\/(\d+)\/?$/.exec(route);
  var query = new URLSearchParams(location.search);
  if (!id || query.get("filter") || query.get("sort")) return;
  // The runs first: MLflow often runs one worker, which answers in the order asked.
  // Field order and page size as core's SearchRunsRequest::new writes them (RUNS_PAGE_SIZE).
  ask("POST", api + "runs/search", JSON.stringify({ experiment_ids: [id[1]], max_results: 70, run_view_type: "ACTIVE_ONLY" }));
  ask("GET", api + "experiments/get?experiment_id=" + id[1]);
})();
