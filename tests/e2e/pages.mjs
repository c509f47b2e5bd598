// Page objects: what a user sees and does on each Pulse page, by role and label where the DOM has them.
import assert from "node:assert/strict";

export class ExperimentsPage {
  constructor(page) { this.page = page; }
  async open(base) { await this.page.goto(`${base}/experiments`); await this.table().waitFor(); }
  table() { return this.page.getByRole("table", { name: "Experiments" }); }
  link(name) { return this.table().getByRole("link", { name, exact: true }); }
}

export class ExperimentPage {
  constructor(page) { this.page = page; }
  table() { return this.page.getByRole("table", { name: "Runs" }); }
  rows() { return this.page.locator("table.runs tr.run"); }
  row(name) { return this.rows().filter({ has: this.page.getByRole("link", { name, exact: true }) }); }
  filterBox() { return this.page.getByRole("searchbox", { name: "Filter runs" }); }
  filterError() { return this.page.locator(".filter-error"); }
  async waitForRows() { await this.rows().first().waitFor(); }
  async filter(text) {
    await this.filterBox().fill(text);
    await this.filterBox().press("Enter");
  }
  /** The run names in table order. */
  async names() { return this.rows().locator("td.name a").allTextContents(); }
  /** The text of one column (by header text) for every row, in table order. */
  async column(header) {
    const headers = await this.table().locator("thead th").allTextContents();
    const index = headers.findIndex((h) => h.replace(/[▲▼]/g, "").trim() === header);
    assert.ok(index >= 0, `no column ${header} in ${headers}`);
    return this.rows().locator(`td:nth-child(${index + 1})`).allTextContents();
  }
  async sortBy(header) {
    await this.table().getByRole("button", { name: header, exact: false }).first().click();
  }
}

export class RunPage {
  constructor(page) { this.page = page; }
  heading() { return this.page.getByRole("heading", { level: 1 }); }
  table(name) { return this.page.getByRole("table", { name, exact: true }); }
  async value(tableName, key) {
    return this.table(tableName).getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: key, exact: true }) }).locator("td").textContent();
  }
}

export class ComparePage {
  constructor(page) { this.page = page; }
  diffTable() { return this.page.getByRole("table", { name: "Runs side by side" }); }
  /** The diff table's row for a param, metric or tag key. */
  row(key) { return this.diffTable().locator("tbody tr").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`\\b${key}\\b`) }) }); }
  runHeads() { return this.diffTable().locator("thead th a"); }
  diffOnly() { return this.page.getByRole("checkbox", { name: "Differences only" }); }
  legend() { return this.page.getByRole("group", { name: "Runs on the chart" }).getByRole("button"); }
  trendCanvas() { return this.page.locator(".trend-panel canvas.chart"); }
  async waitForTable() { await this.diffTable().waitFor(); }
  /** Saves what a button downloads and returns its text. */
  async download(button) {
    const [download] = await Promise.all([this.page.waitForEvent("download"), button.click()]);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
  }
}

/**
 * How many pixels of each colour (hex, e.g. "#0072b2") a canvas shows, within a small tolerance for
 * anti-aliasing: proof of what was drawn, read from the canvas itself.
 */
export async function canvasColors(canvas, colors) {
  return canvas.evaluate((el, hexes) => {
    const rgb = hexes.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const data = el.getContext("2d").getImageData(0, 0, el.width, el.height).data;
    const counts = hexes.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      rgb.forEach((c, i) => {
        if (Math.abs(data[p] - c[0]) < 6 && Math.abs(data[p + 1] - c[1]) < 6 && Math.abs(data[p + 2] - c[2]) < 6) counts[i]++;
      });
    }
    return counts;
  }, colors);
}
