// Pulse benchmarks, run by scripts/bench.sh (`make bench`), which starts one MLflow server holding a 2,000-run
// experiment and nginx serving a snapshot of dist/ in front of it, then calls this file with:
//   BENCH_PULSE_URL      Pulse behind nginx, e.g. http://127.0.0.1:8290
//   BENCH_MLFLOW_URL     the same MLflow server, direct (its own UI and REST API), e.g. http://127.0.0.1:5290
//   BENCH_DIST           the directory nginx serves (sizes are computed from these files)
//   BENCH_CONFIG         the file nginx serves as /config.json
//   BENCH_EXPERIMENT     name of the big experiment (bench_2000)
//   BENCH_REPEAT         timed samples per app (default 3)
//   BENCH_WARMUP         untimed visits per app before the samples (default 1)
//   BENCH_PAUSE_MS       pause after each visit, so the next one does not share the one MLflow worker with
//                        requests the previous page left in flight (default 2000)
//   BENCH_SECTIONS       comma-separated subset of the sections below (default: all)
//   BENCH_RESULTS        where to write the JSON results (default .bench/results.json)
//   BENCH_PROFILES       where the throwaway Chromium profiles go (default: the system temp directory)
//
// Sections: bundle, first-row, first-row-10 (the same first row in the view of 10 experiments side by side,
// against one experiment's page), api, chart (draw time of the F1-across-versions chart), charts (trend chart of
// 10 runs x 10,000 steps, compare page of 50 runs x 20 metrics), scale (50,000 runs loaded by scrolling),
// serving (the serving overview's first visit and its per-poll update time).
// Adding a benchmark: write `async function name(ctx)` that prints its lines with `say(section, text)` and
// returns a JSON-able object, and add it to SECTIONS. It lands in results.json under `sections.<name>`.
// `ctx` holds the URLs, the experiment id and helpers: `visit(url, { selector, ... })` measures one cold
// Chromium visit and `mlflowApi(endpoint, body)` calls MLflow's REST API.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, ROOT, mlflowApi as callMlflow } from "./harness.mjs";

const env = (name, fallback) => process.env[name] ?? fallback;
const PULSE_URL = env("BENCH_PULSE_URL", "http://127.0.0.1:8290");
const SERVING_URL = env("BENCH_SERVING_URL", "http://127.0.0.1:8291");
const MLFLOW_URL = env("BENCH_MLFLOW_URL", "http://127.0.0.1:5290");
const DIST = resolve(ROOT, env("BENCH_DIST", "dist"));
const CONFIG = resolve(ROOT, env("BENCH_CONFIG", ".bench/config.json"));
const EXPERIMENT = env("BENCH_EXPERIMENT", "bench_2000");
const REPEAT = Math.max(1, Number(env("BENCH_REPEAT", "3")));
const WARMUP = Math.max(0, Number(env("BENCH_WARMUP", "1")));
const PAUSE_MS = Math.max(0, Number(env("BENCH_PAUSE_MS", "2000")));
const RESULTS = resolve(ROOT, env("BENCH_RESULTS", ".bench/results.json"));
const PROFILES = resolve(ROOT, env("BENCH_PROFILES", tmpdir()));
const VISIT_TIMEOUT_MS = Number(env("BENCH_TIMEOUT_MS", "90000"));
const TARGET_BUNDLE_BYTES = 350_000; // "350 KB", read as SI kilobytes (the stricter reading)
const TARGET_RATIO = 5;

const VIEWPORT = { width: 1400, height: 900 };

// ---------------------------------------------------------------------------------------------- helpers

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const say = (section, text = "") => console.log(`${section.padEnd(14)}${text}`);
const heading = (text) => console.log(`\n== ${text}`);
const warnings = [];
const warn = (text) => { warnings.push(text); console.log(`WARNING       ${text}`); };

const mlflowApi = (endpoint, body, base = MLFLOW_URL) => callMlflow(base, endpoint, body);

/**
 * Installed in every document before its own scripts run: on each animation frame, looks for the first element
 * matching `selector` that is rendered and inside the viewport, and records `performance.now()` (milliseconds
 * since navigation start) of the frame it first appears in, with what it matched. First contentful paint is
 * recorded too, for context.
 */
function firstVisibleProbe(selector) {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return false;
    return el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true;
  };
  const tick = () => {
    const el = [...document.querySelectorAll(selector)].find(visible);
    if (!el) return requestAnimationFrame(tick);
    const row = el.closest("tr, [role=row]");
    window.__benchFirst = {
      t: performance.now(),
      timeOrigin: performance.timeOrigin,
      href: el.getAttribute("href"),
      runId: el.getAttribute("data-run-id") ?? row?.getAttribute("data-run-id") ?? null,
      text: el.textContent.trim().slice(0, 300),
      rowText: (row ?? el).textContent.trim().slice(0, 300),
      matchCount: document.querySelectorAll(selector).length,
    };
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") window.__benchFcp = e.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch { /* no paint timing */ }
}

/**
 * One visit on a brand-new Chromium with a fresh, empty profile (nothing cached): navigate to `url` and wait for
 * `selector`'s first visible match. Returns the in-page timings and, if `record` is set, every response.
 */
async function visit(url, { selector, record = false }) {
  mkdirSync(PROFILES, { recursive: true });
  const profile = mkdtempSync(join(PROFILES, "pulse-bench-profile-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT,
  });
  try {
    const page = ctx.pages()[0] ?? await ctx.newPage();
    const responses = [];
    const problems = [];
    if (record) page.on("response", (r) => responses.push(r));
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.addInitScript(firstVisibleProbe, selector);
    const wallStart = Date.now();
    await page.goto(url, { waitUntil: "commit", timeout: VISIT_TIMEOUT_MS });
    const origin = await page.evaluate(() => performance.timeOrigin).catch(() => null);
    try {
      await page.waitForFunction(() => window.__benchFirst, null, { timeout: VISIT_TIMEOUT_MS, polling: 50 });
    } catch (e) {
      const shot = join(dirname(RESULTS), `timeout-${Date.now()}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      throw new Error(`no visible '${selector}' at ${url} within ${VISIT_TIMEOUT_MS} ms (screenshot ${shot}; ${problems.join("; ")})`);
    }
    const first = await page.evaluate(() => window.__benchFirst);
    const fcp = await page.evaluate(() => window.__benchFcp ?? null);
    // When the page's first runs/search request went out and came back (resource timing), for the breakdown.
    const search = await page.evaluate(() => {
      const e = performance.getEntriesByType("resource").find((r) => r.name.includes("/mlflow/runs/search"));
      return e ? { start: e.startTime, end: e.responseEnd } : null;
    });
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return n ? { type: n.type, name: n.name, responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd } : null;
    });
    // The page clock starts at navigation start; it must be the document we navigated to, not a later one.
    const sameDocument = origin !== null && Math.abs(first.timeOrigin - origin) < 1;
    const clockSkew = first.timeOrigin - wallStart;
    let files = [];
    if (record) {
      await page.waitForTimeout(1000); // late requests (the icon) still count as part of the first visit
      files = await Promise.all(responses.map(async (r) => {
        const sizes = await r.request().sizes().catch(() => null);
        return { url: r.url(), status: r.status(), encoding: r.headers()["content-encoding"] ?? "",
                 wireBody: sizes?.responseBodySize ?? null, type: r.request().resourceType() };
      }));
    }
    return { ms: first.t, first, fcp, search, nav, clockSkew, sameDocument, problems, files };
  } finally {
    await ctx.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

/** How busy all CPUs are over `ms` (from /proc/stat), while this benchmark itself is idle; null if unknown. */
async function cpuBusyPercent(ms) {
  const sample = () => {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = sample();
    await new Promise((r) => setTimeout(r, ms));
    const b = sample();
    return b.total > a.total ? 100 * (1 - (b.idle - a.idle) / (b.total - a.total)) : null;
  } catch { return null; }
}

/** Compressed sizes as the CLIs produce them: `gzip -9 -n` and `brotli -q 11`. */
function compressedSizes(file) {
  const raw = statSync(file).size;
  const gzip = execFileSync("gzip", ["-9", "-n", "-c", file], { maxBuffer: 1 << 30 }).length;
  const brotli = execFileSync("brotli", ["-q", "11", "-c", file], { maxBuffer: 1 << 30 }).length;
  return { raw, gzip, brotli };
}

// --------------------------------------------------------------------------------------------- sections

/** What a first visit to Pulse downloads: recorded from Chromium, measured on the files nginx served. */
async function bundle(ctx) {
  return firstVisitFiles(`${PULSE_URL}/experiments/${ctx.experimentId}`, ctx.pulseSelector, CONFIG);
}

/** Every file a first visit to `url` downloads, until `selector` shows, with its compressed sizes. */
async function firstVisitFiles(url, selector, config) {
  heading(`bundle: every file a first visit to Pulse downloads (recorded in Chromium at ${url}),`);
  console.log(`   sizes computed from the served files in ${DIST} (gzip -9, brotli -q 11); "wire" = what nginx sent (its gzip level 6)`);
  const v = await visit(url, { selector, record: true });
  const origin = new URL(url).origin;
  const isApi = (p) => p.startsWith("/api/") || p.startsWith("/inference/") || p === "/health" || p === "/version";
  const seen = new Set();
  const rows = [];
  for (const r of v.files) {
    const u = new URL(r.url);
    if (u.origin !== origin || isApi(u.pathname) || seen.has(u.pathname)) continue;
    seen.add(u.pathname);
    if (r.status !== 200) warn(`bundle: ${u.pathname} answered ${r.status}`);
    // nginx serves the shell for app routes and /config.json from the deployment's own file.
    const file = u.pathname === "/config.json" ? config
      : r.type === "document" ? join(DIST, "index.html")
      : join(DIST, decodeURIComponent(u.pathname));
    let sizes;
    try { sizes = compressedSizes(file); } catch { warn(`bundle: ${u.pathname} has no file at ${file}`); continue; }
    const name = r.type === "document" ? `index.html (as ${u.pathname})` : u.pathname.slice(1);
    rows.push({ name, path: u.pathname, file, type: r.type, ...sizes, wire: r.wireBody, wireEncoding: r.encoding });
  }
  const order = ["document", "script", "stylesheet", "fetch", "other", "image"];
  const kind = (r) => (r.path.endsWith(".wasm") ? 1.5 : order.indexOf(r.type) === -1 ? 9 : order.indexOf(r.type));
  rows.sort((a, b) => kind(a) - kind(b) || b.raw - a.raw);
  const total = { raw: 0, gzip: 0, brotli: 0, wire: 0 };
  for (const r of rows) for (const k of Object.keys(total)) total[k] += r[k] ?? 0;
  const w = Math.max(30, ...rows.map((r) => r.name.length)) + 2;
  const line = (name, r) => say("bundle", `${name.padEnd(w)}${fmt(r.raw).padStart(11)}${fmt(r.gzip).padStart(11)}${fmt(r.brotli).padStart(11)}${(r.wire == null ? "?" : fmt(r.wire)).padStart(11)}`);
  say("bundle", `${"file".padEnd(w)}${"raw B".padStart(11)}${"gzip B".padStart(11)}${"brotli B".padStart(11)}${"wire B".padStart(11)}`);
  for (const r of rows) line(r.name, r);
  line(`total (${rows.length} files)`, total);
  const verdict = (n) => (n < TARGET_BUNDLE_BYTES ? "ok" : "OVER");
  say("bundle", `brotli total: ${fmt(total.brotli)} B (target < 350 KB = ${fmt(TARGET_BUNDLE_BYTES)} B: ${verdict(total.brotli)})`);
  say("bundle", `gzip total:   ${fmt(total.gzip)} B (target < 350 KB = ${fmt(TARGET_BUNDLE_BYTES)} B: ${verdict(total.gzip)})`);
  // The chart module is fetched by the page's F1-over-time chart after the first row, not before it.
  const lazy = rows.filter((r) => /pulse-charts|snippets\//.test(r.path));
  const lazyBrotli = lazy.reduce((n, r) => n + r.brotli, 0);
  say("bundle", `of which the chart module (loaded after the first row): ${fmt(lazyBrotli)} B brotli; before it: ${fmt(total.brotli - lazyBrotli)} B`);
  const unfetched = readdirSync(DIST).filter((f) => !rows.some((r) => r.file === join(DIST, f)));
  if (unfetched.length) say("bundle", `in dist/ but not downloaded: ${unfetched.join(", ")} (config.json is the deployment's own file)`);
  return {
    url, files: rows.map(({ file, ...r }) => r), total,
    chart_module_brotli: lazyBrotli, target_bytes: TARGET_BUNDLE_BYTES, brotli_ok: total.brotli < TARGET_BUNDLE_BYTES, gzip_ok: total.gzip < TARGET_BUNDLE_BYTES,
    not_downloaded: unfetched,
  };
}

/** Navigation start to the first run row of the big experiment, Pulse vs MLflow's own UI, cold profiles. */
async function firstRow(ctx) {
  const id = ctx.experimentId;
  const apps = {
    pulse: { url: `${PULSE_URL}/experiments/${id}`, selector: ctx.pulseSelector },
    "mlflow-ui": { url: `${MLFLOW_URL}/#/experiments/${id}/runs`, selector: ctx.mlflowSelector },
  };
  heading(`first run row: navigation start -> first run row of ${EXPERIMENT} (${fmt(ctx.runCount)} runs) visible`);
  console.log("   timed in the page, not from Node: performance.now() (origin = navigation start) in the first animation");
  console.log("   frame where the row is in the DOM, rendered and inside the viewport; a new Chromium with an empty profile");
  console.log(`   per visit, ${VIEWPORT.width}x${VIEWPORT.height}, ${PAUSE_MS} ms pause between visits; ${WARMUP} untimed warm-up visit(s) per app, then ${REPEAT} sample(s) per app, alternating`);
  for (const [name, app] of Object.entries(apps)) say("first run row", `${name}: ${app.url}  selector ${app.selector}`);

  const samples = { pulse: [], "mlflow-ui": [] };
  const checked = {};
  const measure = async (name, timed) => {
    const app = apps[name];
    const v = await visit(app.url, { selector: app.selector });
    // Check the matched element really is a run row of this experiment (outside the timed part).
    const runId = v.first.runId ?? /(?:^|\/)runs\/([0-9a-f]{32})/.exec(v.first.href ?? "")?.[1];
    if (!runId) throw new Error(`${name}: the first match of ${app.selector} names no run (${JSON.stringify(v.first)})`);
    const run = (await mlflowApi(`runs/get?run_id=${runId}`)).run;
    const runName = run.info.run_name;
    if (run.info.experiment_id !== id) throw new Error(`${name}: first row's run ${runId} is in experiment ${run.info.experiment_id}, not ${id}`);
    if (!v.first.rowText.includes(runName)) throw new Error(`${name}: first row does not show its run's name ${runName}: ${v.first.rowText}`);
    checked[name] = { run_id: runId, run_name: runName, matches_in_dom: v.first.matchCount };
    if (!v.sameDocument || v.clockSkew < -50 || v.clockSkew > 1000)
      warn(`${name}: the page clock may not start at our navigation (same document: ${v.sameDocument}, time origin ${Math.round(v.clockSkew)} ms after goto)`);
    if (v.problems.length) warn(`${name}: ${v.problems.join("; ")}`);
    if (timed) samples[name].push({ ms: v.ms, fcp_ms: v.fcp, runs_search_start_ms: v.search?.start ?? null,
                                    runs_search_end_ms: v.search?.end ?? null, response_end_ms: v.nav?.responseEnd ?? null,
                                    dom_content_loaded_ms: v.nav?.domContentLoaded ?? null, run_id: runId });
    say("first run row", `  ${timed ? "sample " : "warm-up"} ${name.padEnd(10)} ${fmt(v.ms).padStart(6)} ms  (FCP ${v.fcp == null ? "?" : fmt(v.fcp)} ms, first runs/search ${v.search ? `${fmt(v.search.start)}-${fmt(v.search.end)}` : "?"} ms; row ${runName})`);
  };
  for (let i = 0; i < WARMUP; i++) for (const name of Object.keys(apps)) await measure(name, false);
  for (let i = 0; i < REPEAT; i++) {
    const order = i % 2 === 0 ? ["pulse", "mlflow-ui"] : ["mlflow-ui", "pulse"];
    for (const name of order) await measure(name, true);
  }
  const stats = Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { median_ms: median(s.map((x) => x.ms)), samples: s }]));
  const ratio = stats["mlflow-ui"].median_ms / stats.pulse.median_ms;
  const list = (k) => `[${stats[k].samples.map((s) => fmt(s.ms)).join(" ")}]`;
  say("first run row", `pulse median ${fmt(stats.pulse.median_ms)} ms ${list("pulse")}  mlflow-ui median ${fmt(stats["mlflow-ui"].median_ms)} ms ${list("mlflow-ui")}  ratio ${ratio.toFixed(1)}x (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? "ok" : "MISSED"})`);
  for (const [k, c] of Object.entries(checked))
    say("first run row", `checked ${k}: the matched row is run ${c.run_id} "${c.run_name}" of experiment ${id} (runs/get), ${c.matches_in_dom} run rows in the DOM`);
  return {
    experiment: EXPERIMENT, experiment_id: id, runs: ctx.runCount, timing: "in-page performance.now() since navigation start, first animation frame with the row visible",
    viewport: VIEWPORT, warmup_visits_per_app: WARMUP, pause_between_visits_ms: PAUSE_MS,
    apps: Object.fromEntries(Object.entries(apps).map(([k, a]) => [k, { ...a, ...stats[k], checked: checked[k] }])),
    ratio, target_ratio: TARGET_RATIO, ratio_ok: ratio >= TARGET_RATIO,
  };
}

/** Ids of 10 experiments for the combined view: the big one, then others, creating small ones (20 runs) if needed. */
async function tenExperiments(ctx) {
  const others = ((await mlflowApi("experiments/search", { max_results: 100 })).experiments ?? [])
    .map((e) => e.experiment_id).filter((id) => id !== ctx.experimentId);
  for (let i = 0; others.length < 9; i++) {
    const name = `bench_compare_${i}`;
    let id;
    try { id = (await mlflowApi(`experiments/get-by-name?experiment_name=${name}`)).experiment.experiment_id; }
    catch { id = (await mlflowApi("experiments/create", { name })).experiment_id; }
    if (others.includes(id)) continue;
    const now = Date.now();
    await Promise.all(Array.from({ length: 20 }, async (_, r) => {
      const run = (await mlflowApi("runs/create", { experiment_id: id, run_name: `${name}-${r}`, start_time: now - r * 60_000 })).run;
      await mlflowApi("runs/log-batch", { run_id: run.info.run_id, metrics: [{ key: "eval_f1", value: 0.6 + r / 100, timestamp: now, step: 0 }] });
      await mlflowApi("runs/update", { run_id: run.info.run_id, status: "FINISHED", end_time: now });
    }));
    others.push(id);
  }
  return [ctx.experimentId, ...others.slice(0, 9)];
}

/** Navigation start to the first run row of 10 experiments side by side, against one experiment's page. */
async function firstRowTen(ctx) {
  const ids = await tenExperiments(ctx);
  const apps = {
    "one": { url: `${PULSE_URL}/experiments/${ctx.experimentId}` },
    "ten": { url: `${PULSE_URL}/experiments/compare?ids=${ids.join(",")}` },
  };
  heading(`first run row, 10 experiments side by side (${ids.join(",")}) against ${EXPERIMENT} alone; cold profiles as first-row`);
  const samples = { one: [], ten: [] };
  const measure = async (name, timed) => {
    const v = await visit(apps[name].url, { selector: ctx.pulseSelector });
    const runId = v.first.runId ?? /\/runs\/([0-9a-f]{32})/.exec(v.first.href ?? "")?.[1];
    const run = runId && (await mlflowApi(`runs/get?run_id=${runId}`)).run;
    if (!run || !ids.includes(run.info.experiment_id)) throw new Error(`${name}: the first row is not a run of the chosen experiments (${JSON.stringify(v.first)})`);
    if (v.problems.length) warn(`${name}: ${v.problems.join("; ")}`);
    if (timed) samples[name].push(v.ms);
    say("first-row-10", `  ${timed ? "sample " : "warm-up"} ${name.padEnd(4)} ${fmt(v.ms).padStart(6)} ms  (first runs/search ${v.search ? `${fmt(v.search.start)}-${fmt(v.search.end)}` : "?"} ms)`);
  };
  for (let i = 0; i < WARMUP; i++) for (const name of Object.keys(apps)) await measure(name, false);
  for (let i = 0; i < REPEAT; i++) for (const name of i % 2 === 0 ? ["one", "ten"] : ["ten", "one"]) await measure(name, true);
  const one = median(samples.one), ten = median(samples.ten);
  say("first-row-10", `one experiment median ${fmt(one)} ms [${samples.one.map(fmt).join(" ")}]; ten side by side median ${fmt(ten)} ms [${samples.ten.map(fmt).join(" ")}]; ratio ${(ten / one).toFixed(2)}`);
  return { experiment_ids: ids, apps, one_median_ms: one, ten_median_ms: ten, samples, ratio: ten / one };
}

/** The MLflow server's own time for the first runs/search page, from Node, for context. */
async function api(ctx) {
  const body = { experiment_ids: [ctx.experimentId], max_results: 100, run_view_type: "ACTIVE_ONLY" };
  const n = Math.max(REPEAT, 5);
  heading(`api: MLflow's response time for the first runs/search page (100 runs), wall clock from Node fetch, ${n} requests`);
  const out = {};
  for (const [name, base] of [["direct", MLFLOW_URL], ["via nginx", PULSE_URL]]) {
    const times = [];
    let bytes = 0, runs = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/2.0/mlflow/runs/search`, {
        method: "POST", headers: { "Content-Type": "application/json", "Accept-Encoding": "identity" }, body: JSON.stringify(body),
      });
      const text = await res.text();
      times.push(performance.now() - t0);
      if (!res.ok) throw new Error(`runs/search via ${base}: HTTP ${res.status}`);
      bytes = text.length;
      runs = JSON.parse(text).runs?.length ?? 0;
    }
    if (runs !== 100) warn(`api: runs/search returned ${runs} runs, not 100`);
    say("api", `runs/search ${name.padEnd(10)} median ${fmt(median(times))} ms [${times.map(fmt).join(" ")}]  (${runs} runs, ${fmt(bytes)} B JSON)`);
    out[name.replace(" ", "_")] = { url: base, median_ms: median(times), samples_ms: times, runs, bytes };
  }
  return { body, ...out };
}

/** Draw time of the F1-across-versions chart, as the app records it in the User Timing entry below. */
async function chart() {
  const model = "text_classification_model";
  const entry = "pulse:chart:f1-versions";
  const n = Math.max(REPEAT, 5);
  heading(`chart: time to draw the F1-across-versions chart on /models/${model}, ${n} page loads`);
  console.log(`   read in the page from the User Timing measure "${entry}" that the app writes around each draw`);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const samples = [];
  try {
    for (let i = 0; i < n; i++) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(`${PULSE_URL}/models/${model}`, { timeout: VISIT_TIMEOUT_MS });
      const handle = await page.waitForFunction(
        (name) => performance.getEntriesByName(name)[0]?.duration, entry, { timeout: VISIT_TIMEOUT_MS });
      samples.push(await handle.jsonValue());
      await page.close();
    }
  } finally {
    await browser.close();
  }
  say("chart", `f1-versions draw median ${median(samples).toFixed(1)} ms [${samples.map((s) => s.toFixed(1)).join(" ")}]`);
  return { model, entry, median_ms: median(samples), samples_ms: samples };
}

/** Run ids of an experiment, newest first. */
async function runIdsOf(name, count) {
  const exp = await mlflowApi(`experiments/get-by-name?experiment_name=${name}`);
  const res = await mlflowApi("runs/search", { experiment_ids: [exp.experiment.experiment_id], max_results: count });
  return (res.runs ?? []).map((r) => r.info.run_id);
}

/** Loads a compare page `n` times and reads, per load, when the given User Timing measures finished. */
async function compareLoads(url, measures, n) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const loads = [];
  try {
    for (let i = 0; i < n; i++) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(url, { timeout: VISIT_TIMEOUT_MS });
      await page.waitForFunction((names) => names.every((m) => performance.getEntriesByName(m).length > 0),
        measures, { timeout: VISIT_TIMEOUT_MS, polling: 20 });
      loads.push(await page.evaluate((names) => {
        const table = performance.getEntriesByName("pulse:compare:table")[0];
        const history = performance.getEntriesByType("resource").find((r) => r.name.includes("get-history-bulk-interval"));
        const data = performance.getEntriesByName("pulse:trend:data")[0];
        const out = { table_ms: table?.startTime ?? null, history_end_ms: history?.responseEnd ?? null,
                      data_ms: data?.startTime ?? null, draws: {} };
        for (const m of names) {
          const e = performance.getEntriesByName(m);
          out.draws[m] = { first_ms: e[0].duration, first_done_ms: e[0].startTime + e[0].duration,
                           done_at_ms: Math.max(...e.map((x) => x.startTime + x.duration)) };
        }
        return out;
      }, measures));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return loads;
}

/**
 * Trend chart of 10 runs x 10,000 steps, and the compare page of 50 runs x 20 metrics. Draw times are the
 * app's User Timing measures, which cover preparing the chart in core (smoothing, gaps, reduction to the
 * canvas width), handing it to the chart module and drawing.
 */
async function charts() {
  const n = Math.max(REPEAT, 5);
  const long = await runIdsOf("long_training", 10);
  heading(`charts: trend of ${long.length} runs x 10,000 steps on /compare, ${n} page loads`);
  const trend = await compareLoads(`${PULSE_URL}/compare?runs=${long.join(",")}`, ["pulse:chart:trend"], n);
  const draws = trend.map((l) => l.draws["pulse:chart:trend"].first_ms);
  const afterData = trend.map((l) => l.draws["pulse:chart:trend"].first_done_ms - l.data_ms);
  const decode = trend.map((l) => l.data_ms - l.history_end_ms);
  const list = (xs) => `[${xs.map((d) => d.toFixed(1)).join(" ")}]`;
  say("charts", `trend draw call (10 x 10,000 steps) median ${median(draws).toFixed(1)} ms ${list(draws)}`);
  say("charts", `histories decoded to chart drawn median ${median(afterData).toFixed(1)} ms ${list(afterData)}  (target < 50 ms)`);
  say("charts", `  before that: response end to histories decoded median ${median(decode).toFixed(1)} ms ${list(decode)} (2,500 points x 10 runs of JSON)`);

  const wide = await runIdsOf("wide_comparison", 50);
  const measures = ["pulse:chart:trend", "pulse:chart:bars", "pulse:chart:parallel", "pulse:chart:scatter"];
  heading(`charts: compare page of ${wide.length} runs x 20 metrics, ${n} page loads`);
  const cmp = await compareLoads(`${PULSE_URL}/compare?runs=${wide.join(",")}`, measures, n);
  const table = cmp.map((l) => l.table_ms);
  say("charts", `diff table on screen median ${fmt(median(table))} ms after navigation [${table.map(fmt).join(" ")}]`);
  const allDrawn = cmp.map((l) => Math.max(...measures.map((m) => l.draws[m].done_at_ms)));
  say("charts", `all four charts drawn median ${fmt(median(allDrawn))} ms after navigation [${allDrawn.map(fmt).join(" ")}]`);
  const perChart = {};
  for (const m of measures) {
    const d = cmp.map((l) => l.draws[m].first_ms);
    perChart[m] = { median_ms: median(d), samples_ms: d };
    say("charts", `${m.replace("pulse:chart:", "").padEnd(9)} draw median ${median(d).toFixed(1)} ms [${d.map((x) => x.toFixed(1)).join(" ")}]`);
  }
  return {
    trend_10x10000: { runs: long.length, draw_median_ms: median(draws), draw_samples_ms: draws,
                      data_to_drawn_median_ms: median(afterData), decode_median_ms: median(decode) },
    compare_50x20: { runs: wide.length, table_median_ms: median(table), all_drawn_median_ms: median(allDrawn), draws: perChart },
  };
}

/**
 * Issue 12's scale promise: a 50,000-run experiment (BENCH_SCALE_EXPERIMENT, seeded once by bench.sh) opened in
 * one cold Chromium; the first row, then every run loaded by scrolling the table to its end each frame, the
 * heap afterwards, and frame times while scrolling through all of them from top to bottom.
 */
async function scale() {
  const name = env("BENCH_SCALE_EXPERIMENT", "bench_50000");
  const { experiment_id: id } = (await mlflowApi(`experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`)).experiment;
  heading(`scale: ${name} (experiment ${id}) loaded by scrolling, in one cold Chromium ${VIEWPORT.width}x${VIEWPORT.height}`);
  mkdirSync(PROFILES, { recursive: true });
  const profile = mkdtempSync(join(PROFILES, "pulse-bench-profile-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT,
  });
  try {
    const page = browser.pages()[0] ?? await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.addInitScript(firstVisibleProbe, "table.runs tr.run");
    // Trunk's bootstrap announces the app's wasm exports, whose memory is the app's heap.
    await page.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => { window.__benchWasm = e.detail.wasm; }));
    await page.goto(`${PULSE_URL}/experiments/${id}`, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__benchFirst, null, { timeout: VISIT_TIMEOUT_MS, polling: 50 });
    const firstRowMs = (await page.evaluate(() => window.__benchFirst)).t;
    // Scroll to the end of what is loaded on every frame until the count says everything is in.
    const loaded = await page.evaluate(() => new Promise((resolve) => {
      const step = () => {
        const box = document.querySelector(".table-scroll");
        const count = document.querySelector(".table-foot .count")?.textContent ?? "";
        if (document.querySelector(".splash")) return resolve({ error: "the start-up splash came back" });
        if (count && !count.includes("more available")) return resolve({ ms: performance.now(), count });
        if (box) box.scrollTop = box.scrollHeight;
        requestAnimationFrame(step);
      };
      step();
    }));
    if (loaded.error) throw new Error(`scale: ${loaded.error}`);
    const cdp = await browser.newCDPSession(page);
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = Object.fromEntries(metrics.filter((m) => m.name.startsWith("JSHeap")).map((m) => [m.name, m.value]));
    const wasmBytes = await page.evaluate(() => window.__benchWasm?.memory?.buffer?.byteLength ?? null);
    const rows = await page.locator("table.runs tr.run").count();
    // Frame times while scrolling from the top to the bottom in steps of 10 rows (340 px) a frame: a hard fling of
    // about 20,000 px/s, far faster than a mouse wheel, that still reuses the rows already in the DOM.
    const frames = await page.evaluate(() => new Promise((resolve) => {
      const box = document.querySelector(".table-scroll");
      box.scrollTop = 0;
      const deltas = [];
      let last = null;
      const step = (t) => {
        if (last !== null) deltas.push(t - last);
        last = t;
        if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) return resolve(deltas);
        box.scrollTop += 10 * 34;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    }));
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
    const ok = (good) => (good ? "OK" : "MISSED");
    say("scale", `first run row ${fmt(firstRowMs)} ms; all loaded (${loaded.count}) ${fmt(loaded.ms)} ms after navigation; ${rows} run rows in the DOM`);
    say("scale", `JS heap used ${fmt(heap.JSHeapUsedSize / 1024)} KB of ${fmt(heap.JSHeapTotalSize / 1024)} KB after GC; wasm memory ${wasmBytes == null ? "?" : `${fmt(wasmBytes / 1024)} KB`}`);
    say("scale", `scrolling top to bottom: ${frames.length} frames, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (budget <= 16.7 ms: ${ok(p95 <= 16.7)})`);
    if (problems.length) warn(`scale: ${problems.join("; ")}`);
    return { experiment: name, experiment_id: id, first_row_ms: firstRowMs, all_loaded_ms: loaded.ms, count: loaded.count,
             rows_in_dom: rows, js_heap: heap, wasm_memory_bytes: wasmBytes, frames: frames.length, frame_p95_ms: p95,
             frame_budget_ok: p95 <= 16.7 };
  } finally {
    await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Issue 8's serving overview, on a second nginx whose stats URL is a recorded document of 3 models and 1,000
 * updates: what its first visit downloads, and the in-browser time of each poll's update (decoding, joining
 * with the registry's promotions, aggregating, alerts), from the app's `pulse:serving:update` measures.
 */
async function serving() {
  const url = `${SERVING_URL}/serving`;
  const files = await firstVisitFiles(url, "article.serving-card", resolve(ROOT, ".bench/config-serving.json"));
  heading(`serving: each poll's update of ${url} (3 models, 1,000 updates; one poll a second)`);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName("pulse:serving:render").length >= 11, null, { timeout: 60_000 });
    const entries = (name) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);
    // The first poll joins every update with the registry's promotions; later ones bring the same updates (this
    // document is fixed, as a live service's is between two decisions) and reuse that join.
    const [[firstUpdate, ...ms], [firstRender, ...rendered]] = [await entries("pulse:serving:update"), await entries("pulse:serving:render")];
    const [med, renderMed] = [median(ms), median(rendered)];
    say("serving", `update per poll (decode, join, aggregate, alerts): median ${med.toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms over ${ms.length} polls after the first (target < 5 ms: ${med < 5 ? "OK" : "MISSED"})`);
    say("serving", `update and render (to the next task, cards, history and charts updated): median ${renderMed.toFixed(2)} ms, max ${Math.max(...rendered).toFixed(2)} ms (target < 16.7 ms: ${renderMed < 16.7 ? "OK" : "MISSED"})`);
    say("serving", `first poll (every update joined, first render): update ${firstUpdate.toFixed(2)} ms, with render ${firstRender.toFixed(2)} ms`);
    return { url, files, update_ms: ms, update_median_ms: med, update_ok: med < 5, render_ms: rendered,
             render_median_ms: renderMed, first_update_ms: firstUpdate, first_render_ms: firstRender };
  } finally {
    await browser.close();
  }
}

const SECTIONS = { bundle, "first-row": firstRow, "first-row-10": firstRowTen, api, chart, charts, scale, serving };

// ------------------------------------------------------------------------------------------------- main

async function main() {
  const wanted = env("BENCH_SECTIONS", Object.keys(SECTIONS).join(",")).split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of wanted) if (!SECTIONS[s]) throw new Error(`unknown section ${s}; known: ${Object.keys(SECTIONS).join(", ")}`);
  const experiment = (await mlflowApi(`experiments/get-by-name?experiment_name=${encodeURIComponent(EXPERIMENT)}`)).experiment;
  const experimentId = experiment.experiment_id;
  let runCount = 0, token;
  do {
    const page = await mlflowApi("runs/search", { experiment_ids: [experimentId], max_results: 1000, page_token: token });
    runCount += page.runs?.length ?? 0;
    token = page.next_page_token;
  } while (token);
  const ctx = {
    experimentId, runCount, visit, mlflowApi,
    pulseSelector: "table.runs tr.run",
    // MLflow 3.17.2's runs table is an AG Grid; each run row holds a link to the run named after it.
    mlflowSelector: `[role="row"] a[href*="/experiments/${experimentId}/runs/"]`,
  };
  const mlflowVersion = (await (await fetch(`${MLFLOW_URL}/version`)).text()).trim();
  const chromiumVersion = execFileSync("/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  const busy = await cpuBusyPercent(2000);
  console.log(`Pulse benchmarks: ${chromiumVersion}; MLflow ${mlflowVersion}; ${cpus().length} CPUs, ` +
              `${busy == null ? "?" : busy.toFixed(0)}% busy before measuring; experiment ${EXPERIMENT} (id ${experimentId}, ${fmt(runCount)} runs)`);
  if (busy > 20) warn(`the CPUs were ${busy.toFixed(0)}% busy with other work before measuring: the timings are skewed`);

  const results = {
    generated_at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, cpu_busy_percent_before: busy, chromium: chromiumVersion, mlflow: mlflowVersion, node: process.version },
    pulse_url: PULSE_URL, mlflow_url: MLFLOW_URL, sections: {}, warnings,
  };
  for (const name of wanted) results.sections[name] = await SECTIONS[name](ctx);
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nresults: ${RESULTS}${warnings.length ? ` (${warnings.length} warning(s))` : ""}`);
}

main().catch((e) => {
  console.error(`bench.mjs: ${e.stack ?? e}`);
  process.exit(1);
});
