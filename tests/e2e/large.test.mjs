// User stories for issue 12: a large experiment loaded page after page never loses the page, and thousands of
// wide runs stay usable (rows load by scrolling, only the rows in view are in the DOM, selection still works).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";
import { ExperimentPage } from "./pages.mjs";

const RUNS = 5000;
const WAIT = { timeout: 30_000 };
let stack, page, id;

useStack({ mlflowPort: 5161, port: 8191, bulk: { name: "wide_5000", runs: RUNS } }, (s) => { stack = s; }, (p) => { page = p; });
before(async () => {
  id = (await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=wide_5000")).experiment.experiment_id;
});

/** Records, from the first paint on, whether the app's start-up splash ever came back after a run row showed. */
async function watchForSplash() {
  await page.addInitScript(() => {
    window.__splashAfterRows = 0;
    new MutationObserver(() => {
      if (document.querySelector("table.runs tr.run")) window.__sawRows = true;
      if (window.__sawRows && document.querySelector(".splash")) window.__splashAfterRows += 1;
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The `runs/search` requests the page sends, split into the timeline chart's (finished runs) and the table's. */
function countSearches() {
  const seen = { timeline: 0, table: 0 };
  page.on("request", (req) => {
    if (!req.url().endsWith("/api/2.0/mlflow/runs/search")) return;
    const body = req.postDataJSON() ?? {};
    if (String(body.filter ?? "").includes("FINISHED")) seen.timeline += 1;
    else seen.table += 1;
  });
  return seen;
}

const count = () => page.locator(".table-foot .count").textContent();

describe("a large experiment", () => {
  it("loads page after page back to back without losing the page, and the chart fetches once", async () => {
    await watchForSplash();
    const searches = countSearches();
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${id}`);
    await runs.waitForRows();
    const more = page.getByRole("button", { name: "Load more" });
    // As fast as a user can: click again the moment the previous page is in, until 3,000 runs are loaded.
    const loadedRuns = async () => Number(((await count()).match(/^[\d,]+/)?.[0] ?? "0").replace(/,/g, ""));
    let clicks = 0;
    for (; (await loadedRuns()) < 3000; clicks++) {
      assert.ok(clicks < 40, "Load more stopped adding runs");
      await more.click();
      await page.waitForFunction(() => !document.querySelector("button.more[disabled]"), null, WAIT);
    }
    await page.getByRole("heading", { name: "wide_5000", level: 1 }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => window.__splashAfterRows), 0, "the start-up splash came back");
    assert.match(await count(), /^[\d,]+ runs loaded, more available$/);
    assert.equal(searches.timeline, 1, "the F1-over-time chart is fetched once, not once per page");
    assert.equal(searches.table, clicks + 1, "one request per page");
  });

  it(`reaches the last of ${RUNS} runs by scrolling, with few rows in the DOM, and selects across them`, async () => {
    await watchForSplash();
    const runs = new ExperimentPage(page);
    await page.goto(`${stack.url}/experiments/${id}`);
    await runs.waitForRows();
    await runs.rows().first().getByRole("checkbox").check();
    const scroller = page.locator(".table-scroll");
    // Scroll to the end of what is loaded until nothing more is: the next pages come by themselves.
    await page.waitForFunction(
      (total) => {
        const box = document.querySelector(".table-scroll");
        box.scrollTop = box.scrollHeight;
        box.dispatchEvent(new Event("scroll"));
        return document.querySelector(".table-foot .count")?.textContent === `${total.toLocaleString("en-US")} runs`;
      },
      RUNS,
      { timeout: 120_000, polling: 250 },
    );
    assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);
    assert.ok(await runs.rows().count() < 300, `rows in the DOM: ${await runs.rows().count()}`);
    // Runs are newest first, so the oldest run is the last row.
    const last = runs.row("wide-00000");
    await last.waitFor(WAIT);
    await last.getByRole("checkbox").check();
    await page.getByText("2 selected").waitFor(WAIT);
    assert.equal(await page.evaluate(() => window.__splashAfterRows), 0, "the start-up splash came back");
    assert.ok(await scroller.evaluate((el) => el.scrollTop > 0));
  });
});
