// User stories for issue 10 (accessibility): a user who relies on contrast, a screen reader or the keyboard can
// use every page of Pulse in the light and the dark theme. axe-core (WCAG 2.x A and AA rules) checks each page
// once its content is in (tables filled, charts drawn) and the test fails on any serious or critical violation,
// naming the rule, the elements and what to fix.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";

const WAIT = { timeout: 30_000 };
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const MODEL = "text_classification_model";
let stack, page;

useStack({
  mlflowPort: 5211, port: 8261,
  stats: [{ name: "w1", port: 8262, args: ["--poll-seconds", "1", "--demo-traffic"] }],
}, (s) => { stack = s; }, (p) => { page = p; });

/**
 * The demo data's ids, read from MLflow: two experiments, three runs of the first with an F1, one model version.
 * Adds a deleted experiment, for the list that shows deleted ones.
 */
async function demo() {
  const { experiment_id: retired } = await mlflowApi(stack.mlflow, "experiments/create", { name: "a11y_retired" });
  await mlflowApi(stack.mlflow, "experiments/delete", { experiment_id: retired });
  const { experiments } = await mlflowApi(stack.mlflow, "experiments/search", { max_results: 100 });
  const id = (name) => experiments.find((e) => e.name === name).experiment_id;
  const text = id("tiktok_safety_text");
  const video = id("tiktok_safety_video");
  const { runs } = await mlflowApi(stack.mlflow, "runs/search",
    { experiment_ids: [text], filter: "metrics.eval_f1 > 0", max_results: 3 });
  const { model_versions } = await mlflowApi(stack.mlflow,
    `model-versions/search?filter=${encodeURIComponent(`name='${MODEL}'`)}`);
  return { text, video, runs: runs.map((r) => r.info.run_id), version: model_versions[0].version };
}

/** Resolves once every chart named (its `pulse:chart:<name>` measure) has been drawn at least `n` times. */
const chartsDrawn = (names, n = 1) => page.waitForFunction(({ names, n }) =>
  names.every((name) => performance.getEntriesByName(`pulse:chart:${name}`).length >= n), { names, n }, WAIT);

/** Resolves once nothing on the page still says it is loading. */
const settled = () => page.waitForFunction(() =>
  !document.querySelector(".loading, .splash, .progress.active") && !document.body.innerText.includes("Loading"),
null, WAIT);

/** Every page, with what "its content is in" means there. */
const PAGES = [
  {
    name: "the serving overview", path: () => "/serving",
    ready: async () => {
      await page.locator("article.serving-card span.status.ready").first().waitFor(WAIT);
      await page.getByRole("table", { name: "Update history" }).waitFor(WAIT);
      await chartsDrawn(["sparkline", "served-f1"]);
    },
  },
  {
    name: "the experiments list", path: () => "/experiments",
    ready: () => page.getByRole("table", { name: "Experiments" }).getByRole("link", { name: "tiktok_safety_text" }).waitFor(WAIT),
  },
  {
    name: "the experiments list with deleted ones shown", path: () => "/experiments?deleted=1",
    ready: () => page.getByRole("table", { name: "Experiments" }).locator("tr.deleted", { hasText: "a11y_retired" }).waitFor(WAIT),
  },
  {
    name: "an experiment's runs table, one run ticked", path: (d) => `/experiments/${d.text}`,
    ready: async () => {
      await page.locator("table.runs tr.run").first().waitFor(WAIT);
      await chartsDrawn(["timeline"]);
      // A ticked row has its own background: its link and badges must stay readable on it.
      await page.locator("table.runs tr.run").first().getByRole("checkbox").check();
      await page.locator("table.runs tr.run.selected").waitFor(WAIT);
    },
  },
  {
    name: "experiments side by side", path: (d) => `/experiments/compare?ids=${d.text},${d.video}`,
    ready: async () => {
      await page.locator("table.best tbody tr").first().waitFor(WAIT);
      await page.locator("table.runs tr.run").first().waitFor(WAIT);
      await chartsDrawn(["ranked", "timeline"]);
    },
  },
  {
    name: "a run", path: (d) => `/runs/${d.runs[0]}`,
    ready: async () => {
      await page.getByRole("heading", { name: "Params", exact: true }).waitFor(WAIT);
      await chartsDrawn(["trend"]);
    },
  },
  {
    name: "runs compared, one hidden from the chart", path: (d) => `/compare?runs=${d.runs.join(",")}`,
    ready: async () => {
      await page.getByRole("table", { name: "Runs side by side" }).waitFor(WAIT);
      await chartsDrawn(["trend", "bars", "parallel", "scatter"]);
      // A hidden run's legend entry is struck through: it must stay readable.
      await page.getByRole("group", { name: "Runs on the chart" }).getByRole("button").first().click();
      await page.locator(".legend-item.off").waitFor(WAIT);
      await chartsDrawn(["trend"], 2);
    },
  },
  {
    name: "the model registry", path: () => "/models",
    ready: async () => {
      await page.getByRole("table", { name: "Models" }).getByRole("link", { name: MODEL, exact: true }).waitFor(WAIT);
      await page.waitForFunction(() => !document.body.innerText.includes("…"), null, WAIT);
    },
  },
  {
    name: "a model's versions", path: () => `/models/${MODEL}`,
    ready: async () => {
      await page.getByRole("table", { name: "Versions" }).locator("tbody tr").first().waitFor(WAIT);
      await chartsDrawn(["f1-versions"]);
    },
  },
  {
    name: "a model version", path: (d) => `/models/${MODEL}/versions/${d.version}`,
    ready: () => chartsDrawn(["trend"]),
  },
  {
    name: "the page-not-found page", path: () => "/no/such/page",
    ready: () => page.getByRole("heading", { name: "Page not found" }).waitFor(WAIT),
  },
];

/**
 * Runs axe on the page as it is and returns its serious and critical violations, one readable line per rule: the
 * rule, its impact, how many elements, the first few of them (CSS selectors) and what to fix on the first.
 */
async function seriousViolations() {
  // Evaluated through the DevTools protocol, not as a <script> tag, so the page's CSP (no inline script) stays on.
  await page.evaluate(AXE);
  const violations = await page.evaluate((tags) =>
    window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
      .then((r) => r.violations), TAGS);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => {
      const targets = v.nodes.map((n) => n.target.join(" "));
      const shown = targets.slice(0, 3).join(", ") + (targets.length > 3 ? `, and ${targets.length - 3} more` : "");
      const fix = (v.nodes[0]?.failureSummary ?? v.help).replace(/\s+/g, " ");
      return `${v.id} (${v.impact}), ${targets.length} element(s): ${shown}. ${v.help}. ${fix}`;
    });
}

let ids;
for (const theme of ["light", "dark"]) {
  describe(`every page in the ${theme} theme`, () => {
    for (const p of PAGES) {
      it(`${p.name} has no serious or critical accessibility problem`, async () => {
        ids ??= await demo();
        // The OS's colour scheme: Pulse follows it until the user picks a theme.
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`${stack.url}${p.path(ids)}`);
        await p.ready();
        await settled();
        assert.equal(await page.locator("html").getAttribute("data-theme"), theme);
        const found = await seriousViolations();
        if (found.length) console.log(`${p.name}, ${theme}:\n  ${found.join("\n  ")}`);
        assert.deepEqual(found, [], `axe on ${p.path(ids)} in the ${theme} theme`);
      });
    }
  });
}
