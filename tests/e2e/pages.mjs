// Page objects: what a user sees and does on each Pulse page, by role and label where the DOM has them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { mlflowApi } from "./harness.mjs";

export class ExperimentsPage {
  constructor(page) { this.page = page; }
  async open(base) { await this.page.goto(`${base}/experiments`); await this.table().waitFor(); }
  table() { return this.page.getByRole("table", { name: "Experiments" }); }
  link(name) { return this.table().getByRole("link", { name, exact: true }); }
}

export class ExperimentPage {
  constructor(page) { this.page = page; }
  table() { return this.page.getByRole("table", { name: "Runs" }); }
  rows() { return this.page.locator("table.runs tr.run"); }
  row(name) { return this.rows().filter({ has: this.page.getByRole("link", { name, exact: true }) }); }
  filterBox() { return this.page.getByRole("searchbox", { name: "Filter runs" }); }
  filterError() { return this.page.locator(".filter-error"); }
  async waitForRows() { await this.rows().first().waitFor(); }
  async filter(text) {
    await this.filterBox().fill(text);
    await this.filterBox().press("Enter");
  }
  /** The run names in table order. */
  async names() { return this.rows().locator("td.name a").allTextContents(); }
  /** The text of one column (by header text) for every row, in table order. */
  async column(header) {
    const headers = await this.table().locator("thead th").allTextContents();
    const index = headers.findIndex((h) => h.replace(/[▲▼]/g, "").trim() === header);
    assert.ok(index >= 0, `no column ${header} in ${headers}`);
    return this.rows().locator(`td:nth-child(${index + 1})`).allTextContents();
  }
  async sortBy(header) {
    await this.table().getByRole("button", { name: header, exact: false }).first().click();
  }
}

export class RunPage {
  constructor(page) { this.page = page; }
  heading() { return this.page.getByRole("heading", { level: 1 }); }
  table(name) { return this.page.getByRole("table", { name, exact: true }); }
  async value(tableName, key) {
    return this.table(tableName).getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: key, exact: true }) }).locator("td").textContent();
  }
}

export class ComparePage {
  constructor(page) { this.page = page; }
  diffTable() { return this.page.getByRole("table", { name: "Runs side by side" }); }
  /** The diff table's row for a param, metric or tag key. */
  row(key) { return this.diffTable().locator("tbody tr").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`\\b${key}\\b`) }) }); }
  runHeads() { return this.diffTable().locator("thead th a"); }
  diffOnly() { return this.page.getByRole("checkbox", { name: "Differences only" }); }
  legend() { return this.page.getByRole("group", { name: "Runs on the chart" }).getByRole("button"); }
  trendCanvas() { return this.page.locator(".trend-panel canvas.chart"); }
  async waitForTable() { await this.diffTable().waitFor(); }
  /** Saves what a button downloads and returns its text. */
  async download(button) {
    const [download] = await Promise.all([this.page.waitForEvent("download"), button.click()]);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
  }
}

/**
 * How many pixels of each colour (hex, e.g. "#0072b2") a canvas shows, within a small tolerance for
 * anti-aliasing: proof of what was drawn, read from the canvas itself.
 */
export async function canvasColors(canvas, colors) {
  return canvas.evaluate((el, hexes) => {
    const rgb = hexes.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const data = el.getContext("2d").getImageData(0, 0, el.width, el.height).data;
    const counts = hexes.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      rgb.forEach((c, i) => {
        if (Math.abs(data[p] - c[0]) < 6 && Math.abs(data[p + 1] - c[1]) < 6 && Math.abs(data[p + 2] - c[2]) < 6) counts[i]++;
      });
    }
    return counts;
  }, colors);
}

// ------------------------------------------------------------------ accessibility (a11y.test.mjs, make bench)

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const A11Y_WAIT = { timeout: 30_000 };
const A11Y_MODEL = "text_classification_model";

/**
 * The demo data's ids, read from the MLflow at `base`: two experiments, three runs of the first with an F1, one
 * model version. Adds a deleted experiment (once), for the list that shows deleted ones.
 */
export async function a11yDemo(base) {
  const retired = "a11y_retired";
  const known = await mlflowApi(base, `experiments/get-by-name?experiment_name=${retired}`).catch(() => null);
  if (!known) {
    const { experiment_id } = await mlflowApi(base, "experiments/create", { name: retired });
    await mlflowApi(base, "experiments/delete", { experiment_id });
  }
  const { experiments } = await mlflowApi(base, "experiments/search", { max_results: 100 });
  const id = (name) => experiments.find((e) => e.name === name).experiment_id;
  const text = id("tiktok_safety_text");
  const video = id("tiktok_safety_video");
  const { runs } = await mlflowApi(base, "runs/search",
    { experiment_ids: [text], filter: "metrics.eval_f1 > 0", max_results: 3 });
  const { model_versions } = await mlflowApi(base,
    `model-versions/search?filter=${encodeURIComponent(`name='${A11Y_MODEL}'`)}`);
  return { text, video, runs: runs.map((r) => r.info.run_id), version: model_versions[0].version };
}

/**
 * Every page of Pulse for the accessibility checks, on the Playwright page `page()` returns (tests open a new one
 * per test): its name, its path for the ids of
 * `a11yDemo`, and `ready()`, which resolves once its content is in (tables filled, charts drawn) and nothing says
 * it is loading any more.
 */
export function a11yPages(page) {
  const WAIT = A11Y_WAIT, MODEL = A11Y_MODEL;
  /** Resolves once every chart named (its `pulse:chart:<name>` measure) has been drawn at least `n` times. */
  const chartsDrawn = (names, n = 1) => page().waitForFunction(({ names, n }) =>
    names.every((name) => performance.getEntriesByName(`pulse:chart:${name}`).length >= n), { names, n }, WAIT);
  /** Resolves once nothing on the page still says it is loading. */
  const settled = () => page().waitForFunction(() =>
    !document.querySelector(".loading, .splash, .progress.active") && !document.body.innerText.includes("Loading"),
  null, WAIT);
  const pages = [
    {
      name: "the serving overview", path: () => "/serving",
      ready: async () => {
        await page().locator("article.serving-card span.status.ready").first().waitFor(WAIT);
        await page().getByRole("table", { name: "Update history" }).waitFor(WAIT);
        await chartsDrawn(["served-f1"]);
        await page().locator(`svg.spark-line path.dot[d^="M"]`).first().waitFor(WAIT);
      },
    },
    {
      name: "the experiments list", path: () => "/experiments",
      ready: () => page().getByRole("table", { name: "Experiments" }).getByRole("link", { name: "tiktok_safety_text" }).waitFor(WAIT),
    },
    {
      name: "the experiments list with deleted ones shown", path: () => "/experiments?deleted=1",
      ready: () => page().getByRole("table", { name: "Experiments" }).locator("tr.deleted", { hasText: "a11y_retired" }).waitFor(WAIT),
    },
    {
      name: "an experiment's runs table, one run ticked", path: (d) => `/experiments/${d.text}`,
      ready: async () => {
        await page().locator("table.runs tr.run").first().waitFor(WAIT);
        await chartsDrawn(["timeline"]);
        // A ticked row has its own background: its link and badges must stay readable on it.
        await page().locator("table.runs tr.run").first().getByRole("checkbox").check();
        await page().locator("table.runs tr.run.selected").waitFor(WAIT);
      },
    },
    {
      name: "experiments side by side", path: (d) => `/experiments/compare?ids=${d.text},${d.video}`,
      ready: async () => {
        await page().locator("table.best tbody tr").first().waitFor(WAIT);
        await page().locator("table.runs tr.run").first().waitFor(WAIT);
        await chartsDrawn(["ranked", "timeline"]);
      },
    },
    {
      name: "a run", path: (d) => `/runs/${d.runs[0]}`,
      ready: async () => {
        await page().getByRole("heading", { name: "Params", exact: true }).waitFor(WAIT);
        await chartsDrawn(["trend"]);
      },
    },
    {
      name: "runs compared, one hidden from the chart", path: (d) => `/compare?runs=${d.runs.join(",")}`,
      ready: async () => {
        await page().getByRole("table", { name: "Runs side by side" }).waitFor(WAIT);
        await chartsDrawn(["trend", "bars", "parallel", "scatter"]);
        // A hidden run's legend entry is struck through: it must stay readable.
        await page().getByRole("group", { name: "Runs on the chart" }).getByRole("button").first().click();
        await page().locator(".legend-item.off").waitFor(WAIT);
        await chartsDrawn(["trend"], 2);
      },
    },
    {
      name: "the model registry", path: () => "/models",
      ready: async () => {
        await page().getByRole("table", { name: "Models" }).getByRole("link", { name: MODEL, exact: true }).waitFor(WAIT);
        await page().waitForFunction(() => !document.body.innerText.includes("…"), null, WAIT);
      },
    },
    {
      name: "a model's versions", path: () => `/models/${MODEL}`,
      ready: async () => {
        await page().getByRole("table", { name: "Versions" }).locator("tbody tr").first().waitFor(WAIT);
        await chartsDrawn(["f1-versions"]);
      },
    },
    {
      name: "a model version", path: (d) => `/models/${MODEL}/versions/${d.version}`,
      ready: () => chartsDrawn(["trend"]),
    },
    {
      name: "the page-not-found page", path: () => "/no/such/page",
      ready: () => page().getByRole("heading", { name: "Page not found" }).waitFor(WAIT),
    },
  ];
  return pages.map((p) => ({ ...p, ready: async () => { await p.ready(); await settled(); } }));
}

/**
 * Runs axe on `page` as it is and returns its serious and critical violations, one readable line per rule: the
 * rule, its impact, how many elements, the first few of them (CSS selectors) and what to fix on the first.
 */
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, not as a <script> tag, so the page's CSP (no inline script) stays on.
  await page.evaluate(AXE);
  const violations = await page.evaluate((tags) =>
    window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((r) => r.violations), AXE_TAGS);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const targets = v.nodes.map((n) => n.target.join(" "));
      const shown = targets.slice(0, 3).join(", ") + (targets.length > 3 ? `, and ${targets.length - 3} more` : "");
      const fix = (v.nodes[0]?.failureSummary ?? v.help).replace(/\s+/g, " ");
      return `${v.id} (${v.impact}), ${targets.length} element(s): ${shown}. ${v.help}. ${fix}`;
    });
}
