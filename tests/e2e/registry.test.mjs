// User stories for issue 4: promotions through Pulse's dialog, checked against MLflow's REST API.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";

import { mlflowApi, useStack } from "./harness.mjs";

const WAIT = { timeout: 15_000 };
let stack, page;

const versions = async (model) =>
  (await mlflowApi(stack.mlflow, `model-versions/search?filter=${encodeURIComponent(`name='${model}'`)}`)).model_versions;
const stageOf = async (model) => Object.fromEntries((await versions(model)).map((v) => [v.version, v.current_stage]));
const aliases = async (model) =>
  Object.fromEntries(((await mlflowApi(stack.mlflow, `registered-models/get?name=${model}`)).registered_model.aliases ?? [])
    .map((a) => [a.alias, a.version]));

/** F1 of each version as Pulse computes it: the source run's eval_f1, else the version's eval_f1 tag. */
async function f1s(model) {
  const out = {};
  for (const v of await versions(model)) {
    const run = v.run_id ? (await mlflowApi(stack.mlflow, `runs/get?run_id=${v.run_id}`)).run : null;
    const metric = run?.data?.metrics?.find((m) => m.key === "eval_f1")?.value;
    out[v.version] = metric ?? Number(v.tags?.find((t) => t.key === "eval_f1")?.value);
  }
  return out;
}

async function openModel(model) {
  await page.goto(`${stack.url}/models/${model}`);
  await page.getByRole("table", { name: "Versions" }).waitFor(WAIT);
}
const dialog = () => page.getByRole("dialog");
const confirm = () => dialog().getByRole("button", { name: "Confirm" });

useStack({ mlflowPort: 5153, port: 8183 }, (s) => { stack = s; }, (p) => { page = p; });

describe("model registry", () => {
  it("lists models with their serving version and F1", async () => {
    await page.goto(`${stack.url}/models`);
    const table = page.getByRole("table", { name: "Models" });
    await table.waitFor(WAIT);
    for (const m of ["text_classification_model", "video_classification_model", "fusion_multimodal_model"]) {
      await table.getByRole("link", { name: m, exact: true }).waitFor(WAIT);
    }
    await page.waitForFunction(() => !document.body.innerText.includes("…"), null, WAIT);
    assert.match(await table.locator("tr", { hasText: "text_classification_model" }).innerText(), /@champion → v2/);
    const search = page.getByRole("searchbox", { name: "Search models" });
    await search.fill("VIDEO");
    await search.press("Enter");
    await table.getByRole("link", { name: "text_classification_model" }).waitFor({ state: "detached", ...WAIT });
    assert.deepEqual(await table.locator("tbody a").allTextContents(), ["video_classification_model"]);
    // A search that matches nothing says so, not that no model is registered.
    await search.fill("zzz");
    await search.press("Enter");
    await page.getByText("No model name contains “zzz”.").waitFor(WAIT);
  });

  it("promotes to Production with archiving, one request however often Confirm is clicked", async () => {
    const model = "text_classification_model";
    await openModel(model);
    const posts = [];
    page.on("request", (r) => r.url().includes("transition-stage") && posts.push(r.url()));
    await page.getByRole("button", { name: "Promote to Production: version 3" }).click();
    await dialog().getByText("version 2 (F1").waitFor(WAIT); // the current holder and its F1
    await dialog().getByRole("textbox").fill("weekly retrain beats v2");
    await confirm().dblclick();
    // A third click while the write is in flight: an event on the button, whether or not it is disabled yet.
    await confirm().dispatchEvent("click");
    await dialog().getByText(/Done\. MLflow now reports version 3/).waitFor(WAIT);
    assert.equal(posts.length, 1, `transition-stage requests: ${posts.length}`);
    const stages = await stageOf(model);
    assert.deepEqual(Object.entries(stages).filter(([, s]) => s === "Production").map(([v]) => v), ["3"]);
    assert.equal(stages["2"], "Archived");
    await dialog().getByRole("button", { name: "Close" }).click();
    // The page re-read the registry: v3 now shows Production.
    await page.locator("tr[data-version='3'] .badge", { hasText: "Production" }).waitFor(WAIT);
  });

  it("moves the champion alias", async () => {
    const model = "video_classification_model";
    const f1 = await f1s(model);
    // Given the champion on the weakest version, moving it to the strongest needs no override.
    const ranked = Object.keys(f1).sort((a, b) => f1[a] - f1[b]);
    const [holder, best] = [ranked[0], ranked.at(-1)];
    assert.ok(f1[best] > f1[holder] && f1[best] > 0.7, "seed gives a clean candidate");
    await mlflowApi(stack.mlflow, "registered-models/alias", { name: model, alias: "champion", version: holder });
    await openModel(model);
    await page.getByRole("button", { name: `Move alias @champion to version ${best}` }).click();
    await dialog().getByText(`version ${holder} (F1`).waitFor(WAIT);
    await confirm().click();
    await dialog().getByText(new RegExp(`Done\\. MLflow now reports version ${best}`)).waitFor(WAIT);
    assert.equal((await aliases(model)).champion, best);
  });

  it("demands an explicit override for a candidate below the threshold", async () => {
    const model = "fusion_multimodal_model";
    const created = await mlflowApi(stack.mlflow, "model-versions/create", {
      name: model, source: "s3://models/fusion/low-f1", tags: [{ key: "eval_f1", value: "0.61" }],
    });
    const v = created.model_version.version;
    await openModel(model);
    await page.getByRole("button", { name: `Move alias @champion to version ${v}` }).click();
    await dialog().getByText("below this model's threshold").waitFor(WAIT);
    assert.ok(await confirm().isDisabled(), "Confirm must wait for the override");
    await dialog().getByRole("checkbox", { name: /go ahead anyway/ }).check();
    await confirm().click();
    await dialog().getByText(new RegExp(`Done\\. MLflow now reports version ${v}`)).waitFor(WAIT);
    assert.equal((await aliases(model)).champion, v);
  });

  it("shows a conflict and writes nothing when the registry changed under the dialog", async () => {
    const model = "text_classification_model";
    await openModel(model);
    await page.getByRole("button", { name: "Move alias @challenger to version 4" }).click();
    await dialog().getByText("version 3 (F1").waitFor(WAIT);
    await mlflowApi(stack.mlflow, "registered-models/alias", { name: model, alias: "challenger", version: "1" });
    // Version 4 needs the override exactly when core's rule says so: below the 0.75 threshold or below v3's F1.
    const f1 = await f1s(model);
    const needsOverride = !(f1["4"] >= 0.75 && f1["4"] >= f1["3"]);
    const override = dialog().getByRole("checkbox", { name: /go ahead anyway/ });
    assert.equal(await override.count(), needsOverride ? 1 : 0, `override offered for F1 ${f1["4"]} vs ${f1["3"]}`);
    if (needsOverride) await override.check();
    await confirm().click();
    await dialog().getByText(/Conflict: this dialog showed version 3 as the holder, but MLflow now says version 1/).waitFor(WAIT);
    assert.equal((await aliases(model)).challenger, "1");
    assert.ok(await confirm().isDisabled());
  });

  it("keeps keyboard focus in the dialog and gives it back to the button that opened it", async () => {
    const model = "video_classification_model";
    await openModel(model);
    const opener = page.getByRole("button", { name: /^Archive version \d+$/ }).first();
    const name = await opener.getAttribute("aria-label");
    await opener.focus();
    await page.keyboard.press("Enter");
    await dialog().waitFor(WAIT);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      return `${el?.closest("[role=dialog]") ? "dialog" : "page"}:${el?.tagName}:${el?.getAttribute("aria-label") ?? el?.textContent?.trim()}`;
    });
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === "Cancel", null, WAIT);
    assert.equal(await focused(), "dialog:BUTTON:Cancel");
    // Around the dialog's controls both ways, never out to the page behind it.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      assert.match(await focused(), /^dialog:/);
    }
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Shift+Tab");
      assert.match(await focused(), /^dialog:/);
    }
    await page.keyboard.press("Escape");
    await dialog().waitFor({ state: "detached", ...WAIT });
    await page.waitForFunction((n) => document.activeElement?.getAttribute("aria-label") === n, name, WAIT)
      .catch(() => {});
    assert.equal(await focused(), `page:BUTTON:${name}`);
  });

  it("stays open while a slow write is on its way, then says how it ended", async () => {
    const model = "fusion_multimodal_model";
    // The registry answers the write at 200 bytes a second: a few seconds in flight.
    const slow = stack.addNginx(8186, `
      location = /api/2.0/mlflow/model-versions/transition-stage {
        proxy_pass ${stack.mlflow}/api/2.0/mlflow/model-versions/transition-stage;
        proxy_set_header Host ${stack.mlflow.replace("http://", "")};
        limit_rate 200;
      }`);
    await page.goto(`${slow}/models/${model}`);
    await page.getByRole("table", { name: "Versions" }).waitFor(WAIT);
    // Not version 4: the history story archives that one.
    const archive = page.getByRole("button", { name: /^Archive version ([0-35-9]|\d\d+)$/ }).first();
    const version = (await archive.getAttribute("aria-label")).match(/\d+$/)[0];
    await archive.click();
    await confirm().click();
    const cancel = dialog().getByRole("button", { name: "Cancel" });
    await dialog().getByRole("button", { name: "Writing…" }).waitFor(WAIT);
    assert.ok(await cancel.isDisabled(), "Cancel while writing");
    // Keys still reach the dialog (its buttons are disabled), and Escape does not close it mid-write.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("role")), "dialog");
    await page.keyboard.press("Escape");
    assert.equal(await dialog().count(), 1, "still open");
    await dialog().getByText(/Done\. MLflow now reports/).waitFor({ timeout: 30_000 });
    assert.equal((await stageOf(model))[version], "Archived");
  });

  it("says a write whose answer was lost may or may not have been made, and never sends it again", async () => {
    const model = "video_classification_model";
    // MLflow gets the write (nginx mirrors it there) but the browser gets a 502 from a proxy with no upstream.
    const lossy = stack.addNginx(8188, `
      location = /api/2.0/mlflow/model-versions/transition-stage {
        mirror /applied-behind-the-proxy;
        proxy_pass http://127.0.0.1:9/;
      }
      location = /applied-behind-the-proxy {
        internal;
        proxy_pass ${stack.mlflow}/api/2.0/mlflow/model-versions/transition-stage;
        proxy_set_header Host ${stack.mlflow.replace("http://", "")};
      }`);
    const before = await stageOf(model);
    const candidate = Object.keys(before).find((v) => before[v] !== "Staging");
    await page.goto(`${lossy}/models/${model}`);
    await page.getByRole("table", { name: "Versions" }).waitFor(WAIT);
    const posts = [];
    page.on("request", (r) => r.url().includes("transition-stage") && posts.push(r.url()));
    await page.getByRole("button", { name: `Promote to Staging: version ${candidate}` }).click();
    const override = dialog().getByRole("checkbox", { name: /go ahead anyway/ });
    if (await override.count()) await override.check();
    await confirm().click();
    await dialog().getByText(/MLflow did not confirm the change .*It may or may not have been made/).waitFor(WAIT);
    assert.ok(await confirm().isDisabled(), "Confirm after an unsure write");
    await dialog().getByRole("button", { name: "Close" }).click();
    // The mirrored write may land after the browser's 502: MLflow has it once it does.
    for (const start = Date.now(); (await stageOf(model))[candidate] !== "Staging" && Date.now() - start < WAIT.timeout;) {
      await page.waitForTimeout(200);
    }
    assert.equal((await stageOf(model))[candidate], "Staging");
    // Checking the registry, as the dialog said: the page shows what MLflow did, and the write went out once.
    await page.reload();
    await page.locator(`tr[data-version='${candidate}'] .badge`, { hasText: "Staging" }).waitFor(WAIT);
    assert.equal(posts.length, 1, `transition-stage requests: ${posts.length}`);
  });

  it("records every promotion in the history on the version page", async () => {
    // Its own promotion, so the test does not depend on another test having run first.
    const model = "fusion_multimodal_model";
    await openModel(model);
    await page.getByRole("button", { name: "Archive version 4" }).click();
    await dialog().getByRole("textbox").fill("retired after the video audit");
    await confirm().click();
    await dialog().getByText(/Done\. MLflow now reports version 4/).waitFor(WAIT);
    await page.goto(`${stack.url}/models/${model}/versions/4`);
    const history = page.getByRole("table", { name: "Promotion history" });
    await history.waitFor(WAIT);
    const text = await history.innerText();
    assert.match(text, /stage:Archived\tv4\t/);
    assert.match(text, /retired after the video audit/);
  });

  it("opens a model whose name ends like a file from a shared link, while a missing script is still a 404", async () => {
    await mlflowApi(stack.mlflow, "registered-models/create", { name: "tokenizer.bin" });
    await page.goto(`${stack.url}/models/tokenizer.bin`);
    await page.getByRole("heading", { name: "tokenizer.bin", level: 1 }).waitFor(WAIT);
    await page.getByText("No versions yet.", { exact: false }).waitFor(WAIT);
    const missing = await fetch(`${stack.url}/boot-0000000000000000.js`);
    assert.equal(missing.status, 404);
  });

  it("says the user lacks permission when the server answers 403, and nothing changes", async () => {
    const model = "text_classification_model";
    const guarded = stack.addNginx(8184, `
      location = /api/2.0/mlflow/model-versions/transition-stage {
        return 403 '{"error_code": "PERMISSION_DENIED", "message": "Permission denied"}';
      }`);
    const before = await stageOf(model);
    await page.goto(`${guarded}/models/${model}`);
    await page.getByRole("button", { name: "Archive version 4" }).click();
    await confirm().click();
    await dialog().getByText(`No permission on this model: MLflow refused to change ${model} (HTTP 403)`).waitFor(WAIT);
    assert.deepEqual(await stageOf(model), before);
  });

  it("asks for a sign-in when the server answers 401", async () => {
    const locked = stack.addNginx(8185, `
      location ~ ^/api/ { return 401; }`);
    await page.goto(`${locked}/models`);
    await page.getByRole("form", { name: "Sign in to MLflow" }).waitFor(WAIT);
    await page.getByText("This MLflow server requires a login.").waitFor(WAIT);
  });

  it("says when a version's F1 could not be read, rather than showing none", async () => {
    const model = "f1_unread_model";
    const source = (await mlflowApi(stack.mlflow, "runs/create", { experiment_id: "0", run_name: "f1-unread-source" })).run;
    await mlflowApi(stack.mlflow, "runs/log-batch", {
      run_id: source.info.run_id, metrics: [{ key: "eval_f1", value: 0.8123, timestamp: Date.now(), step: 0 }],
    });
    await mlflowApi(stack.mlflow, "registered-models/create", { name: model });
    await mlflowApi(stack.mlflow, "model-versions/create", { name: model, source: "s3://pulse-e2e/f1", run_id: source.info.run_id });
    const refused = "**/api/2.0/mlflow/runs/get*";
    const refuse = (route) => route.fulfill({ status: 403, contentType: "application/json",
      body: JSON.stringify({ error_code: "PERMISSION_DENIED", message: "not for you" }) });
    await page.route(refused, refuse);
    try {
      await openModel(model);
      await page.getByRole("status").filter({ hasText: "The F1 of 1 version could not be read" }).waitFor(WAIT);
    } finally {
      await page.unroute(refused);
    }
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByText("could not be read").waitFor({ state: "detached", ...WAIT });

    // The list of models says the same in the row of the version that serves, and reads that row again.
    await mlflowApi(stack.mlflow, "registered-models/alias", { name: model, alias: "champion", version: "1" });
    const row = page.getByRole("table", { name: "Models" }).locator("tr", { hasText: model });
    await page.route(refused, refuse);
    try {
      await page.goto(`${stack.url}/models?q=${model}`);
      await row.getByText("not read: Permission denied").waitFor(WAIT);
    } finally {
      await page.unroute(refused);
    }
    // The button says "Try again", and to a screen reader also what it tries.
    await row.getByRole("button", { name: `Try again to read the F1 of ${model}` }).click();
    await row.locator("td.num", { hasText: "0.8123 (v1)" }).waitFor(WAIT);
  });

  it("says how to register a first version of a model that has none", async () => {
    await mlflowApi(stack.mlflow, "registered-models/create", { name: "brand_new_model" });
    await page.goto(`${stack.url}/models/brand_new_model`);
    await page.getByText('No versions yet. Register one with mlflow.register_model("runs:/<run id>/model", "brand_new_model").').waitFor(WAIT);
    assert.equal(await page.getByRole("table", { name: "Versions" }).count(), 0);
    assert.equal(await page.locator("canvas").count(), 0);
  });

  it("reads every version of a model retrained often, beyond MLflow's first page of 1,000", async () => {
    const model = "hourly_retrained_model";
    await mlflowApi(stack.mlflow, "registered-models/create", { name: model });
    for (let i = 0; i < 1001; i++) {
      await mlflowApi(stack.mlflow, "model-versions/create", { name: model, source: `s3://pulse-e2e/hourly/${i}` });
    }
    await mlflowApi(stack.mlflow, "model-versions/transition-stage", { name: model, version: "1", stage: "Production" });
    // Version 1 is on MLflow's second page, newest first.
    await page.goto(`${stack.url}/models/${model}/versions/1`);
    await page.getByRole("heading", { name: `${model} v1`, level: 1 }).waitFor(WAIT);
    // The newest version's promotion names version 1 as the Production version it replaces.
    await openModel(model);
    await page.getByRole("button", { name: "Promote to Production: version 1001" }).click();
    await dialog().getByText("Archive the current holder (version 1)").waitFor(WAIT);
    await dialog().getByRole("button", { name: "Cancel" }).click();
  });

  it("hides every write control in read-only mode", async () => {
    const good = readFileSync(stack.configPath, "utf8");
    writeFileSync(stack.configPath, JSON.stringify({ ...JSON.parse(good), read_only: true }));
    try {
      await openModel("text_classification_model");
      assert.equal(await page.locator("td.actions, .chip-x, form.new-alias").count(), 0);
      assert.equal(await page.getByRole("button", { name: /Promote|Move alias|Archive|Remove alias/ }).count(), 0);
    } finally {
      writeFileSync(stack.configPath, good);
    }
  });
});
