// arch15: one 100 k history (seed 7) + the triage bench's next 440 reports, generated once with bea594b's code.
import SQLite from "better-sqlite3";
import { copyFileSync } from "node:fs";
import { submitTip } from "../../app/utils/intake.server";
import { openDatabase } from "../../db/client";
import { createHistoryDatabase, INCIDENT_TABLE } from "./synthetic-history";
const dir = "/work/a15-data";
const file = `${dir}/hist.db`;
const t0 = Date.now();
const summary = await createHistoryDatabase(file, { tips: 100_000, dataDir: dir, seed: 7, after: 440 });
console.log(`history ${summary.tips} tips in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
{ const s = new SQLite(file); s.pragma("wal_checkpoint(TRUNCATE)"); s.close(); }
copyFileSync(file, `${dir}/dash-base.db`);
const database = openDatabase(`file:${file}`);
const deps = { db: database.db, dataKey: Buffer.alloc(32, 1).toString("base64"), receiptSalt: "bench-triage-salt-000" };
const incidents: Array<[number, number, string]> = [];
for (const report of summary.next) {
  const { location } = report;
  const { tipId } = await submitTip(deps, {
    channel: "web", category: report.category, description: report.description, occurredAt: report.occurredAt, occurredPrecision: report.precision,
    location: { ...(location.kind === "address" ? { kind: "address", address: location.address } : location), provinceCode: "48" } as never,
    reporter: null, createdAt: report.reportedAt,
  });
  incidents.push([tipId, report.incident, report.wardCode]);
}
await database.close();
const sqlite = new SQLite(file);
const insert = sqlite.prepare(`insert into ${INCIDENT_TABLE} (tip_id, incident_id, ward_code) values (?, ?, ?)`);
sqlite.transaction(() => incidents.forEach((row) => insert.run(...row)))();
sqlite.pragma("wal_checkpoint(TRUNCATE)");
sqlite.close();
console.log(`done, ${incidents.length} new tips, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
