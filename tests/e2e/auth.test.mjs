// User stories for MLflow's login (issue 9): MLflow 3.17.2 `--app-name basic-auth` behind Pulse's nginx.
// Sign in, a wrong password, sign out, a READ user's promote refused, an EDIT user's and an admin's done.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { useStack } from "./harness.mjs";

const WAIT = { timeout: 20_000 };
const ADMIN = { user: "admin", password: "pulse-e2e-admin-secret" };
const READER = { user: "reader", password: "reader-pw-123456" };
const EDITOR = { user: "editor", password: "editor-pw-123456" };
let stack, page;

/** MLflow's REST API as `who` (the admin by default), straight to the server. */
async function api(endpoint, body, who = ADMIN, version = "2.0") {
  const headers = { Authorization: `Basic ${Buffer.from(`${who.user}:${who.password}`).toString("base64")}` };
  const res = await fetch(`${stack.mlflow}/api/${version}/mlflow/${endpoint}`, body === undefined ? { headers } : {
    method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
const stages = async (model) => Object.fromEntries(
  (await api(`model-versions/search?filter=${encodeURIComponent(`name='${model}'`)}`)).model_versions
    .map((v) => [v.version, v.current_stage]));

/**
 * Counts the browser's own HTTP authentication challenges (the login dialog a headed browser would pop):
 * Chromium reports each as Fetch.authRequired when auth requests are handled over CDP; they are cancelled.
 */
async function watchChallenges() {
  const challenges = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Fetch.requestPaused", (e) => cdp.send("Fetch.continueRequest", { requestId: e.requestId }).catch(() => {}));
  cdp.on("Fetch.authRequired", (e) => {
    challenges.push(e.request.url);
    cdp.send("Fetch.continueWithAuth", { requestId: e.requestId, authChallengeResponse: { response: "CancelAuth" } })
      .catch(() => {});
  });
  await cdp.send("Fetch.enable", { handleAuthRequests: true, patterns: [{ urlPattern: "*" }] });
  return challenges;
}

const storedCredentials = () => page.evaluate(() => sessionStorage.getItem("pulse.mlflow.credentials"));
const form = () => page.getByRole("form", { name: "Sign in to MLflow" });
async function signIn(who) {
  await form().waitFor(WAIT);
  await page.getByLabel("Username").fill(who.user);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
async function openSignedIn(path, who) {
  await page.goto(`${stack.url}${path}`);
  await signIn(who);
  await form().waitFor({ state: "detached", ...WAIT });
}

// The control case opens a page on MLflow's own origin, which is not served by nginx and has none of its headers.
useStack({ mlflowPort: 5201, port: 8241, auth: { admin: ADMIN.user, password: ADMIN.password } },
  (s) => { stack = s; }, (p) => { page = p; }, { csp: (url) => !url.startsWith("http://127.0.0.1:5201") });

before(async () => {
  await api("users/create", { username: READER.user, password: READER.password });
  await api("users/create", { username: EDITOR.user, password: EDITOR.password });
  // MLflow 3.x's grant endpoint (the 2.x registered-models/permissions/create is gone in 3.17).
  await api("users/permissions/grant", { username: EDITOR.user, resource_type: "registered_model",
    resource_id: "fusion_multimodal_model", permission: "EDIT" }, ADMIN, "3.0");
});

describe("MLflow with a login", () => {
  it("asks for a login instead of showing the page, and the browser never asks on its own", async () => {
    const challenges = await watchChallenges();
    const answers = [];
    page.on("response", (r) => r.url().startsWith(stack.url) && answers.push([r.status(), r.headers()["www-authenticate"]]));
    await page.goto(`${stack.url}/experiments`);
    await form().waitFor(WAIT);
    await page.getByText("This MLflow server requires a login.").waitFor(WAIT);
    assert.ok(answers.some(([status]) => status === 401), "MLflow answered 401 through nginx");
    assert.deepEqual(answers.filter(([, challenge]) => challenge), [], "nginx passed WWW-Authenticate on");
    assert.deepEqual(challenges, [], "the browser met an HTTP authentication challenge");

    // The control: the same request straight to MLflow (its WWW-Authenticate intact) is a challenge.
    await page.goto(`${stack.mlflow}/health`);
    assert.equal(await page.evaluate(() => fetch("/version").then((r) => r.status)), 401);
    assert.equal(challenges.length, 1, "the detector sees MLflow's own challenge");
  });

  it("says a wrong password plainly, once, with no prompt loop", async () => {
    const challenges = await watchChallenges();
    const tries = [];
    page.on("request", (r) => r.headers().authorization && tries.push(r.url()));
    await page.goto(`${stack.url}/experiments`);
    await signIn({ user: ADMIN.user, password: "not-the-password" });
    await page.getByRole("alert").filter({ hasText: "Wrong username or password" }).waitFor(WAIT);
    assert.equal(tries.length, 1, `requests with credentials: ${tries.join(", ")}`);
    assert.deepEqual(challenges, []);
    await form().waitFor(WAIT);
    assert.equal(await storedCredentials(), null, "a rejected sign-in was kept");
  });

  it("signs in, keeps the credentials in this tab only, sends them only to MLflow, and signs out", async () => {
    const withCredentials = [];
    const logged = [];
    page.on("request", (r) => r.headers().authorization && withCredentials.push(new URL(r.url())));
    page.on("console", (m) => logged.push(m.text()));
    await openSignedIn("/experiments", ADMIN);
    await page.getByRole("link", { name: "tiktok_safety_text" }).waitFor(WAIT);
    await page.getByText("Signed in as admin").waitFor(WAIT);
    assert.ok(withCredentials.length > 1);
    for (const url of withCredentials) {
      assert.equal(url.origin, stack.url, `credentials sent to ${url}`);
      assert.match(url.pathname, /^\/(api\/|version$|health$)/, `credentials sent to ${url}`);
    }
    const secret = Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64");
    const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) }));
    assert.ok(!stored.local.includes(secret) && !stored.local.includes(ADMIN.password), "localStorage holds them");
    assert.ok(stored.session.includes("admin"), "sessionStorage keeps the sign-in for this tab");
    assert.ok(!page.url().includes(ADMIN.password) && !page.url().includes(secret));
    assert.ok(!logged.some((l) => l.includes(ADMIN.password) || l.includes(secret)), "a log line holds them");

    // A reload (or a deep link in this tab) stays signed in.
    await page.goto(`${stack.url}/experiments`);
    await page.getByRole("link", { name: "tiktok_safety_text" }).waitFor(WAIT);
    assert.equal(await form().count(), 0);

    // What is kept names the MLflow it is for. Kept for another one (another Pulse on this origin, or this one
    // before its config named another MLflow), it is not sent here: this MLflow asks for a sign-in.
    const kept = JSON.parse(await storedCredentials());
    assert.equal(kept.mlflow, `${stack.url}/`);
    const keep = (value) => page.evaluate((v) => sessionStorage.setItem("pulse.mlflow.credentials", v), JSON.stringify(value));
    await keep({ ...kept, mlflow: "http://127.0.0.1:1/other-pulse/" });
    const sent = withCredentials.length;
    await page.goto(`${stack.url}/experiments`);
    await form().waitFor(WAIT);
    assert.equal(withCredentials.length, sent, "another MLflow's sign-in was sent here");
    assert.equal(await page.getByText("Signed in as").count(), 0);
    await keep(kept);
    await page.goto(`${stack.url}/experiments`);
    await page.getByText("Signed in as admin").waitFor(WAIT);

    await page.getByRole("button", { name: "Sign out" }).click();
    await form().waitFor(WAIT);
    assert.equal(await storedCredentials(), null, "Sign out left the credentials in sessionStorage");
    const left = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
    assert.ok(!left.includes(secret) && !left.includes(ADMIN.password));
    assert.equal(await page.getByText("Signed in as").count(), 0);
  });

  it("refuses a READ user's promotion with 'no permission on this model' and changes nothing", async () => {
    const model = "text_classification_model";
    const before = await stages(model);
    await openSignedIn(`/models/${model}`, READER);
    await page.getByRole("table", { name: "Versions" }).waitFor(WAIT);
    await page.getByRole("button", { name: "Promote to Production: version 3" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("dialog").getByRole("alert").filter({ hasText: /^No permission on this model/ }).waitFor(WAIT);
    assert.deepEqual(await stages(model), before);
  });

  it("lets a user with EDIT on the model change it", async () => {
    const model = "fusion_multimodal_model";
    await openSignedIn(`/models/${model}`, EDITOR);
    await page.getByRole("table", { name: "Versions" }).waitFor(WAIT);
    await page.getByRole("button", { name: "Archive version 4" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("dialog").getByText(/^Done\./).waitFor(WAIT);
    assert.equal((await stages(model))["4"], "Archived");
  });

  it("lets an admin promote", async () => {
    const model = "text_classification_model";
    await openSignedIn(`/models/${model}`, ADMIN);
    await page.getByRole("table", { name: "Versions" }).waitFor(WAIT);
    await page.getByRole("button", { name: "Promote to Production: version 3" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await page.getByRole("dialog").getByText(/Done\. MLflow now reports version 3/).waitFor(WAIT);
    const now = await stages(model);
    assert.deepEqual(Object.entries(now).filter(([, s]) => s === "Production").map(([v]) => v), ["3"]);
  });
});
