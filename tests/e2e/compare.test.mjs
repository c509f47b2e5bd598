// User stories for issue 3: compare runs and read metric trends, against a real MLflow server seeded through
// its REST API and the release build behind real nginx, in headless Chromium.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { mlflowApi, newPage, useStack } from "./harness.mjs";
import { canvasColors, ComparePage, ExperimentPage } from "./pages.mjs";

const WAIT = { timeout: 15_000 };
// The first three colours of pulse_core::chart::ChartTheme::light()'s palette, and its threshold colour.
const RUN_COLORS = ["#0072b2", "#e69f00", "#009e73"];
const THRESHOLD = "#c8003c";
let stack, page, textId, runs;

useStack({ mlflowPort: 5155, port: 8187 }, (s) => { stack = s; }, (p) => { page = p; });
before(async () => {
  textId = (await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text")).experiment.experiment_id;
  runs = (await mlflowApi(stack.mlflow, "runs/search", { experiment_ids: [textId], max_results: 1000 })).runs;
});
const byName = (name) => runs.find((r) => r.info.run_name === name);
const f1Of = (run) => run.data.metrics.find((m) => m.key === "eval_f1").value;
const three = () => ["hparam-sweep-child-0", "hparam-sweep-child-1", "hparam-sweep-child-2"].map(byName);
const compareUrl = (list, extra = "") => `${stack.url}/compare?runs=${list.map((r) => r.info.run_id).join(",")}${extra}`;

describe("compare runs", () => {
  it("selects three runs, compares them, and hides identical rows", async () => {
    const table = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${textId}`);
    await table.waitForRows();
    for (const run of three()) {
      // The selection lives in the URL; the box shows it once the router has applied it.
      await table.row(run.info.run_name).getByRole("checkbox").click();
      await page.waitForURL(new RegExp(run.info.run_id));
    }
    await page.getByRole("link", { name: "Compare" }).click();
    await page.waitForURL(/\/compare\?runs=/);
    const compare = new ComparePage(page);
    await compare.waitForTable();
    assert.deepEqual((await compare.runHeads().allTextContents()).sort(), three().map((r) => r.info.run_name).sort());
    // Every run logs dataset_version=v2024.11: identical, so "differences only" hides it; lr may differ.
    await compare.row("dataset_version").waitFor(WAIT);
    assert.equal(await compare.row("dataset_version").locator("td").count(), 3);
    await compare.diffOnly().check();
    await compare.row("dataset_version").waitFor({ state: "detached", ...WAIT });
    await compare.row("eval_f1").waitFor(WAIT);
    await page.waitForURL(/diff=1/);
    // The best F1 of the three is highlighted, in the column of the run that has it.
    const best = three().reduce((a, b) => (f1Of(a) >= f1Of(b) ? a : b));
    const bestCells = compare.row("eval_f1").locator("td.best");
    assert.equal(await bestCells.count(), 1);
    assert.equal(Number(await bestCells.getAttribute("title")), f1Of(best));
  });

  it("draws three series and the threshold in the trend chart, and exports them as SVG", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl(three()));
    await compare.waitForTable();
    assert.equal(await compare.legend().count(), 3);
    const canvas = compare.trendCanvas();
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:trend").length > 0, null, WAIT);
    const counts = await canvasColors(canvas, [...RUN_COLORS, THRESHOLD]);
    counts.forEach((n, i) => assert.ok(n > 20, `colour ${[...RUN_COLORS, THRESHOLD][i]} drawn: ${counts}`));
    assert.match(await canvas.getAttribute("aria-label"), /eval_f1 by step for 3 runs; text_classification_model threshold 0\.75/);
    // Hiding a run in the legend removes its colour from the chart.
    await compare.legend().first().click();
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:trend").length > 1, null, WAIT);
    assert.equal((await canvasColors(canvas, [RUN_COLORS[0]]))[0], 0, "the hidden run is gone");
    await compare.legend().first().click();
    const svg = await compare.download(page.locator(".trend-panel").getByRole("button", { name: "SVG" }));
    assert.equal(svg.name, "eval_f1-history.svg");
    for (const c of RUN_COLORS) {
      assert.ok(svg.text.toUpperCase().includes(`STROKE="${c.toUpperCase()}"`), `series ${c} in the SVG`);
    }
    assert.ok(svg.text.includes("text_classification_model threshold 0.75"));
    for (const run of three()) assert.ok(svg.text.includes(run.info.run_name), "the export has a legend");
  });

  it("exports the diff table as CSV with MLflow's exact values", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl(three()));
    await compare.waitForTable();
    const csv = await compare.download(page.getByRole("button", { name: "Export CSV" }));
    assert.equal(csv.name, "pulse-compare.csv");
    assert.ok(csv.text.startsWith("\uFEFF"), "a byte order mark, so Excel reads UTF-8");
    const lines = csv.text.slice(1).trimEnd().split("\r\n");
    assert.equal(lines[0], ["kind", "key", ...three().map((r) => r.info.run_name)].join(","));
    assert.equal(lines[1], ["run", "run_id", ...three().map((r) => r.info.run_id)].join(","));
    const f1Line = lines.find((l) => l.startsWith("metric,eval_f1,"));
    assert.deepEqual(f1Line.split(",").slice(2).map(Number), three().map(f1Of));
    assert.ok(lines.includes("param,dataset_version,v2024.11,v2024.11,v2024.11"));

    // The same digits on screen, for whoever cannot hover a cell's tooltip; kept in the URL.
    const f1Cells = async () => (await compare.row("eval_f1").locator("td").allTextContents()).map((t) => Number(t.replace(" (best)", "")));
    await mlflowApi(stack.mlflow, "runs/log-metric", { run_id: three()[2].info.run_id, key: "zz_exact_digits", value: 0.123456789, timestamp: Date.now() });
    await page.reload();
    await compare.waitForTable();
    const digits = compare.row("zz_exact_digits").locator("td").nth(2);
    assert.equal(await digits.textContent(), "0.12346");
    await page.getByRole("checkbox", { name: "Exact values" }).check();
    await page.waitForURL((url) => url.searchParams.get("exact") === "1", WAIT);
    assert.equal(await digits.textContent(), "0.123456789");
    assert.deepEqual(await f1Cells(), three().map(f1Of));
    await page.reload();
    await compare.waitForTable();
    assert.ok(await page.getByRole("checkbox", { name: "Exact values" }).isChecked());
    assert.equal(await digits.textContent(), "0.123456789");
    assert.deepEqual(await f1Cells(), three().map(f1Of));
  });

  it("shows the same view after a reload of the deep link", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl(three(), "&metric=eval_loss&x=wall&log=1&diff=1"));
    await compare.waitForTable();
    const before = { heads: await compare.runHeads().allTextContents(), rows: await compare.diffTable().locator("tbody tr").count() };
    await page.reload();
    await compare.waitForTable();
    assert.deepEqual(await compare.runHeads().allTextContents(), before.heads);
    assert.equal(await compare.diffTable().locator("tbody tr").count(), before.rows);
    assert.ok(await compare.diffOnly().isChecked());
    assert.equal(await page.getByRole("combobox", { name: "Metric", exact: true }).inputValue(), "eval_loss");
    assert.equal(await page.locator(".trend-panel").getByLabel("X axis").inputValue(), "wall");
    assert.ok(await page.getByLabel("Log scale").isChecked());
    assert.match(page.url(), /metric=eval_loss/);
  });

  it("keeps the chart choices in the URL: a flipped direction, the bars, the parallel and scatter axes, a hidden run", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl(three()));
    await compare.waitForTable();
    const flip = (dir) => compare.row("eval_loss").getByRole("button", { name: `eval_loss: ${dir} is better; click to flip` });
    await flip("lower").click();
    await flip("higher").waitFor(WAIT);
    const barBox = (metric) => page.locator("fieldset.chip-picker").getByRole("checkbox", { name: metric, exact: true });
    await barBox("eval_loss").check();
    await barBox("eval_f1").uncheck();
    const axes = page.locator("details.columns-picker").filter({ has: page.getByText("Axes", { exact: true }) });
    await axes.locator("summary").click();
    await axes.getByRole("checkbox", { name: "eval_f1", exact: true }).uncheck();
    await page.getByLabel("Scatter x axis").selectOption("metric:eval_accuracy");
    await page.getByLabel("Scatter y axis").selectOption("eval_loss");
    await compare.legend().nth(1).click();
    const hidden = three()[1].info.run_id;
    await page.waitForURL((url) => ["flip=eval_loss", "bars=~eval_f1,eval_loss", "axes=~metric:eval_f1", "sx=metric:eval_accuracy",
      "sy=eval_loss", `hide=${hidden}`].every((part) => url.search.includes(part)), WAIT);

    await page.reload();
    await compare.waitForTable();
    await flip("higher").waitFor(WAIT);
    assert.ok(await barBox("eval_loss").isChecked());
    assert.ok(!(await barBox("eval_f1").isChecked()));
    await page.getByRole("img", { name: "eval_loss across runs" }).waitFor(WAIT);
    assert.equal(await page.getByRole("img", { name: "eval_f1 across runs" }).count(), 0);
    assert.equal(await page.getByLabel("Scatter x axis").inputValue(), "metric:eval_accuracy");
    assert.equal(await page.getByLabel("Scatter y axis").inputValue(), "eval_loss");
    await axes.locator("summary").click();
    assert.ok(!(await axes.getByRole("checkbox", { name: "eval_f1", exact: true }).isChecked()));
    assert.ok(await axes.getByRole("checkbox", { name: "eval_loss", exact: true }).isChecked());
    assert.deepEqual(await compare.legend().evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-pressed"))), ["true", "false", "true"]);
  });

  it("reads values on hover and picks a run from the bar chart", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl(three()));
    await compare.waitForTable();
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:bars").length > 0, null, WAIT);
    // The bar chart by its name: the trend chart above it comes when the histories do.
    const bars = page.getByRole("img", { name: "eval_f1 across runs" });
    const box = await bars.boundingBox();
    // Three bars over the plot: the middle third is the second run.
    await bars.hover({ position: { x: box.width / 2 + 20, y: box.height / 2 } });
    const second = three()[1];
    await page.locator(".chart-tip").filter({ hasText: second.info.run_name }).waitFor(WAIT);
    await bars.click({ position: { x: box.width / 2 + 20, y: box.height / 2 } });
    await compare.diffTable().locator("thead th.focused").filter({ hasText: second.info.run_name }).waitFor(WAIT);
    // The pick is part of the link.
    await page.waitForURL((url) => url.searchParams.get("pick") === second.info.run_id, WAIT);
    await page.reload();
    await compare.diffTable().locator("thead th.focused").filter({ hasText: second.info.run_name }).waitFor(WAIT);
  });

  it("walks a chart's marks with the keyboard and picks one with Enter", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl(three()));
    await compare.waitForTable();
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:scatter").length > 0, null, WAIT);
    const scatter = page.locator(".chart-box canvas").last();
    await scatter.focus();
    await page.keyboard.press("ArrowRight");
    const tip = page.locator(".chart-tip");
    await tip.waitFor(WAIT);
    const first = await tip.textContent();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((before) => document.querySelector(".chart-tip")?.textContent !== before, first, WAIT);
    const name = (await tip.textContent()).split("\n")[0];
    assert.ok(three().some((r) => r.info.run_name === name), `the read-out names a run: ${name}`);
    await page.keyboard.press("Enter");
    await compare.diffTable().locator("thead th.focused").filter({ hasText: name }).waitFor(WAIT);
  });

  it("shows NaN and infinite values as gaps with a note, never as best", async () => {
    const compare = new ComparePage(page);
    await page.goto(compareUrl([byName("weird_metrics"), byName("hparam-sweep")]));
    await compare.waitForTable();
    await page.getByRole("note").filter({ hasText: "1 infinite value is not drawn (gaps)." }).waitFor(WAIT);
    const f1 = compare.row("eval_f1").locator("td");
    assert.equal(await f1.first().textContent(), "+inf");
    // Only one finite F1 is left, so there is nothing to be best against.
    assert.equal(await compare.row("eval_f1").locator("td.best").count(), 0);
    assert.equal((await compare.row("nan_metric").locator("td").allTextContents()).join("|"), "NaN|—");
  });

  it("caps a comparison at 100 runs and names the runs it could not load", async () => {
    const ids = [...three().map((r) => r.info.run_id), ...Array.from({ length: 98 }, (_, i) => `${i}`.padStart(32, "f"))];
    await page.goto(`${stack.url}/compare?runs=${ids.join(",")}`);
    await page.getByText("101 runs were selected; Pulse compares at most 100").waitFor(WAIT);
    await page.getByText(/97 of the selected runs could not be loaded/).waitFor(WAIT);
    assert.equal(await new ComparePage(page).runHeads().count(), 3);
  });

  it("says so when no run is given", async () => {
    await page.goto(`${stack.url}/compare`);
    await page.getByText("No runs to compare.").waitFor(WAIT);
  });
});

describe("trend charts elsewhere", () => {
  it("shows F1 over time with the best so far on the experiment page", async () => {
    await page.goto(`${stack.url}/experiments/${textId}`);
    const canvas = page.locator(".timeline canvas.chart");
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:timeline").length > 0, null, WAIT);
    const finished = runs.filter((r) => r.info.status === "FINISHED" && (r.data.metrics ?? []).some((m) => m.key === "eval_f1" && typeof m.value === "number" && Math.abs(m.value) < 1e300));
    await page.locator(".timeline-summary").filter({ hasText: `${runs.filter((r) => r.info.status === "FINISHED").length} finished runs` }).waitFor(WAIT);
    assert.ok(finished.length > 10);
    const [threshold] = await canvasColors(canvas, [THRESHOLD]);
    assert.ok(threshold > 20, "the threshold line is drawn");
  });

  it("keeps the run page's tables in place while the history loads", async () => {
    const run = byName("hparam-sweep");
    const slow = /metrics\/get-history-bulk-interval/;
    await page.route(slow, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    try {
      await page.goto(`${stack.url}/runs/${run.info.run_id}`);
      const params = page.getByRole("table", { name: "Params", exact: true });
      await params.waitFor(WAIT);
      const before = await params.boundingBox();
      assert.equal(await page.evaluate(() => performance.getEntriesByName("pulse:chart:trend").length), 0, "measured before the chart");
      await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:trend").length > 0, null, WAIT);
      const after = await params.boundingBox();
      assert.ok(Math.abs(after.y - before.y) < 2, `the params table moved from ${before.y} to ${after.y}`);
    } finally {
      await page.unroute(slow);
    }
  });

  it("shows a run's history on its page and switches the x axis", async () => {
    const run = byName("hparam-sweep");
    await page.goto(`${stack.url}/runs/${run.info.run_id}`);
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:trend").length > 0, null, WAIT);
    const canvas = page.locator(".trend-panel canvas.chart");
    assert.match(await canvas.getAttribute("aria-label"), /eval_f1 by step for 1 run\b/);
    await page.getByLabel("X axis").selectOption("relative");
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:trend").length > 1, null, WAIT);
    assert.match(await canvas.getAttribute("aria-label"), /by time since start/);
  });
});

describe("time zones", () => {
  it("reads a history across a daylight-saving change in the viewer's offset of each moment", async () => {
    // A run whose F1 is logged at noon UTC on 30 March and 1 April 2024; Berlin moved to summer time between.
    const exp = await mlflowApi(stack.mlflow, "experiments/create", { name: `dst_zone_${Date.now()}` });
    const run = (await mlflowApi(stack.mlflow, "runs/create", { experiment_id: exp.experiment_id, run_name: "dst-run" })).run;
    const noon = (day) => Date.UTC(2024, 2, day, 12);
    await mlflowApi(stack.mlflow, "runs/log-batch", {
      run_id: run.info.run_id,
      metrics: [30, 31, 32].map((day, step) => ({ key: "eval_f1", value: 0.7 + step / 100, timestamp: noon(day), step })),
    });
    // A page of the harness's (console errors, panics and CSP violations fail the test) in Berlin's zone.
    const berlin = await newPage(page.context().browser(), { timezoneId: "Europe/Berlin" });
    try {
      await berlin.goto(`${stack.url}/compare?runs=${run.info.run_id}&metric=eval_f1&x=wall`);
      await berlin.waitForFunction(() => performance.getEntriesByName("pulse:chart:trend").length > 0, null, WAIT);
      const canvas = berlin.locator(".trend-panel canvas.chart");
      const box = await canvas.boundingBox();
      // The read-out names the point nearest the pointer: at a fifth of the width the first, at 85% the last.
      // Their times: 13:00 in winter time (+1), 14:00 in summer time (+2). One offset for the whole axis would
      // read one of them an hour off.
      const readAt = async (share, day) => {
        await canvas.hover({ position: { x: box.width * share, y: box.height / 2 } });
        const tip = berlin.locator(".chart-tip", { hasText: day });
        await tip.waitFor(WAIT);
        return (await tip.textContent()).trim();
      };
      assert.match(await readAt(0.85, "04-01"), /04-01 14:00/);
      assert.match(await readAt(0.2, "03-30"), /03-30 13:00/);
      assert.deepEqual(berlin.problems, []);
    } finally {
      await berlin.close();
    }
  });
});
