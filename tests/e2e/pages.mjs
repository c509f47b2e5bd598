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
