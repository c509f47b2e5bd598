// User stories for issue 8: the live serving overview against the real reference stats service (two instances,
// one frozen on its first version), a real MLflow registry and nginx, in headless Chromium.
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

import { PHONE, mlflowApi, useStack } from "./harness.mjs";

const WAIT = { timeout: 30_000 };
const MODELS = { text: "text_classification_model", video: "video_classification_model", fusion: "fusion_multimodal_model" };
let stack, page;

useStack({
  mlflowPort: 5171, port: 8201,
  stats: [
    { name: "w1", port: 8211, args: ["--poll-seconds", "1", "--demo-traffic"] },
    { name: "w2", port: 8212, args: ["--poll-seconds", "1", "--frozen"] },
  ],
}, (s) => { stack = s; }, (p) => { page = p; });

const card = (key) => page.locator(`article.serving-card[aria-label="${key} (${MODELS[key]})"]`);
const servedLink = (key) => card(key).locator(".served-version a").first();
const history = () => page.getByRole("table", { name: "Update history" });
const champion = async (model) =>
  ((await mlflowApi(stack.mlflow, `registered-models/get?name=${model}`)).registered_model.aliases ?? [])
    .find((a) => a.alias === "champion")?.version;

/** F1 of each version as the service reads it: the source run's eval_f1, else the version's eval_f1 tag. */
async function f1s(model) {
  const out = {};
  const { model_versions } = await mlflowApi(stack.mlflow, `model-versions/search?filter=${encodeURIComponent(`name='${model}'`)}`);
  for (const v of model_versions) {
    const run = v.run_id ? (await mlflowApi(stack.mlflow, `runs/get?run_id=${v.run_id}`)).run : null;
    out[v.version] = run?.data?.metrics?.find((m) => m.key === "eval_f1")?.value ?? Number(v.tags?.find((t) => t.key === "eval_f1")?.value);
  }
  return out;
}

/** The pack of `group` as index.html names it: its file name and the names of the chunk files in it. */
async function packOf(group) {
  const listed = await page.locator('meta[name="pulse-packs"]').getAttribute("content");
  const entry = listed.split(";").find((e) => e.startsWith(`${group}:`));
  assert.ok(entry, `index.html names the pack of ${group}`);
  const [, pack, files] = entry.split(":");
  return { pack: `/${pack}.bin`, files: files.split(" ").map((f) => `/${f.slice(0, f.lastIndexOf("/"))}.wasm`) };
}

/**
 * Opens `path` in a fresh page and waits for `ready`; the chunk files of `group` must come in its pack, asked for by
 * early.js once, and none of them on its own: the chunk loader took each from the pack.
 */
async function fetchedAhead(path, group, ready) {
  const fetched = [];
  page.on("request", (r) => { if (/\.(wasm|bin)$/.test(r.url())) fetched.push(new URL(r.url()).pathname); });
  await page.goto(`${stack.url}${path}`);
  await ready().waitFor(WAIT);
  const { pack, files } = await packOf(group);
  assert.deepEqual(fetched.filter((p) => p.endsWith(".bin")), [pack], "one pack, asked for once");
  for (const file of files) assert.equal(fetched.filter((p) => p === file).length, 0, `${file} taken from the pack`);
}

describe("serving overview", () => {
  it("opens at / and /serving with its code in the app's own wasm: no pack and none of its chunks", async () => {
    // nginx serves these two addresses the shell of the build with the serving overview in its main wasm
    // (index-serving.html); every other address, the default build's, with one experiment's page in it.
    const mainOf = async (shell) => {
      const html = await (await fetch(`${stack.url}/${shell}`)).text();
      return html.match(/<link rel="preload" href="\.\/(pulse-[0-9a-f]+_bg\.wasm)"/)[1];
    };
    const [servingMain, defaultMain] = [await mainOf("index-serving.html"), await mainOf("index.html")];
    assert.notEqual(servingMain, defaultMain, "two builds");
    for (const path of ["/", "/serving"]) {
      const fetched = [];
      const listen = (r) => { if (/\.(wasm|bin)$/.test(r.url())) fetched.push(new URL(r.url()).pathname.slice(1)); };
      page.on("request", listen);
      await page.goto(`${stack.url}${path}`);
      await card("text").locator("span.status").waitFor(WAIT);
      page.off("request", listen);
      assert.equal(fetched[0], servingMain, `${path}: the serving overview's build`);
      // Its chart code comes after the cards show (src/charts.rs); nothing else but the main wasm.
      assert.deepEqual(fetched.filter((f) => f.endsWith(".bin") || /^split_(?!charts)/.test(f)), [], path);
      // The chart code downloads after the cards show: once it has drawn, no request of this page can land in the
      // next address's list.
      await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:served-f1").length > 0, null, WAIT);
    }
    // From there, one experiment's page is a chunk of that build, fetched when it opens.
    const { experiment } = await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experiments" }).click();
    await page.getByRole("link", { name: "tiktok_safety_text" }).click();
    await page.waitForURL(new RegExp(`/experiments/${experiment.experiment_id}$`));
    await page.locator("table.runs tr.run").first().waitFor(WAIT);
  });

  it("still opens a page whose code's pack does not download: each file comes on its own, once", async () => {
    const fetched = [];
    page.on("request", (r) => { if (/\.wasm$/.test(r.url())) fetched.push(new URL(r.url()).pathname); });
    await page.route(/\/pack_[^/]*\.bin$/, (route) => route.abort());
    try {
      await page.goto(`${stack.url}/models`);
      await page.getByRole("link", { name: MODELS.text }).first().waitFor(WAIT);
    } finally {
      await page.unroute(/\/pack_[^/]*\.bin$/);
    }
    const { files } = await packOf("pages");
    for (const file of files) assert.equal(fetched.filter((p) => p === file).length, 1, `${file} fetched once`);
  });

  it("asks for the stats and the registry's models while its code downloads, and its first poll takes those answers", async () => {
    const stats = [];
    const registry = [];
    page.on("request", (r) => {
      if (/\/v1\/stats$/.test(r.url())) stats.push(new URL(r.url()).pathname);
      if (/\/(registered-models\/get|model-versions\/search)\?/.test(r.url())) registry.push(r.url());
    });
    await page.goto(stack.url);
    await card("text").locator("span.status").waitFor(WAIT);
    const adopted = await page.evaluate(() =>
      performance.getEntriesByType("mark").map((m) => m.name).filter((n) => n.startsWith("pulse:early:") && n.endsWith("/v1/stats")));
    assert.equal(adopted.length, 2, `both instances' first answers were taken from early.js (${adopted.join(", ")})`);
    // Each served model's registry entry and versions: asked for once, by early.js, and taken by the first poll.
    const models = Object.keys(MODELS).length;
    const endpoints = ["registered-models/get", "model-versions/search"];
    const taken = (e) => page.evaluate((name) => performance.getEntriesByName(name, "mark").length, `pulse:early:${e}`);
    await page.waitForFunction(({ endpoints, models }) => endpoints.every((e) =>
      performance.getEntriesByName(`pulse:early:${e}`, "mark").length >= models), { endpoints, models }, WAIT)
      .catch(() => {});
    for (const endpoint of endpoints) {
      assert.equal(await taken(endpoint), models, `${endpoint} taken from early.js, once per model`);
      assert.equal(registry.filter((u) => u.includes(endpoint)).length, models, `${endpoint} sent once per model`);
    }
    const configured = JSON.parse(readFileSync(stack.configPath, "utf8")).stats_url;
    assert.deepEqual(stats.slice(0, 2).sort(), configured.map((u) => new URL(u, `${stack.url}/`).pathname).sort(),
      "the first two stats requests are early.js's, one per instance");
  });

  it("has a model page download its code (a chunk of its own) beside the app's wasm too", async () => {
    await fetchedAhead(`/models/${MODELS.text}`, "pages", () => page.getByRole("heading", { name: MODELS.text, level: 1 }));
  });

  it("has the list of experiments download its code (a chunk of its own) beside the app's wasm too", async () => {
    await fetchedAhead("/experiments", "experiments", () =>
      page.getByRole("table", { name: "Experiments" }).getByRole("link", { name: "tiktok_safety_text" }));
  });

  it("shows every served model with its version beside the registry's, its traffic and its status", async () => {
    await page.goto(stack.url);
    await page.getByRole("heading", { name: "Serving", level: 1 }).waitFor(WAIT);
    for (const key of Object.keys(MODELS)) {
      const v = await champion(MODELS[key]);
      await servedLink(key).filter({ hasText: `v${v}` }).waitFor(WAIT);
      assert.equal(await servedLink(key).getAttribute("href"), `/models/${MODELS[key]}/versions/${v}`);
      await card(key).locator("dd", { hasText: `v${v}` }).first().waitFor(WAIT);
      await card(key).locator("span.status.ready").waitFor(WAIT);
      assert.equal(await card(key).getByRole("img", { name: /, recent samples$/ }).count(), 3, "three sparklines");
    }
    // A sparkline is drawn with the card (its own SVG, no chart code): its line ends in a dot on the newest sample,
    // which the keyboard's arrows read out, as the pointer reads out the sample under it.
    const spark = card("text").getByRole("img", { name: "requests/s of text, recent samples" });
    await spark.locator(`path.dot[d^="M"]`).waitFor(WAIT);
    await spark.focus();
    await page.keyboard.press("ArrowLeft");
    await card("text").getByRole("status").filter({ hasText: /^[\d.,]+ requests\/s at [\d: -]+$/ }).waitFor(WAIT);
    await spark.hover({ position: { x: 5, y: 20 } });
    await card("text").getByRole("status").filter({ hasText: / requests\/s at / }).waitFor(WAIT);
    await page.mouse.move(0, 0);
    assert.equal(await card("text").locator(".chart-tip").count(), 0, "no read-out once the pointer leaves");
    // The demo traffic of w1 shows up as a request rate.
    await page.waitForFunction(() => {
      const dd = [...document.querySelectorAll("article.serving-card dl.figures div")]
        .find((d) => d.querySelector("dt")?.textContent === "requests/s")?.querySelector("dd");
      return dd && Number.parseFloat(dd.textContent) > 0;
    }, null, WAIT);
    await page.getByText(/updated (just now|\d+ s ago)/).waitFor(WAIT);
  });

  it("shows its first view whole on a phone: nothing moves as the first poll and the registry come in, and the charts below wait to be scrolled to", async () => {
    await page.setViewportSize(PHONE);
    await page.addInitScript(() => {
      window.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const moved = e.sources.map((s) => `${s.node?.nodeName}.${s.node?.className} y ${s.previousRect.y} -> ${s.currentRect.y}`);
          if (!e.hadRecentInput) window.shifts.push({ value: e.value, moved });
        }
      }).observe({ type: "layout-shift", buffered: true });
      // The header's height as the shell first shows, before any poll.
      const first = setInterval(() => {
        const bar = document.querySelector(".topbar");
        if (bar) { window.firstBar = bar.getBoundingClientRect().height; clearInterval(first); }
      }, 5);
    });
    await page.goto(stack.url);
    // The first complete view: every card with the registry's version beside the served one, and the history.
    for (const key of Object.keys(MODELS)) {
      await card(key).locator("dd", { hasText: `v${await champion(MODELS[key])}` }).first().waitFor(WAIT);
    }
    await history().waitFor(WAIT);
    const shifts = await page.evaluate(() => window.shifts);
    const total = shifts.reduce((sum, s) => sum + s.value, 0);
    // Chromium's layout shift score, 0 when nothing moved (0.1 is the web's "good" limit for a whole visit).
    assert.ok(total < 0.01, `layout shift ${total.toFixed(4)}: ${JSON.stringify(shifts)}`);
    // The served-F1 charts, below the cards and off this first screen, wait for the reader: their code is not
    // downloaded and nothing is drawn until they are scrolled to.
    const charts = () => page.evaluate(() => [performance.getEntriesByName("pulse:chart:served-f1").length,
      performance.getEntriesByType("resource").filter((r) => /\/split_charts-[^/]*\.wasm$/.test(r.name)).length]);
    assert.deepEqual(await charts(), [0, 0], "[charts drawn, chart code downloads] before scrolling");
    await page.locator("figure.served-f1").first().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => performance.getEntriesByName("pulse:chart:served-f1").length > 0, null, WAIT);
    assert.equal((await charts())[1], 1, "the chart code, once");
    // Later, the server's health and (with the demo traffic's errors) the alerts badge come into the header: it
    // keeps its height, the badge sharing the server's line.
    await page.locator(".topbar .health.up").waitFor(WAIT);
    const [first, now] = await page.evaluate(() => [window.firstBar, document.querySelector(".topbar").getBoundingClientRect().height]);
    assert.equal(now, first, "the header's height");
  });

  it("applies a better version promoted in Pulse, joins it to the promotion, and shows the frozen worker behind", async () => {
    const model = MODELS.video;
    const holder = await champion(model);
    const f1 = await f1s(model);
    // A retrained candidate that beats the served version and the 0.70 threshold (its F1 as a version tag).
    const created = await mlflowApi(stack.mlflow, "model-versions/create", {
      name: model, source: "s3://models/video/retrained", tags: [{ key: "eval_f1", value: "0.97" }],
    });
    const best = created.model_version.version;
    assert.ok(0.97 > f1[holder], `the candidate beats v${holder} (F1 ${f1[holder]})`);
    await page.goto(`${stack.url}/models/${model}`);
    await page.getByRole("button", { name: `Move alias @champion to version ${best}` }).click();
    await page.getByRole("dialog").getByRole("textbox").fill("beats the served video model");
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("dialog").getByText(new RegExp(`Done\\. MLflow now reports version ${best}`)).waitFor(WAIT);

    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Serving" }).click();
    await servedLink("video").filter({ hasText: `v${best}` }).waitFor(WAIT);
    // The service's update, joined to the registry promotion Pulse recorded (the registry is re-read every 15 s).
    const row = history().locator("tr.applied", { hasText: `v${holder} → v${best}` });
    await row.filter({ hasText: "promoted to @champion" }).waitFor(WAIT);
    assert.match(await row.innerText(), /beats the served video model/);
    // w2 loaded once and stays on the old version: a rolling update stuck half-way.
    await card("video").locator("p.disagree", { hasText: `w2 serves v${holder}` }).waitFor(WAIT);
    // Filtering the history by model and outcome is in the URL.
    await page.getByRole("combobox", { name: "Model", exact: true }).selectOption("video");
    await page.getByRole("combobox", { name: "Outcome", exact: true }).selectOption("applied");
    await page.waitForURL(/model=video/);
    await page.waitForURL(/outcome=applied/);
    await page.reload();
    await history().locator("tr.applied", { hasText: `v${holder} → v${best}` }).waitFor(WAIT);
    assert.equal(await history().locator("tbody tr:not(.applied)").count(), 0);
  });

  it("skips a version below the threshold and warns that the registry and the service disagree", async () => {
    const model = MODELS.text;
    const served = await champion(model);
    const created = await mlflowApi(stack.mlflow, "model-versions/create", {
      name: model, source: "s3://models/text/weak", tags: [{ key: "eval_f1", value: "0.61" }],
    });
    const weak = created.model_version.version;
    await mlflowApi(stack.mlflow, "registered-models/alias", { name: model, alias: "champion", version: weak });
    await page.goto(`${stack.url}/serving`);
    await history().locator("tr.skipped", { hasText: "skipped: below threshold" }).filter({ hasText: `v${weak}` }).waitFor(WAIT);
    assert.equal((await servedLink("text").textContent()).trim(), `v${served}`);
    await card("text").locator("p.mismatch", { hasText: `Registry holds v${weak}, service serves v${served}` }).waitFor(WAIT);
    await page.locator("a.alerts-badge").waitFor(WAIT);
    // Once the mismatch outlasts two of the service's polls, its alert says why, as the history does.
    const alert = page.locator("li.alert", { hasText: `text on w1 serves version ${served}, but the registry's alias @champion is version ${weak}` });
    await alert.waitFor(WAIT);
    assert.match(await alert.innerText(), /; the service skipped it: below threshold/);
  });

  it("says what a stats URL answered that is not stats, and asks again at once on Try again now", async () => {
    // A service still starting: HTTP 200 and a sentence with characters outside ASCII, not JSON.
    const dir = mkdtempSync(join(tmpdir(), "pulse-starting-"));
    chmodSync(dir, 0o755);
    const file = join(dir, "stats.json");
    writeFileSync(file, "Dienst wird gestartet… bitte warten", { mode: 0o644 });
    const good = readFileSync(stack.configPath, "utf8");
    writeFileSync(stack.configPath, JSON.stringify({ ...JSON.parse(good), stats_url: "starting/v1/stats" }));
    try {
      const starting = stack.addNginx(8203, `
        location = /starting/v1/stats { default_type application/json; add_header Cache-Control "no-store"; alias ${file}; }`);
      const asked = [];
      page.on("request", (r) => r.url().includes("/starting/v1/stats") && asked.push(Date.now()));
      await page.goto(`${starting}/serving`);
      const error = page.getByRole("alert").filter({ hasText: "Dienst wird gestartet" });
      await error.waitFor(WAIT);
      // early.js asks first; failed polls then wait 2, 4, 8 and 16 s: after the fourth request the next is 16 s away.
      for (const start = Date.now(); asked.length < 4 && Date.now() - start < WAIT.timeout;) await page.waitForTimeout(100);
      assert.equal(asked.length, 4, "four polls, each after a longer wait");
      // (A click while the fourth poll is still in flight polls again right after it.)
      writeFileSync(file, await (await fetch(`${stack.url}/inference/v1/stats`)).text(), { mode: 0o644 });
      await page.getByRole("button", { name: "Try again now" }).click();
      await card("text").waitFor({ timeout: 4_000 });
      assert.equal(asked.length, 5, "the card came from the poll Try again now asked for");
    } finally {
      writeFileSync(stack.configPath, good);
    }
  });

  it("says so when the polling code does not download, while the rest of Pulse works (issue 10)", async () => {
    // The polling code is a wasm chunk of its own, fetched once the shell shows.
    const chunks = /\/(split|chunk)_[^/]*\.wasm$/;
    await page.route(chunks, (route) => route.abort());
    const failed = page.waitForEvent("console", { predicate: (m) => m.text().includes("Failed to fetch"), ...WAIT });
    // One experiment's page is in the main module.
    const { experiment } = await mlflowApi(stack.mlflow, "experiments/get-by-name?experiment_name=tiktok_safety_text");
    await page.goto(`${stack.url}/experiments/${experiment.experiment_id}`);
    await page.getByRole("heading", { name: "tiktok_safety_text", level: 1 }).waitFor(WAIT);
    await page.locator("table.runs tr.run").first().waitFor(WAIT);
    await failed;
    // The page's chart is a chunk too: both downloads must have failed (and been logged) before the logs are set aside.
    await page.getByRole("alert").filter({ hasText: "The chart's code did not download" }).waitFor(WAIT);
    const fetchFailures = () => page.problems.filter((p) => p.includes("Failed to fetch")).length;
    for (const start = Date.now(); fetchFailures() < 2 && Date.now() - start < WAIT.timeout;) await page.waitForTimeout(50);
    assert.ok(fetchFailures() >= 2, "the polling code's and the chart's downloads failed");
    assert.equal(await page.locator("a.alerts-badge").count(), 0, "no badge without the polling code");
    page.problems.splice(0, page.problems.length, ...page.problems.filter((p) => !p.includes("Failed to fetch")));
    // The page's own code downloads now, and says why it has no stats.
    await page.unroute(chunks);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Serving" }).click();
    await page.getByRole("heading", { name: "Serving stats not downloaded" }).waitFor(WAIT);
    // Try again asks for the polling code again; the page is not loaded afresh.
    await page.evaluate(() => { window.pulseSameDocument = true; });
    await page.getByRole("button", { name: "Try again" }).click();
    await card("fusion").waitFor(WAIT);
    await page.locator("a.alerts-badge").waitFor(WAIT);
    assert.equal(await page.evaluate(() => window.pulseSameDocument), true, "the same document, not a reload");
  });

  it("keeps the last values, greyed, when the service stops, while the rest of Pulse works", async () => {
    await page.goto(`${stack.url}/serving`);
    const link = servedLink("fusion");
    await link.waitFor(WAIT);
    const before = (await link.textContent()).trim();
    await stack.stopStats(0);
    await page.locator("p.unreachable", { hasText: /unreachable since \d\d:\d\d:\d\d/ }).waitFor(WAIT);
    await page.locator("article.serving-card.stale").first().waitFor(WAIT);
    assert.equal((await link.textContent()).trim(), before, "the last served version stays");
    await page.getByRole("link", { name: "Experiments" }).first().click();
    await page.getByRole("table", { name: "Experiments" }).getByRole("link", { name: "tiktok_safety_text" }).waitFor(WAIT);
    await page.getByRole("link", { name: "Models" }).first().click();
    await page.getByRole("table", { name: "Models" }).getByRole("link", { name: MODELS.text }).waitFor(WAIT);
  });
});
