// User story for issue 9: config.json's mlflow_url on another origin (MLflow's own port), no proxy in between.
// MLflow >= 3.5 answers CORS for http://127.0.0.1:* and http://localhost:* by default (--cors-allowed-origins) and
// accepts the loopback Host (--allowed-hosts); the CSP's connect-src must list its origin (@CONNECT_EXTRA@).
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";

const WAIT = { timeout: 30_000 };
const MLFLOW = "http://127.0.0.1:5193";
let stack, page;

useStack({
  mlflowPort: 5193, port: 8234,
  config: { mlflow_url: MLFLOW },
  nginx: { connectExtra: MLFLOW },
}, (s) => { stack = s; }, (p) => { page = p; });

describe("MLflow on another origin", () => {
  it("reads experiments and searches runs (a POST) straight from MLflow", async () => {
    const direct = [];
    page.on("request", (r) => { if (r.url().startsWith(`${MLFLOW}/api/`)) direct.push(r.method()); });
    const { experiment } = await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text");
    await page.goto(`${stack.url}/experiments/${experiment.experiment_id}`);
    await page.getByRole("heading", { name: "tiktok_safety_text", level: 1 }).waitFor(WAIT);
    await page.locator("tr.run").first().waitFor(WAIT);
    await page.getByText(MLFLOW, { exact: true }).waitFor(WAIT); // the header names the server it talks to
    await page.locator(".health.up").waitFor(WAIT);
    assert.ok(direct.includes("POST"), `runs/search went to ${MLFLOW} (saw ${direct.join(", ")})`);
    // early.js sends its first requests before it has read config.json; their answers are not taken here.
    const adopted = await page.evaluate(() => performance.getEntriesByType("mark").filter((m) => m.name.startsWith("pulse:early:")).length);
    assert.equal(adopted, 0, "no answer from Pulse's own origin is taken for MLflow's");
  });
});
