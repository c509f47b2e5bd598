// node trace.mjs URL SELECTOR [cpuRate]: one cold load traced; main-thread tasks >= 3 ms until SELECTOR shows, with top nested events
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
const [url, selector, rate] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 1)];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await browser.newContext(); const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
await browser.startTracing(page, { path: "/tmp/p18/trace.json", categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "loading", "v8"] });
await page.goto(url);
await page.locator(selector).first().waitFor({ timeout: 60000 });
const shown = await page.evaluate(() => performance.now());
const res = await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => /\.wasm|runs\/search|config|stats/.test(r.name)).map((r) => [r.name.split("/").pop().slice(0, 40), Math.round(r.startTime), Math.round(r.responseEnd)]));
const marks = await page.evaluate(() => performance.getEntries().filter((e) => e.entryType === "mark" || e.entryType === "measure").map((e) => [e.name, Math.round(e.startTime), Math.round(e.duration)]));
await browser.stopTracing(); await browser.close();
console.log("shown at", Math.round(shown));
for (const r of res) console.log("res", ...r);
for (const m of marks) console.log("mark", ...m);
const t = JSON.parse(readFileSync("/tmp/p18/trace.json", "utf8")).traceEvents;
const nav = t.find((e) => e.name === "navigationStart" && e.args?.data?.isLoadingMainFrame) ?? t.find((e) => e.name === "navigationStart");
const t0 = nav.ts;
const main = nav.tid, pid = nav.pid;
const tasks = t.filter((e) => e.pid === pid && e.tid === main && e.ph === "X" && (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") && e.dur >= 3000);
for (const task of tasks) {
  const s = (task.ts - t0) / 1000; if (s > shown + 50) break;
  const inner = t.filter((e) => e.pid === pid && e.tid === main && e.ph === "X" && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task && e.dur >= 1000)
    .map((e) => `${e.name}${e.args?.data?.url ? "(" + e.args.data.url.split("/").pop().slice(0, 20) + ")" : ""}${e.args?.data?.functionName ? "[" + e.args.data.functionName + "]" : ""} ${(e.dur / 1000).toFixed(1)}`);
  console.log(`task at ${s.toFixed(0)} ms: ${(task.dur / 1000).toFixed(1)} ms :: ${inner.slice(0, 8).join(" | ")}`);
}
