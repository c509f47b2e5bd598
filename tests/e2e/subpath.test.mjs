// User story for issue 9: the same build served under a sub-path (https://host/pulse/) by the nginx template with
// @BASE@ = /pulse/: assets, routes, config.json, the wasm chunks, the MLflow proxy and deep links all stay under it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";

const WAIT = { timeout: 30_000 };
const ORIGIN = "http://127.0.0.1:8233";
let stack, page;

useStack({ mlflowPort: 5192, port: 8233, nginx: { base: "/pulse/" } }, (s) => { stack = s; }, (p) => { page = p; });

describe("Pulse under /pulse/", () => {
  it("opens a deep link, follows links, draws charts and asks nothing outside its path", async () => {
    assert.equal(stack.url, `${ORIGIN}/pulse`);
    const outside = [];
    page.on("request", (r) => {
      if (r.url().startsWith(ORIGIN) && !r.url().startsWith(`${ORIGIN}/pulse/`)) outside.push(r.url());
    });
    const { experiment } = await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text");

    // A deep link, as a shared URL or a reload would open it.
    await page.goto(`${stack.url}/experiments/${experiment.experiment_id}`);
    await page.getByRole("heading", { name: "tiktok_safety_text", level: 1 }).waitFor(WAIT);
    // A run with a metric history (the newest runs include one with no metrics at all, so not just the first row).
    const { runs: [withF1] } = await mlflowApi(stack.mlflow, "runs/search", {
      experiment_ids: [experiment.experiment_id], filter: "metrics.eval_f1 > 0", max_results: 1 });
    const first = page.locator(`tr.run[data-run-id="${withF1.info.run_id}"] td.name a`);
    await first.waitFor(WAIT);
    assert.equal(await page.locator(".banner.warning").count(), 0, "config.json was found beside the app");

    // A run's page: a route under the base, its metric chart drawn by the chart code, a wasm chunk loaded from the base.
    const name = await first.innerText();
    await first.click();
    await page.getByRole("heading", { name, level: 1 }).waitFor(WAIT);
    assert.match(page.url(), new RegExp(`^${stack.url}/runs/[0-9a-f]{32}$`));
    await page.waitForFunction(() => document.querySelector(".chart-box canvas") && !document.querySelector(".chart-overlay"), null, WAIT);

    // The header's links stay under the base, and MLflow answers through the proxy there.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    await page.getByRole("heading", { name: "Models", level: 1 }).waitFor(WAIT);
    assert.equal(page.url(), `${stack.url}/models`);
    await page.getByRole("link", { name: "text_classification_model" }).first().waitFor(WAIT);
    await page.locator(".health.up").waitFor(WAIT);

    // A reload of a deep link with a query.
    await page.goto(`${stack.url}/experiments?filter=${encodeURIComponent("name LIKE 'tiktok%'")}`);
    await page.getByRole("link", { name: "tiktok_safety_video" }).waitFor(WAIT);

    // The compare view writes its state into the URL under the base.
    const { runs } = await mlflowApi(stack.mlflow, "runs/search", { experiment_ids: [experiment.experiment_id], max_results: 2 });
    await page.goto(`${stack.url}/compare?runs=${runs.map((r) => r.info.run_id).join(",")}`);
    await page.getByRole("heading", { name: "Compare runs", level: 1 }).waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector(".chart-box canvas") && !document.querySelector(".chart-overlay"), null, WAIT);
    await page.getByRole("checkbox", { name: "Differences only" }).check();
    await page.waitForURL(/\/pulse\/compare\?runs=.*&diff=1/, WAIT);

    assert.deepEqual(outside, [], "requests outside /pulse/");
  });

  it("filters and ticks runs, and ticks experiments, without leaving the base", async () => {
    const { experiment } = await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text");
    const id = experiment.experiment_id;
    await page.goto(`${stack.url}/experiments/${id}`);
    await page.locator("table.runs tr.run").first().waitFor(WAIT);
    const filter = page.getByRole("searchbox", { name: "Filter runs" });
    await filter.fill("metrics.eval_f1 > 0");
    await filter.press("Enter");
    await page.waitForURL(`${stack.url}/experiments/${id}?filter=${encodeURIComponent("metrics.eval_f1 > 0")}`, WAIT);
    await page.getByRole("heading", { name: "tiktok_safety_text", level: 1 }).waitFor(WAIT);
    const row = page.locator("table.runs tr.run").first();
    await row.waitFor(WAIT);
    await row.locator("input[type=checkbox]").check();
    await page.waitForURL(new RegExp(`^${stack.url}/experiments/${id}\\?filter=[^&]+&runs=[0-9a-f]{32}$`), WAIT);
    await page.getByRole("heading", { name: "tiktok_safety_text", level: 1 }).waitFor(WAIT);

    await page.goto(`${stack.url}/experiments`);
    await page.getByRole("checkbox", { name: "Pick experiment tiktok_safety_text to compare" }).check();
    await page.waitForURL(`${stack.url}/experiments?pick=${id}`, WAIT);
    await page.getByRole("table", { name: "Experiments" }).waitFor(WAIT);
  });
});
