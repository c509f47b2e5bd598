// The stack the end-to-end tests run against: a real MLflow server seeded through its REST API, the release
// build of Pulse served by real nginx with MLflow proxied on the same origin, and headless Debian Chromium.
import { execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = resolve(import.meta.dirname, "../..");
const PYTHON = join(process.env.PULSE_CACHE ?? join(process.env.HOME, ".cache/pulse"), "venv/bin/python");
/** The demo's `config.json`: the stacks seed the demo data, whose models' thresholds it holds. */
const DEMO_CONFIG = JSON.parse(readFileSync(join(ROOT, "public/config.json"), "utf8"));
/** A phone's screen, as Lighthouse's mobile defaults emulate it. */
export const PHONE = { width: 412, height: 823 };
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** The backend store the stack's MLflow uses: `PULSE_E2E_BACKEND=postgres` for Debian's PostgreSQL, else SQLite. */
export const BACKEND = process.env.PULSE_E2E_BACKEND === "postgres" ? "postgres" : "sqlite";

/**
 * Starts MLflow on `mlflowPort` with demo data (plus an experiment `paging` of `pagingRuns` runs, and one of
 * `bulk.runs` wide runs named `bulk.name`, when given) and nginx on `port`; returns URLs and a stop function.
 * `nginx` fills the template's deployment values: `base` (the path Pulse is served under, `/pulse/`),
 * `frameAncestors` (who may frame it) and `connectExtra` (other origins the browser may call).
 * With `auth` ({ admin, password }) MLflow runs `--app-name basic-auth` with that admin and READ as the default
 * permission, and is seeded as the admin. With `PULSE_E2E_BACKEND=postgres` its backend store is a throwaway
 * PostgreSQL cluster on loopback port `mlflowPort + 20000`, started and removed with the stack.
 */
export function startStack({ mlflowPort, port, pagingRuns = 0, bulk = null, stats = [], config = {}, nginx = {},
  auth = null }) {
  const dir = mkdtempSync(join(tmpdir(), "pulse-e2e-"));
  chmodSync(dir, 0o755); // nginx workers run as nobody and must read config.json here

  const mlflowDir = join(dir, "mlflow");
  const run = (cmd, args, env = {}) =>
    execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  const mlflowEnv = {};
  const pgDir = join(dir, "postgres");
  if (BACKEND === "postgres") {
    if (bulk) throw new Error("bulk runs are written straight into SQLite: not with PULSE_E2E_BACKEND=postgres");
    mlflowEnv.PULSE_MLFLOW_BACKEND_URI = execFileSync("bash", ["scripts/postgres.sh", "start", pgDir,
      String(mlflowPort + 20000)], { cwd: ROOT, encoding: "utf8" }).trim();
  }
  const stopPostgres = () => {
    if (BACKEND !== "postgres") return;
    try { execFileSync("bash", ["scripts/postgres.sh", "stop", pgDir], { cwd: ROOT }); } catch { /* not running */ }
  };
  try {
    run("bash", ["scripts/mlflow.sh", mlflowDir, String(mlflowPort)], mlflowEnv);
  } catch (e) {
    stopPostgres();
    throw e;
  }
  const seed = ["scripts/seed.py", "--url", `http://127.0.0.1:${mlflowPort}`, "--demo"];
  run(PYTHON, pagingRuns ? [...seed, "--big-runs", String(pagingRuns), "--big-name", "paging"] : seed);
  if (auth) {
    // Seeded without the login first: basic-auth checks the password hash on every request, which made seeding
    // take 111 s instead of seconds. Then MLflow starts again on the same store, now asking for a login.
    const ini = join(dir, "basic_auth.ini");
    writeFileSync(ini, ["[mlflow]", "default_permission = READ", `database_uri = sqlite:///${join(dir, "auth.db")}`,
      `admin_username = ${auth.admin}`, `admin_password = ${auth.password}`,
      "authorization_function = mlflow.server.auth:authenticate_request_basic_auth", ""].join("\n"));
    run("bash", ["scripts/stop.sh", mlflowDir]);
    run("bash", ["scripts/mlflow.sh", mlflowDir, String(mlflowPort)], { ...mlflowEnv, PULSE_MLFLOW_AUTH_CONFIG: ini });
  }
  if (bulk) {
    run(PYTHON, ["scripts/bulk_runs.py", "--url", `http://127.0.0.1:${mlflowPort}`, "--db", join(mlflowDir, "mlflow.db"),
      "--name", bulk.name, "--runs", String(bulk.runs)]);
  }
  // The reference stats service: the first instance at /inference/, the others at /inference-<name>/.
  const statsDirs = stats.map((instance) => {
    const statsDir = join(dir, `stats-${instance.name}`);
    run("bash", ["scripts/stats.sh", statsDir, String(instance.port), String(mlflowPort), "--instance", instance.name,
      ...(instance.args ?? [])]);
    return statsDir;
  });
  // Relative to Pulse's <base href>, so the same config works under a sub-path.
  const base = nginx.base ?? "/";
  const statsPath = (instance, i) => (i === 0 ? "inference" : `inference-${instance.name}`);
  const statsLocations = stats.slice(1).map((instance, i) =>
    `location ${base}${statsPath(instance, i + 1)}/ { proxy_pass http://127.0.0.1:${instance.port}/; proxy_read_timeout 10s; }`).join("\n");
  const configPath = join(dir, "config.json");
  // The demo's config (its models' thresholds), pointed at this stack.
  writeFileSync(configPath, JSON.stringify({
    ...DEMO_CONFIG, mlflow_url: "", mlflow_ui_url: `http://127.0.0.1:${mlflowPort}`,
    stats_url: stats.map((instance, i) => `${statsPath(instance, i)}/v1/stats`), refresh_seconds: 1, ...config,
  }));
  const nginxDirs = [];
  /** Another nginx in front of the same MLflow, with extra location blocks (e.g. a proxy's 401/403). */
  const addNginx = (nginxPort, extraLocations = "") => {
    const nginxDir = join(dir, `nginx-${nginxPort}`);
    mkdirSync(nginxDir);
    const extra = join(nginxDir, "extra.conf");
    writeFileSync(extra, `${statsLocations}\n${extraLocations}`);
    run("bash", ["scripts/nginx.sh", nginxDir, String(nginxPort), "dist", configPath, String(mlflowPort), extra], {
      STATS_PORT: String(stats[0]?.port ?? 9), BASE: base, FRAME_ANCESTORS: nginx.frameAncestors ?? "'self'",
      CONNECT_EXTRA: nginx.connectExtra ?? "",
    });
    nginxDirs.push(nginxDir);
    return `http://127.0.0.1:${nginxPort}${base.replace(/\/$/, "")}`;
  };
  const url = addNginx(port);
  const mlflow = `http://127.0.0.1:${mlflowPort}`;
  /** Stops MLflow and resolves once its process has exited (scripts/stop.sh watches the process, not /health: a
   * keep-alive health poll would itself hold MLflow's graceful shutdown open). */
  const stopMlflow = () => new Promise((done, fail) => {
    execFile("bash", ["scripts/stop.sh", mlflowDir], { cwd: ROOT }, (e) => (e ? fail(e) : done()));
  });
  /** Kills one stats service instance (by index), as a crash would, and resolves once it has exited. */
  const stopStats = async (i) => {
    const pid = Number(readFileSync(join(statsDirs[i], "stats.pid"), "utf8").trim());
    try { process.kill(-pid, "SIGKILL"); } catch { /* already gone */ }
    await waitForExit(pid, "the stats service");
  };
  return {
    url,
    mlflow,
    configPath,
    stopMlflow,
    stopStats,
    addNginx,
    backend: BACKEND,
    stop() {
      try { run("bash", ["scripts/stop.sh", ...statsDirs, ...nginxDirs]); } catch { /* reported by stop.sh */ }
      if (BACKEND === "postgres") {
        // MLflow must be gone before its database: wait for it, then stop the cluster.
        try { run("bash", ["scripts/stop.sh", mlflowDir]); } catch { /* reported by stop.sh */ }
        stopPostgres();
      } else {
        // MLflow's graceful shutdown takes seconds: it finishes while the next file starts (on other ports).
        spawn("bash", ["scripts/stop.sh", mlflowDir], { cwd: ROOT, detached: true, stdio: "ignore" }).unref();
      }
    },
  };
}

/** Resolves once process `pid` has exited; throws after 20 s. */
async function waitForExit(pid, what) {
  for (let i = 0; i < 200; i++) {
    try { process.kill(pid, 0); } catch { return; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} (pid ${pid}) still runs 20 s after it was told to stop`);
}

/** Calls MLflow's REST API directly, to check what the page shows against the server's own answer. */
export async function mlflowApi(base, endpoint, body) {
  const res = await fetch(`${base}/api/2.0/mlflow/${endpoint}`, body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${endpoint}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Headless Debian Chromium; Playwright gives every launch a fresh, empty profile. */
export async function launchBrowser() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** The security headers nginx must send with every page (deploy/nginx.conf.template). */
export function securityHeaderProblems(url, headers) {
  const csp = headers["content-security-policy"] ?? "";
  const missing = [];
  for (const want of ["script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "connect-src 'self'", "frame-ancestors "]) {
    if (!csp.includes(want)) missing.push(`CSP without "${want}"`);
  }
  if (/unsafe-inline|'unsafe-eval'/.test(csp)) missing.push("CSP allows unsafe-inline or unsafe-eval");
  if (headers["x-content-type-options"] !== "nosniff") missing.push("no X-Content-Type-Options: nosniff");
  if (!headers["referrer-policy"]) missing.push("no Referrer-Policy");
  return missing.map((m) => `headers of ${url}: ${m}`);
}

/**
 * A page that records every console error, uncaught exception, Rust panic, dialog (an executed `alert` from
 * injected HTML would be one) and Content-Security-Policy violation, so every test proves the policy on the pages
 * and charts it opens. Every document it loads, in any frame, must also carry the security headers, except those
 * for which `csp(url)` is false (another origin's pages, such as Streamlit's). The browser's own "Failed to load resource" lines for HTTP errors the app handles are expected and
 * ignored.
 */
export async function newPage(browser, { csp = () => true, timezoneId } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, timezoneId });
  const problems = [];
  // Chromium also logs a refusal as a console error; the event names the directive and what was blocked.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("response", (res) => {
    if (res.request().isNavigationRequest() && csp(res.url())) {
      problems.push(...securityHeaderProblems(res.url(), res.headers()));
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("dialog", async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.problems = problems;
  return page;
}

/**
 * The hooks every test file needs: one stack and one browser for the file, a fresh page per test, and a
 * failed test for any console error, panic, dialog or CSP violation. `onStack` and `onPage` hand them to the file;
 * `pageOptions` go to `newPage`.
 */
export function useStack(ports, onStack, onPage, pageOptions = {}) {
  let stack, browser, page;
  // PULSE_E2E_PORTS="mlflow,nginx" moves a file's stack, so the same file can run again beside (or after) itself.
  const moved = process.env.PULSE_E2E_PORTS?.split(",").map(Number);
  if (moved) ports = { ...ports, mlflowPort: moved[0], port: moved[1] };
  before(async () => {
    stack = startStack(ports);
    onStack(stack);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    stack?.stop();
  });
  beforeEach(async () => {
    page = await newPage(browser, pageOptions);
    onPage(page);
  });
  afterEach(async () => {
    assert.deepEqual(page.problems, [], "console errors, panics or dialogs");
    await page.close();
  });
}
