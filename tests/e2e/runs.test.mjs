// User stories for issue 2: experiments, the runs table, the run page, deep links and failures, against a
// real MLflow server seeded through its REST API and the release build behind real nginx.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { before, describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";
import { ExperimentPage, ExperimentsPage, RunPage } from "./pages.mjs";

const WAIT = { timeout: 15_000 };
// The app's main wasm (its chunks are split_*/chunk_*), for the tests of a first visit whose code is slow or missing.
const MAIN_WASM = /\/pulse-[^/]*_bg\.wasm$/;
let stack, page, textId;

async function searchRuns(body) {
  const res = await mlflowApi(stack.mlflow, "runs/search", { experiment_ids: [textId], max_results: 1000, ...body });
  return res.runs ?? [];
}
const runByName = async (name) => (await searchRuns({})).find((r) => r.info.run_name === name);

useStack({ mlflowPort: 5151, port: 8181, pagingRuns: 150 }, (s) => { stack = s; }, (p) => { page = p; });
before(async () => {
  textId = (await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text")).experiment.experiment_id;
});

describe("experiments and runs", () => {
  it("lists the experiments and opens one to its runs with F1 values", async () => {
    const list = new ExperimentsPage(page);
    await list.open(stack.url);
    for (const name of ["tiktok_safety_text", "tiktok_safety_video", "tiktok_safety_fusion"]) {
      await list.link(name).waitFor(WAIT);
    }
    await list.link("tiktok_safety_text").click();
    await page.waitForURL(`**/experiments/${textId}`);
    await page.getByRole("heading", { name: "tiktok_safety_text", level: 1 }).waitFor(WAIT);
    const runs = new ExperimentPage(page);
    await runs.waitForRows();
    const expected = await runByName("hparam-sweep");
    const f1 = expected.data.metrics.find((m) => m.key === "eval_f1").value;
    const cell = runs.row("hparam-sweep").locator("td.num").first();
    assert.equal(Number(await cell.getAttribute("title")), f1);
    // Every top-level run of the experiment is listed (children fold under their parents).
    const topLevel = (await searchRuns({})).filter((r) => !r.data.tags?.some((t) => t.key === "mlflow.parentRunId"));
    const shown = await runs.names();
    for (const r of topLevel) assert.ok(shown.includes(r.info.run_name), `${r.info.run_name} listed`);
  });

  it("searches experiments with MLflow's filter syntax", async () => {
    const list = new ExperimentsPage(page);
    await list.open(stack.url);
    const box = page.getByRole("searchbox", { name: "Filter experiments" });
    await box.fill("name LIKE '%video%'");
    await box.press("Enter");
    await page.waitForURL(/filter=/);
    await list.link("tiktok_safety_text").waitFor({ state: "detached", ...WAIT });
    assert.deepEqual(await list.table().locator("tbody a").allTextContents(), ["tiktok_safety_video"]);
  });

  it("filters runs on the server and shows only the matching ones", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    const filter = "metrics.eval_f1 > 0.8";
    const want = (await searchRuns({ filter })).map((r) => r.info.run_name).sort();
    assert.ok(want.length > 0 && want.length < 20, `seed gives a real subset, got ${want.length}`);
    await runs.filter(filter);
    await page.waitForURL(/filter=metrics.eval_f1/);
    await page.waitForFunction((n) => document.querySelectorAll("table.runs tr.run").length === n, want.length, WAIT);
    assert.deepEqual((await runs.names()).sort(), want);
    for (const v of await runs.column("eval_f1")) assert.ok(v === "+inf" || Number(v) > 0.8, `eval_f1 ${v}`);
  });

  it("asks for a first visit's experiment, runs and config once, before the app has started, and not for a filtered view", async () => {
    const searches = [];
    let configs = 0, experiments = 0;
    const onRequest = (r) => {
      if (r.url().endsWith("/api/2.0/mlflow/runs/search")) searches.push(JSON.parse(r.postData() ?? "{}"));
      if (new URL(r.url()).pathname.endsWith("/config.json")) configs += 1;
      if (new URL(r.url()).pathname.endsWith("/api/2.0/mlflow/experiments/get")) experiments += 1;
    };
    page.on("request", onRequest);
    try {
      const runs = new ExperimentPage(page);
      await page.goto(`${stack.url}/experiments/${textId}`);
      await runs.waitForRows();
      await page.getByRole("heading", { level: 1, name: "tiktok_safety_text" }).waitFor(WAIT);
      const adopted = (what) => page.evaluate((what) => performance.getEntriesByName(`pulse:early:${what}`).length, what);
      assert.equal(await adopted("runs/search"), 1, "the app took the runs early.js asked for");
      assert.equal(await adopted("experiments/get"), 1, "the app took the experiment early.js asked for");
      const firstPages = searches.filter((b) => b.max_results === 70 && !b.page_token);
      assert.equal(firstPages.length, 1, `one first-page search, got ${JSON.stringify(searches)}`);
      assert.equal(configs, 1, "config.json is read once: the app takes early.js's answer");
      assert.equal(experiments, 1, "the experiment is read once: the app takes early.js's answer");
      // Every run of MLflow's first page is a row (children under their parents).
      assert.equal((await runs.names()).length, Math.min((await searchRuns({})).length, 70));

      searches.length = 0;
      await page.goto(`${stack.url}/experiments/${textId}?filter=${encodeURIComponent("metrics.eval_f1 > 0.8")}`);
      await runs.waitForRows();
      assert.equal(await adopted("runs/search"), 0, "a filtered view is not asked for early");
      assert.ok(searches.some((b) => b.filter === "metrics.eval_f1 > 0.8"), "the app sent its own search");
    } finally {
      page.off("request", onRequest);
    }
  });

  it("shows MLflow's own message for an invalid filter and keeps the table", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    const before = await runs.names();
    await runs.filter("metrics.eval_f1 >> 0.8");
    await runs.filterError().waitFor(WAIT);
    assert.match(await runs.filterError().textContent(), /Invalid comparator '>>'/);
    assert.deepEqual(await runs.names(), before);
  });

  it("sorts through the server when a column header is clicked", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    for (const [direction, url] of [["DESC", /sort=-metric:eval_f1/], ["ASC", /sort=metric:eval_f1/]]) {
      await runs.sortBy("eval_f1");
      await page.waitForURL(url);
      const want = (await searchRuns({ order_by: [`metrics.eval_f1 ${direction}`], max_results: 5 })).map((r) => r.info.run_name);
      await page.waitForFunction(
        (first) => document.querySelector("table.runs tr.run td.name a")?.textContent === first, want[0], WAIT);
      const th = runs.table().locator("th", { hasText: "eval_f1" }).first();
      assert.equal(await th.getAttribute("aria-sort"), direction === "DESC" ? "descending" : "ascending");
    }
  });

  it("lets the user pick the metric and param columns, eval_f1 first", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    const headers = async () => (await runs.table().locator("thead th").allTextContents()).map((h) => h.replace(/[▲▼]/g, "").trim());
    const before = await headers();
    assert.equal(before[6], "eval_f1", `first metric column: ${before}`);
    assert.ok(before.includes("eval_accuracy") && before.includes("batch_size"));
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "eval_accuracy", exact: true }).uncheck();
    await page.getByRole("checkbox", { name: "optimizer", exact: true }).check();
    await page.waitForFunction(() => ![...document.querySelectorAll("table.runs thead th")].some((th) => th.textContent.trim() === "eval_accuracy"), null, WAIT);
    assert.ok((await headers()).includes("optimizer"));
    // Escape closes the drop-down, with focus back on its button; so does a click elsewhere.
    const picker = page.locator("details.columns-picker");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("details.columns-picker").open, null, WAIT);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Columns");
    await page.getByText("Columns", { exact: true }).click();
    assert.equal(await picker.getAttribute("open"), "");
    await page.getByRole("heading", { level: 1 }).click();
    await page.waitForFunction(() => !document.querySelector("details.columns-picker").open, null, WAIT);
    // The choice is kept in the URL, so a reload or a shared link shows the same columns.
    await page.waitForURL((url) => url.searchParams.get("cols") === "~metric:eval_accuracy,param:optimizer", WAIT);
    await page.reload();
    await runs.waitForRows();
    const after = await headers();
    assert.ok(after.includes("optimizer") && !after.includes("eval_accuracy"), `after a reload: ${after}`);
  });

  it("brings back the columns of the history entry the browser goes back to, and leaves a link as it was written", async () => {
    const runs = new ExperimentPage(page);
    const shown = async () => (await runs.table().locator("thead th").allTextContents()).map((h) => h.replace(/[▲▼]/g, "").trim());
    const link = `${stack.url}/experiments/${textId}?cols=~metric:eval_accuracy`;
    await page.goto(link);
    await runs.waitForRows();
    assert.ok(!(await shown()).includes("eval_accuracy"));
    // Opening the link wrote nothing over it (the settings are written 400 ms after a change).
    const entries = await page.evaluate(() => history.length);
    await page.waitForTimeout(700);
    assert.equal(page.url(), link);
    assert.equal(await page.evaluate(() => history.length), entries);
    // A filter is a new history entry; in it, the column comes back.
    await runs.filter("metrics.eval_f1 > 0");
    await page.waitForURL(/filter=/);
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "eval_accuracy", exact: true }).check();
    await page.waitForURL((url) => url.searchParams.get("cols") === "metric:eval_accuracy", WAIT);
    await page.keyboard.press("Escape");
    // Back: the entry before the filter, with its columns.
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has("filter"), WAIT);
    await page.waitForFunction(() => ![...document.querySelectorAll("table.runs thead th")].some((th) => th.textContent.trim() === "eval_accuracy"), null, WAIT);
    await page.goForward();
    await page.waitForFunction(() => [...document.querySelectorAll("table.runs thead th")].some((th) => th.textContent.trim().startsWith("eval_accuracy")), null, WAIT);
  });

  it("keeps a closed F1 timeline and open system tags in the URL", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    await page.locator("details.timeline > summary").click();
    await page.waitForURL((url) => url.searchParams.get("timeline") === "0", WAIT);
    // The chart's code comes late: until it does, its slot is one line high, as the closed section will be, so the
    // runs table does not move when the section takes its place.
    const late = /\/split_timeline-[^/]*\.wasm$/;
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(late, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await runs.waitForRows();
    await page.locator(".timeline-slot.closed").waitFor(WAIT);
    const tableTop = () => page.locator("table.runs").evaluate((t) => Math.round(t.getBoundingClientRect().top));
    const before = await tableTop();
    release();
    await page.locator("details.timeline").waitFor(WAIT);
    await page.unroute(late);
    assert.equal(await page.locator("details.timeline").evaluate((d) => d.open), false);
    assert.ok(Math.abs(await tableTop() - before) <= 1, `the runs table moved from ${before} px to ${await tableTop()} px`);

    const run = await runByName("hparam-sweep");
    await page.goto(`${stack.url}/runs/${run.info.run_id}`);
    await page.locator("details.system-tags > summary").click();
    await page.waitForURL((url) => url.searchParams.get("systags") === "1", WAIT);
    await page.reload();
    await page.getByRole("table", { name: "System tags" }).waitFor(WAIT);
    assert.equal(await page.locator("details.system-tags").evaluate((d) => d.open), true);
  });

  it("keeps the run page's chart settings in the URL", async () => {
    const run = await runByName("hparam-sweep-child-0");
    await page.goto(`${stack.url}/runs/${run.info.run_id}`);
    // A run's own page shows every digit MLflow has.
    await mlflowApi(stack.mlflow, "runs/log-metric", { run_id: run.info.run_id, key: "exact_metric", value: 0.912345678, timestamp: Date.now() });
    await page.reload();
    assert.equal(await new RunPage(page).value("Metrics", "exact_metric"), "0.912345678");
    const metric = page.getByRole("combobox", { name: "Metric", exact: true });
    await metric.selectOption("eval_loss");
    await page.getByLabel("Log scale").check();
    await page.waitForURL((url) => url.search === "?metric=eval_loss&log=1", WAIT);
    await page.reload();
    await page.getByLabel("Log scale").waitFor(WAIT);
    assert.equal(await metric.inputValue(), "eval_loss");
    assert.ok(await page.getByLabel("Log scale").isChecked());
    // Back to the defaults, the URL is the run's own again.
    await metric.selectOption("eval_f1");
    await page.getByLabel("Log scale").uncheck();
    await page.waitForURL((url) => url.search === "", WAIT);
  });

  it("nests child runs under their parent and folds them", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}?sort=run_name`);
    await runs.waitForRows();
    const names = await runs.names();
    const at = names.indexOf("hparam-sweep");
    assert.deepEqual(names.slice(at, at + 4).sort(),
      ["hparam-sweep", "hparam-sweep-child-0", "hparam-sweep-child-1", "hparam-sweep-child-2"]);
    const fold = page.getByRole("button", { name: "Hide 3 child runs of hparam-sweep" });
    await fold.click();
    await runs.row("hparam-sweep-child-0").waitFor({ state: "detached", ...WAIT });
    // Folded in the URL too: a reload or a shared link shows the table as it was.
    const parent = await runByName("hparam-sweep");
    await page.waitForURL((url) => url.searchParams.get("fold") === parent.info.run_id, WAIT);
    await page.reload();
    await runs.waitForRows();
    assert.ok((await runs.names()).includes("hparam-sweep"));
    assert.equal(await runs.row("hparam-sweep-child-0").count(), 0);
    await page.getByRole("button", { name: "Show 3 child runs of hparam-sweep" }).click();
    await runs.row("hparam-sweep-child-0").waitFor(WAIT);
    await page.waitForURL((url) => !url.searchParams.has("fold"), WAIT);
  });

  it("pages through a large experiment and renders only the rows in view", async () => {
    const { experiment_id: id } = (await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=paging")).experiment;
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${id}`);
    await runs.waitForRows();
    await page.getByText("70 runs loaded, more available").waitFor(WAIT);
    assert.ok((await runs.rows().count()) < 70, "rows outside the view are not in the DOM");
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText("150 runs", { exact: true }).waitFor(WAIT);
    assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);
    // Scrolling to the end brings the last run (oldest first in MLflow's default order) into the DOM.
    const oldest = (await mlflowApi(stack.mlflow, "runs/search", { experiment_ids: [id], max_results: 1, order_by: ["attributes.start_time ASC"] })).runs[0];
    await page.locator(".table-scroll").evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await runs.row(oldest.info.run_name).waitFor(WAIT);
  });

  it("reloads when the filter already applied is searched again, showing runs logged since", async () => {
    const { experiment_id: id } = await mlflowApi(stack.mlflow, "experiments/create", { name: "fresh_runs" });
    const logRun = (name) => mlflowApi(stack.mlflow, "runs/create", { experiment_id: id, run_name: name, start_time: Date.now() });
    await logRun("first-run");
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${id}`);
    await runs.row("first-run").waitFor(WAIT);
    await logRun("second-run");
    await runs.filterBox().press("Enter");
    await runs.row("second-run").waitFor(WAIT);
    assert.equal(new URL(page.url()).search, "", "a refresh, not a new search");
  });

  it("hides deleted experiments until asked", async () => {
    const { experiment_id: id } = await mlflowApi(stack.mlflow, "experiments/create", { name: "retired_experiment" });
    await mlflowApi(stack.mlflow, "experiments/delete", { experiment_id: id });
    const list = new ExperimentsPage(page);
    await list.open(stack.url);
    await list.link("tiktok_safety_text").waitFor(WAIT);
    assert.equal(await list.link("retired_experiment").count(), 0);
    await page.getByRole("checkbox", { name: "Show deleted" }).check();
    await list.link("retired_experiment").waitFor(WAIT);
    assert.match(await list.table().locator("tr", { hasText: "retired_experiment" }).innerText(), /deleted/);
  });

  it("keeps the selection in the URL across a reload", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    const [a, b] = ["hparam-sweep", "weird_metrics"];
    const box = (name) => page.getByRole("checkbox", { name: `Select run ${name}`, exact: true });
    await box(a).check();
    await box(b).check();
    const ids = [(await runByName(a)).info.run_id, (await runByName(b)).info.run_id];
    await page.waitForURL(new RegExp(`runs=${ids[0]},${ids[1]}`));
    await page.reload();
    await runs.waitForRows();
    assert.ok(await box(a).isChecked());
    assert.ok(await box(b).isChecked());
    await page.getByText("2 selected").waitFor(WAIT);
  });
});

describe("run page", () => {
  it("shows HTML in names, tags and params as text, and survives a reload", async () => {
    const name = "<img src=x onerror=alert(1)>";
    const run = await runByName(name);
    await page.goto(`${stack.url}/runs/${run.info.run_id}`);
    const view = new RunPage(page);
    await view.heading().waitFor(WAIT);
    assert.equal(await view.heading().textContent(), name);
    assert.equal(await view.value("Tags", "note"), "<b>bold</b><script>alert(2)</script>");
    assert.equal(await view.value("Params", "html"), "<i>x</i>");
    assert.equal(await page.locator("main img, main b, main i, main script").count(), 0);
    await page.reload();
    await view.heading().waitFor(WAIT);
    assert.equal(await view.heading().textContent(), name);
  });

  it("shows NaN and infinities as such, with a link to MLflow's UI", async () => {
    const run = await runByName("weird_metrics");
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    await runs.row("weird_metrics").getByRole("link").click();
    await page.waitForURL(`**/runs/${run.info.run_id}`);
    const view = new RunPage(page);
    await view.table("Metrics").waitFor(WAIT);
    assert.equal(await view.value("Metrics", "nan_metric"), "NaN");
    assert.equal(await view.value("Metrics", "pos_inf_metric"), "+inf");
    assert.equal(await view.value("Metrics", "neg_inf_metric"), "-inf");
    const link = page.getByRole("link", { name: /Open in MLflow/ });
    assert.equal(await link.getAttribute("href"), `${stack.mlflow}/#/experiments/${textId}/runs/${run.info.run_id}`);
    // Back and forward move between the pages the user saw.
    await page.goBack();
    await runs.waitForRows();
    await page.goForward();
    await view.table("Metrics").waitFor(WAIT);
  });

  it("says a missing run is not found", async () => {
    await page.goto(`${stack.url}/runs/0123456789abcdef0123456789abcdef`);
    await page.getByRole("heading", { name: "Not found" }).waitFor(WAIT);
  });
});

describe("shell", () => {
  it("shows the server, its health and version, and remembers the theme", async () => {
    await page.goto(`${stack.url}/experiments`);
    await page.getByText("● up").waitFor(WAIT);
    // The version MLflow itself reports, so the file proves any MLflow it runs against (PULSE_MLFLOW_BIN).
    const version = (await (await fetch(`${stack.mlflow}/version`)).text()).trim();
    await page.getByText(`MLflow ${version}`, { exact: true }).waitFor(WAIT);
    const toggle = page.getByRole("button", { name: /^Theme:/ });
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    await page.reload();
    await page.getByText("● up").waitFor(WAIT);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    // Back on System, the page follows the OS as it switches, without a reload.
    await toggle.click();
    await page.getByRole("button", { name: "Theme: system" }).waitFor(WAIT);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    await page.emulateMedia({ colorScheme: "light" });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light", null, WAIT);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark", null, WAIT);
    assert.equal(await theme(), "dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light", null, WAIT);
    await page.evaluate(() => localStorage.removeItem("pulse-theme"));
  });

  it("falls back to defaults with a warning when config.json is broken", async () => {
    const good = readFileSync(stack.configPath, "utf8");
    writeFileSync(stack.configPath, "{ not json");
    try {
      await page.goto(`${stack.url}/experiments`);
      await page.getByText(/config\.json is not valid JSON/).waitFor(WAIT);
      await new ExperimentsPage(page).link("tiktok_safety_text").waitFor(WAIT);
    } finally {
      writeFileSync(stack.configPath, good);
    }
  });

  it("shows a loading message while the app's code downloads, then the page (issue 10)", async () => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const hold = async (route) => { await held; await route.continue(); };
    await page.route(MAIN_WASM, hold);
    try {
      await page.goto(`${stack.url}/experiments/${textId}`, { waitUntil: "commit" });
      await page.locator("#boot").getByText("Loading Pulse…").waitFor(WAIT);
      release();
      await new ExperimentPage(page).waitForRows();
    } finally {
      release();
      await page.unroute(MAIN_WASM, hold);
    }
    assert.equal(await page.locator("#boot").count(), 0, "the app removed the loading message when it started");
  });

  it("says so when the app's code does not download, instead of loading for ever (issue 10)", async () => {
    await page.route(MAIN_WASM, (route) => route.abort());
    try {
      await page.goto(`${stack.url}/experiments/${textId}`);
      await page.getByRole("alert").filter({ hasText: "Pulse could not start: its code did not download." }).waitFor(WAIT);
    } finally {
      await page.unroute(MAIN_WASM);
    }
    // The browser reports the failed download; that report is this test's subject, not a problem.
    const failed = page.problems.filter((p) => /Failed to fetch|WebAssembly|wasm/i.test(p));
    assert.ok(failed.length > 0, `the failed download was reported: ${JSON.stringify(page.problems)}`);
    page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !failed.includes(p)));
    await page.reload();
    await new ExperimentPage(page).waitForRows();
  });

  it("says so when a page's code does not download, and the app keeps working (issue 10)", async () => {
    // An experiment's page is in the main wasm; the run page is a lazy route, fetched as wasm chunks.
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    // The page's own chart code (asked for a frame after the first rows) is in before the downloads start failing,
    // so the only failure logged is the run page's.
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:timeline").length > 0, null, WAIT);
    const chunks = /\/(split|chunk)_[^/]*\.wasm$/;
    await page.route(chunks, (route) => route.abort());
    await runs.row("hparam-sweep").getByRole("link", { name: "hparam-sweep", exact: true }).click();
    await page.getByRole("heading", { name: "Page not downloaded" }).waitFor(WAIT);
    // The split loader logs the failed fetch; nothing panicked, so the app still answers.
    const failed = page.problems.filter((p) => p.includes("Failed to fetch"));
    assert.ok(failed.length > 0, "the loader logged the failed download");
    page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !failed.includes(p)));
    await page.unroute(chunks);
    await page.goBack();
    await runs.waitForRows();
    await runs.row("hparam-sweep").getByRole("link", { name: "hparam-sweep", exact: true }).click();
    await new RunPage(page).heading().filter({ hasText: "hparam-sweep" }).waitFor(WAIT);
  });

  it("shows the runs when the chart's code does not download, and draws the chart on Try again (issue 10)", async () => {
    // The F1-over-time chart is a wasm chunk of its own, fetched after the runs table's first page.
    const runs = new ExperimentPage(page);
    const chunks = /\/(split|chunk)_[^/]*\.wasm$/;
    await page.route(chunks, (route) => route.abort());
    const alert = page.getByRole("alert").filter({ hasText: "The chart's code did not download" });
    try {
      await page.goto(`${stack.url}/experiments/${textId}`);
      await runs.waitForRows();
      await alert.waitFor(WAIT);
    } finally {
      await page.unroute(chunks);
    }
    const failed = page.problems.filter((p) => p.includes("Failed to fetch"));
    assert.ok(failed.length > 0, "the loader logged the failed download");
    page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !failed.includes(p)));
    await alert.getByRole("button", { name: "Try again" }).click();
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:timeline").length > 0, null, WAIT);
    assert.equal(await alert.count(), 0);
    await runs.waitForRows();
  });
});

// Last: it stops the MLflow server for good.
describe("MLflow going away", () => {
  it("says the server is unreachable instead of showing a blank page", async () => {
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await runs.waitForRows();
    // The F1-over-time chart has its data too, so the only request that meets the stopped server is the filter's.
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:timeline").length > 0, null, WAIT);
    await stack.stopMlflow();
    await runs.filter("metrics.eval_f1 > 0.5");
    await page.getByRole("heading", { name: "MLflow server unreachable" }).waitFor(WAIT);
    assert.ok((await runs.names()).length > 0, "the runs already shown stay on screen");
    await page.getByRole("link", { name: "Experiments" }).first().click();
    await page.getByRole("heading", { name: "MLflow server unreachable" }).waitFor(WAIT);
    await page.getByText("● unreachable").waitFor({ timeout: 20_000 });
  });
});
