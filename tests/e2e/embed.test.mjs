// User stories for issue 9: Pulse embedded in the team's Streamlit dashboard (examples/streamlit, run headless by
// Streamlit itself), and embed mode (?embed=1) on every kind of view, against a real MLflow, the reference stats
// service and nginx with the template's Content-Security-Policy.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { ROOT, mlflowApi, useStack } from "./harness.mjs";

const WAIT = { timeout: 30_000 };
const STREAMLIT_PORT = 8531;
const STREAMLIT = `http://127.0.0.1:${STREAMLIT_PORT}`;
const OTHER = "http://127.0.0.1:8232"; // a page on an origin the policy does not list
const STREAMLIT_BIN = join(process.env.PULSE_CACHE ?? join(process.env.HOME, ".cache/pulse"), "venv/bin/streamlit");
const MODEL = "fusion_multimodal_model"; // the example's model picker starts at the first name
let stack, page;

useStack({
  mlflowPort: 5191, port: 8231,
  stats: [{ name: "w1", port: 8238, args: ["--poll-seconds", "1", "--demo-traffic"] }],
  nginx: { frameAncestors: `'self' ${STREAMLIT}` },
}, (s) => { stack = s; }, (p) => { page = p; }, {
  // Streamlit's and the other origin's own pages carry no policy; every Pulse document must.
  csp: (url) => !url.startsWith(STREAMLIT) && !url.startsWith(OTHER),
});

const champion = async (model) =>
  ((await mlflowApi(stack.mlflow, `registered-models/get?name=${model}`)).registered_model.aliases ?? [])
    .find((a) => a.alias === "champion")?.version;

describe("Pulse inside the Streamlit example", () => {
  let streamlit, other;
  before(async () => {
    streamlit = spawn(STREAMLIT_BIN, ["run", join(ROOT, "examples/streamlit/app.py"), "--server.headless", "true",
      "--server.address", "127.0.0.1", "--server.port", String(STREAMLIT_PORT), "--browser.gatherUsageStats", "false"], {
      cwd: ROOT, detached: true, stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PULSE_URL: stack.url, MLFLOW_URL: stack.mlflow },
    });
    other = createServer((_, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><title>Elsewhere</title><iframe title="Pulse elsewhere" src="${stack.url}/serving?embed=1"></iframe>`);
    }).listen(8232, "127.0.0.1");
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${STREAMLIT}/_stcore/health`)).ok) break;
      } catch { /* not up yet */ }
      if (i > 600) throw new Error("Streamlit did not start in 60 s");
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(() => {
    try { process.kill(-streamlit.pid, "SIGTERM"); } catch { /* gone */ }
    other?.close();
  });

  const serving = () => page.frameLocator('iframe[title="Pulse: live serving overview"]');
  const model = () => page.frameLocator(`iframe[title="Pulse: registered model ${MODEL}"]`);

  it("shows the live serving overview and a model page with MLflow's data, embedded and read-only", async () => {
    await page.goto(STREAMLIT);
    await page.getByText("Registered models").waitFor(WAIT); // a native Streamlit metric beside the frames
    const v = await champion("text_classification_model");
    const card = serving().locator('article.serving-card[aria-label="text (text_classification_model)"]');
    await card.locator(".served-version a").filter({ hasText: `v${v}` }).waitFor(WAIT);
    await card.locator("span.status.ready").waitFor(WAIT);
    assert.equal(await serving().locator("header.topbar").count(), 0, "no Pulse header when embedded");

    await model().getByRole("heading", { name: MODEL }).waitFor(WAIT);
    const { model_versions } = await mlflowApi(stack.mlflow, `model-versions/search?filter=${encodeURIComponent(`name='${MODEL}'`)}`);
    await model().locator("tbody tr").nth(model_versions.length - 1).waitFor(WAIT);
    assert.equal(await model().getByRole("button", { name: /Promote|Archive|Staging|Production/ }).count(), 0, "read-only");
    // The frames follow Streamlit's theme, which Streamlit does not pass on by itself: light, then dark.
    assert.equal(await model().locator("html").getAttribute("data-theme"), "light");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await page.waitForFunction(() => [...document.querySelectorAll("iframe")].length === 2
      && [...document.querySelectorAll("iframe")].every((f) => f.src.includes("theme=dark")), null, WAIT);
    await model().locator('html[data-theme="dark"]').waitFor({ ...WAIT, state: "attached" });
    await serving().locator('html[data-theme="dark"]').waitFor({ ...WAIT, state: "attached" });
  });

  it("stays embedded, in the host's theme, when a frame reloads at an address that lost ?embed=", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(STREAMLIT);
    await model().getByRole("heading", { name: MODEL }).waitFor(WAIT);
    await model().locator('html[data-theme="dark"]').waitFor({ ...WAIT, state: "attached" });
    // In-app navigation drops the query; a reload (Try again, a reloaded frame) then opens the bare address. The OS
    // turns light meanwhile: only what the frame kept says dark.
    await page.emulateMedia({ colorScheme: "light" });
    await model().locator("html").evaluate(() => { setTimeout(() => location.replace(location.pathname), 0); });
    const bare = `${stack.url}/models/${MODEL}`;
    for (const start = Date.now(); !page.frames().some((f) => f.url() === bare) && Date.now() - start < WAIT.timeout;) {
      await page.waitForTimeout(50);
    }
    assert.ok(page.frames().some((f) => f.url() === bare), "the frame reloaded at its bare address");
    await model().getByRole("heading", { name: MODEL }).waitFor(WAIT);
    assert.equal(await model().locator("html").getAttribute("data-theme"), "dark");
    assert.equal(await model().locator("header.topbar").count(), 0, "no Pulse header in the reloaded frame");
    assert.equal(await model().getByRole("button", { name: /Promote|Archive|Staging|Production/ }).count(), 0, "read-only");
    // The same address in a tab of its own is the whole app.
    await page.goto(`${stack.url}/models/${MODEL}`);
    await page.getByRole("banner").waitFor(WAIT);
  });

  it("opens a link that leaves the embedded view in a new tab, not in the frame", async () => {
    await page.goto(STREAMLIT);
    const link = model().locator("tbody tr a").filter({ hasText: /^v?\d+$/ }).first();
    await link.waitFor(WAIT);
    const frameUrl = await model().locator("html").evaluate(() => location.href);
    const [tab] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
    await tab.waitForLoadState();
    assert.match(tab.url(), new RegExp(`^${stack.url}/models/${MODEL}/versions/\\d+$`));
    await tab.getByRole("banner").waitFor(WAIT); // a whole Pulse, with its header
    assert.equal(await model().locator("html").evaluate(() => location.href), frameUrl, "the frame stayed");
    await tab.close();
  });

  it("is framed by the listed Streamlit origin only", async () => {
    const pulse = await fetch(`${stack.url}/serving`);
    assert.match(pulse.headers.get("content-security-policy"), new RegExp(`frame-ancestors 'self' ${STREAMLIT}(;|$)`));
    assert.equal(pulse.headers.get("x-frame-options"), null, "frame-ancestors replaces X-Frame-Options");
    // MLflow's own answers through nginx carry nginx's headers only, not MLflow's X-Frame-Options beside them.
    const api = await fetch(`${stack.url}/api/2.0/mlflow/experiments/search?max_results=1`);
    assert.equal(api.status, 200);
    assert.equal(api.headers.get("x-frame-options"), null, "MLflow's X-Frame-Options is hidden");
    assert.equal(api.headers.get("x-content-type-options"), "nosniff", "one nosniff, not two");

    const refused = page.waitForEvent("console", (m) => /frame-ancestors/.test(m.text()));
    await page.goto(OTHER);
    await refused;
    assert.equal(await page.frameLocator('iframe[title="Pulse elsewhere"]').locator("main").count(), 0);
    // The refusal is the point of this test, not a problem of the page.
    page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !/frame-ancestors/.test(p)));
  });
});

describe("embed mode", () => {
  it("hides the header and renders compactly on every kind of view", async () => {
    const { runs } = await mlflowApi(stack.mlflow, "runs/search", {
      experiment_ids: [(await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text")).experiment.experiment_id],
      max_results: 2,
    });
    const views = [
      ["serving", "Serving"],
      [`models/${MODEL}`, MODEL],
      [`experiments/${runs[0].info.experiment_id}`, "tiktok_safety_text"],
      [`compare?runs=${runs.map((r) => r.info.run_id).join(",")}`, /Compar/],
    ];
    for (const [path, heading] of views) {
      await page.goto(`${stack.url}/${path}${path.includes("?") ? "&" : "?"}embed=1&theme=dark`);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor(WAIT);
      assert.equal(await page.locator("header.topbar").count(), 0, path);
      assert.equal(await page.locator("html").getAttribute("data-theme"), "dark", path);
      assert.equal(await page.locator("html").getAttribute("data-embed"), "", path);
    }
    // The compare view's charts drew under the policy (a refused script or style would have failed the test).
    await page.locator("canvas").first().waitFor(WAIT);
    // The host's theme is not remembered as the user's own pick.
    assert.equal(await page.evaluate(() => localStorage.getItem("pulse-theme")), null);
  });

  it("allows writes when embedded only when config.json says so", async () => {
    const good = readFileSync(stack.configPath, "utf8");
    const archive = () => page.getByRole("button", { name: /^Archive version/ });
    await page.goto(`${stack.url}/models/${MODEL}?embed=1`);
    await page.locator("tbody tr").first().waitFor(WAIT);
    assert.equal(await archive().count(), 0);
    writeFileSync(stack.configPath, JSON.stringify({ ...JSON.parse(good), embed_allow_writes: true }));
    try {
      await page.goto(`${stack.url}/models/${MODEL}?embed=1`);
      await archive().first().waitFor(WAIT);
    } finally {
      writeFileSync(stack.configPath, good);
    }
  });
});
