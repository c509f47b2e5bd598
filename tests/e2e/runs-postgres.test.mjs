// The runs stories (filters, sorting, paging, nested runs, the shell) once more, against an MLflow whose
// backend store is Debian's PostgreSQL, as the users run it: SQL that differs between SQLite and PostgreSQL
// (ordering of NULLs and NaN, LIKE, paging tokens) is proven on both. The harness starts and removes the
// cluster on loopback; the stack gets ports of its own so this file never meets runs.test.mjs's.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { it } from "node:test";

process.env.PULSE_E2E_BACKEND = "postgres";
process.env.PULSE_E2E_PORTS = "5202,8242";
await import("./runs.test.mjs");

// Runs after the stories, before the stack stops: what they read really was in PostgreSQL.
it("read the runs from PostgreSQL", () => {
  const count = execFileSync("psql", ["-h", "127.0.0.1", "-p", String(5202 + 20000), "-U", "postgres", "-d", "mlflow",
    "-tAc", "select count(*) from runs"], { encoding: "utf8" });
  assert.ok(Number(count) > 150, `runs in PostgreSQL: ${count}`);
});
