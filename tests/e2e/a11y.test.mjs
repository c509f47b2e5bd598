// User stories for issue 10 (accessibility): a user who relies on contrast, a screen reader or the keyboard can
// use every page of Pulse in the light and the dark theme. axe-core (WCAG 2.x A and AA rules) checks each page
// once its content is in (tables filled, charts drawn) and the test fails on any serious or critical violation,
// naming the rule, the elements and what to fix.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { useStack } from "./harness.mjs";
import { a11yDemo, a11yPages, seriousViolations } from "./pages.mjs";

let stack, page;

useStack({
  mlflowPort: 5211, port: 8261,
  stats: [{ name: "w1", port: 8262, args: ["--poll-seconds", "1", "--demo-traffic"] }],
}, (s) => { stack = s; }, (p) => { page = p; });

const PAGES = a11yPages(() => page);

let ids;
for (const theme of ["light", "dark"]) {
  describe(`every page in the ${theme} theme`, () => {
    for (const p of PAGES) {
      it(`${p.name} has no serious or critical accessibility problem`, async () => {
        ids ??= await a11yDemo(stack.mlflow);
        // The OS's colour scheme: Pulse follows it until the user picks a theme.
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`${stack.url}${p.path(ids)}`);
        await p.ready();
        assert.equal(await page.locator("html").getAttribute("data-theme"), theme);
        const found = await seriousViolations(page);
        if (found.length) console.log(`${p.name}, ${theme}:\n  ${found.join("\n  ")}`);
        assert.deepEqual(found, [], `axe on ${p.path(ids)} in the ${theme} theme`);
      });
    }
  });
}
