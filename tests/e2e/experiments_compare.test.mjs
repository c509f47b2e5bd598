// User stories for issue 11: several experiments side by side. Tick experiments on the list, open the combined
// view, filter, sort and select across them, open the compare page, check the best of each against MLflow's
// own values, and reload a deep link; against a real MLflow seeded through its REST API and the release build
// behind real nginx.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";
import { ComparePage, ExperimentPage, ExperimentsPage } from "./pages.mjs";

const WAIT = { timeout: 20_000 };
let stack, page;
const ids = {};

useStack({ mlflowPort: 5181, port: 8221 }, (s) => { stack = s; }, (p) => { page = p; });
before(async () => {
  for (const [key, name] of [["text", "tiktok_safety_text"], ["video", "tiktok_safety_video"], ["fusion", "tiktok_safety_fusion"]]) {
    ids[key] = (await mlflowApi(stack.mlflow, `experiments/get-by-name?experiment_name=${name}`)).experiment.experiment_id;
  }
});

/** Every run of some experiments as MLflow lists them. */
async function searchRuns(experimentIds, body = {}) {
  const res = await mlflowApi(stack.mlflow, "runs/search", { experiment_ids: experimentIds, max_results: 1000, ...body });
  return res.runs ?? [];
}
const metricOf = (run, key) => run.data.metrics?.find((m) => m.key === key)?.value;
/** MLflow writes non-finite values as the strings NaN/Infinity or clamps infinities to +-1.797e308. */
const finite = (v) => typeof v === "number" && Math.abs(v) < 1e308;

class CombinedPage extends ExperimentPage {
  bestTable() { return this.page.getByRole("table", { name: "Best run of each experiment" }); }
  bestRow(id) { return this.bestTable().locator(`tr[data-experiment-id="${id}"]`); }
  /** (run id, experiment name) for every row of the runs table in the DOM (only rows in view are), in table order. */
  async runsWithExperiments() {
    return this.rows().evaluateAll((rows) => rows.map((r) => [r.dataset.runId, r.querySelector("td.experiment").textContent]));
  }
  /** Waits until the table's count says `n` runs, all loaded. */
  async waitForCount(n) {
    await this.page.waitForFunction((want) => document.querySelector(".table-foot .count")?.textContent === want, `${n} runs`, WAIT);
  }
}

describe("experiments side by side", () => {
  it("ticks two experiments from the keyboard and shows the runs of both with their experiment's name", async () => {
    const list = new ExperimentsPage(page);
    await list.open(stack.url);
    for (const name of ["tiktok_safety_text", "tiktok_safety_video"]) {
      const box = page.getByRole("checkbox", { name: `Pick experiment ${name} to compare` });
      await box.focus();
      await page.keyboard.press("Space");
      await page.waitForFunction((n) => document.querySelector(`input[aria-label="Pick experiment ${n} to compare"]`)?.checked, name, WAIT);
    }
    await page.getByRole("link", { name: "Compare 2 experiments" }).click();
    await page.waitForURL(`**/experiments/compare?ids=${ids.text},${ids.video}`);
    await page.getByRole("heading", { name: "2 experiments side by side", level: 1 }).waitFor(WAIT);
    const view = new CombinedPage(page);
    await view.waitForRows();
    const want = await searchRuns([ids.text, ids.video]);
    await view.waitForCount(want.length);
    const names = { [ids.text]: "tiktok_safety_text", [ids.video]: "tiktok_safety_video" };
    const expected = Object.fromEntries(want.map((r) => [r.info.run_id, names[r.info.experiment_id]]));
    const shown = await view.runsWithExperiments();
    assert.ok(shown.length > 10, `rows in view: ${shown.length}`);
    for (const [runId, experiment] of shown) assert.equal(experiment, expected[runId], `experiment of run ${runId}`);
    // Back on the list, the ticks are still there.
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll("table.experiments input:checked").length === 2, null, WAIT);
  });

  it("filters and sorts across the experiments on the server", async () => {
    const view = new CombinedPage(page);
    await page.goto(`${stack.url}/experiments/compare?ids=${ids.text},${ids.video}`);
    await view.waitForRows();
    const filter = "metrics.eval_f1 > 0.75";
    const want = await searchRuns([ids.text, ids.video], { filter });
    assert.ok(new Set(want.map((r) => r.info.experiment_id)).size === 2, "the filter keeps runs of both");
    await view.filter(filter);
    await page.waitForURL(/filter=metrics.eval_f1/);
    await page.waitForFunction((n) => document.querySelectorAll("table.runs tr.run").length === n, want.length, WAIT);
    assert.deepEqual((await view.names()).sort(), want.map((r) => r.info.run_name).sort());
    const experiments = new Set((await view.runsWithExperiments()).map((r) => r[1]));
    assert.deepEqual([...experiments].sort(), ["tiktok_safety_text", "tiktok_safety_video"], "rows of both, named");
    await view.sortBy("eval_f1");
    await page.waitForURL(/sort=-metric:eval_f1/);
    const sorted = await searchRuns([ids.text, ids.video], { filter, order_by: ["metrics.eval_f1 DESC"], max_results: 5 });
    await page.waitForFunction(
      (first) => document.querySelector("table.runs tr.run td.name a")?.textContent === first, sorted[0].info.run_name, WAIT);
    const th = view.table().locator("th", { hasText: "eval_f1" }).first();
    assert.equal(await th.getAttribute("aria-sort"), "descending");
  });

  it("selects one run from each experiment and opens them on the compare page", async () => {
    const view = new CombinedPage(page);
    await page.goto(`${stack.url}/experiments/compare?ids=${ids.text},${ids.video}`);
    await view.waitForRows();
    const picks = [];
    for (const id of [ids.text, ids.video]) {
      const run = (await searchRuns([id], { filter: "attributes.status = 'FINISHED'", order_by: ["attributes.start_time DESC"] }))
        .find((r) => !r.data.tags?.some((t) => t.key === "mlflow.parentRunId"));
      picks.push(run);
      await page.locator(`table.runs tr[data-run-id="${run.info.run_id}"] input[type=checkbox]`).check();
    }
    await page.waitForURL(new RegExp(`runs=${picks[0].info.run_id},${picks[1].info.run_id}`));
    await page.getByRole("link", { name: "Compare", exact: true }).click();
    await page.waitForURL(`**/compare?runs=${picks[0].info.run_id},${picks[1].info.run_id}`);
    const cmp = new ComparePage(page);
    await cmp.waitForTable();
    assert.deepEqual(await cmp.runHeads().allTextContents(), picks.map((r) => r.info.run_name));
  });

  it("shows each experiment's best run, run count and serving version as MLflow has them", async () => {
    const view = new CombinedPage(page);
    const chosen = [ids.text, ids.video, ids.fusion];
    await page.goto(`${stack.url}/experiments/compare?ids=${chosen.join(",")}`);
    await view.bestTable().waitFor(WAIT);
    const models = { [ids.text]: "text_classification_model", [ids.video]: "video_classification_model", [ids.fusion]: "fusion_multimodal_model" };
    const thresholds = { [ids.text]: 0.75, [ids.video]: 0.7, [ids.fusion]: 0.8 };
    for (const id of chosen) {
      const runs = await searchRuns([id]);
      const scored = runs.filter((r) => finite(metricOf(r, "eval_f1")));
      const best = Math.max(...scored.map((r) => metricOf(r, "eval_f1")));
      const holders = scored.filter((r) => metricOf(r, "eval_f1") === best)
        .sort((a, b) => a.info.start_time - b.info.start_time || a.info.run_id.localeCompare(b.info.run_id));
      const row = view.bestRow(id);
      await row.waitFor(WAIT);
      const shown = Number(await row.locator("td.value").textContent());
      assert.ok(Math.abs(shown - best) < 1e-5, `best eval_f1 of ${id}: shown ${shown}, MLflow ${best}`);
      assert.equal(await row.locator("td.best-run a").first().textContent(), holders[0].info.run_name);
      assert.equal(await row.locator("td.runs").textContent(), String(runs.length));
      const verdict = await row.locator("td.verdict").textContent();
      assert.equal(verdict, `${best >= thresholds[id] ? "passes" : "below"} ${thresholds[id]}`);
      const model = (await mlflowApi(stack.mlflow, `registered-models/get?name=${models[id]}`)).registered_model;
      const production = model.latest_versions.find((v) => v.current_stage === "Production");
      assert.match(await row.locator("td.serving").textContent(), new RegExp(`^${models[id]} v${production.version} \\(Production\\)`));
    }
    // The ranked chart is drawn.
    await page.waitForFunction(() => [...document.querySelectorAll("canvas.chart")].some((c) => c.getAttribute("aria-label")?.startsWith("Best eval_f1")), null, WAIT);

    // Another metric from the keyboard: the rows are read again while the picker keeps focus.
    const picker = page.getByRole("combobox", { name: "Best by" });
    await picker.focus();
    await page.keyboard.press("ArrowDown");
    await view.bestTable().getByRole("columnheader", { name: "eval_accuracy" }).waitFor(WAIT);
    await page.waitForURL(/metric=eval_accuracy/, WAIT);
    assert.equal(await picker.evaluate((el) => el === document.activeElement), true, "the picker kept focus");
    assert.equal(await picker.inputValue(), "eval_accuracy");
  });

  it("reloads a deep link to the same view, and walks back and forward", async () => {
    const view = new CombinedPage(page);
    const filter = "metrics.eval_f1 > 0.7";
    const url = `${stack.url}/experiments/compare?ids=${ids.video},${ids.fusion}&filter=${encodeURIComponent(filter)}&sort=-metric:eval_f1`;
    await page.goto(url);
    await view.waitForRows();
    const want = (await searchRuns([ids.video, ids.fusion], { filter, order_by: ["metrics.eval_f1 DESC"] })).map((r) => r.info.run_name);
    await view.waitForCount(want.length);
    const first = await view.names();
    assert.equal(first[0], want[0]);
    assert.equal(await view.filterBox().inputValue(), filter);
    await page.reload();
    await view.waitForRows();
    await view.waitForCount(want.length);
    assert.deepEqual(await view.names(), first);
    await view.filter("");
    await page.waitForURL((u) => !u.search.includes("filter="));
    await view.waitForCount((await searchRuns([ids.video, ids.fusion])).length);
    await page.goBack();
    await view.waitForCount(want.length);
    assert.deepEqual(await view.names(), first);
  });

  it("says clearly which experiments are deleted, empty or unknown", async () => {
    const empty = (await mlflowApi(stack.mlflow, "experiments/create", { name: "compare_empty" })).experiment_id;
    const gone = (await mlflowApi(stack.mlflow, "experiments/create", { name: "compare_deleted" })).experiment_id;
    const run = (await mlflowApi(stack.mlflow, "runs/create", { experiment_id: gone, run_name: "old-run", start_time: Date.now() })).run;
    await mlflowApi(stack.mlflow, "runs/log-metric", { run_id: run.info.run_id, key: "eval_f1", value: 0.42, timestamp: Date.now() });
    await mlflowApi(stack.mlflow, "runs/update", { run_id: run.info.run_id, status: "FINISHED", end_time: Date.now() });
    await mlflowApi(stack.mlflow, "experiments/delete", { experiment_id: gone });
    const view = new CombinedPage(page);
    await page.goto(`${stack.url}/experiments/compare?ids=${ids.video},${empty},${gone},999999`);
    await view.waitForRows();
    await view.bestTable().waitFor(WAIT);
    assert.equal(await view.bestRow(empty).locator("td.value").textContent(), "no runs");
    assert.match(await view.bestRow(gone).locator("td").first().textContent(), /compare_deleted\s*deleted/);
    assert.equal(await view.bestRow(gone).locator("td.value").textContent(), "0.42");
    assert.match(await view.bestRow("999999").locator("td").first().textContent(), /Experiment 999999\s*not found/);
    await page.getByText("No experiment with id 999999.").waitFor(WAIT);
    await page.getByText(/Deleted: compare_deleted\./).waitFor(WAIT);
    // The table lists the video experiment's runs only.
    const want = await searchRuns([ids.video]);
    await view.waitForCount(want.length);
  });

  it("says, where everyone reads it, that 20 experiments is the most, and disables a 21st", async () => {
    const made = [];
    for (let i = 0; i < 21; i++) {
      made.push((await mlflowApi(stack.mlflow, "experiments/create", { name: `pick-limit-${String(i).padStart(2, "0")}` })).experiment_id);
    }
    const filter = encodeURIComponent("name LIKE 'pick-limit-%'");
    await page.goto(`${stack.url}/experiments?filter=${filter}&pick=${made.slice(0, 20).join(",")}`);
    await page.getByRole("link", { name: "Compare 20 experiments" }).waitFor(WAIT);
    await page.getByRole("status").filter({ hasText: "At most 20 experiments side by side: untick one first." }).waitFor(WAIT);
    assert.ok(await page.getByRole("checkbox", { name: "Pick experiment pick-limit-20 to compare" }).isDisabled());
    await page.getByRole("checkbox", { name: "Pick experiment pick-limit-00 to compare" }).uncheck();
    await page.getByRole("link", { name: "Compare 19 experiments" }).waitFor(WAIT);
    assert.equal(await page.getByText("At most 20 experiments").count(), 0);
  });
});
