/**
 * The intake worker's CPU per tip, in process (`npx tsx scripts/bench/worker-cpu.ts [--tips 1000] [--queries]`):
 * load-robust where `bench:intake` is not (CPU time of this process, not wall time), and
 * without Redis, so it shows the pipeline's own cost (docs/decisions/0087, 0091).
 *
 * A fresh SQLite file with province 48's wards; `--tips` copies of the bench's partner tip
 * are accepted (the real intake path, receipts hashed), then placed one by one with
 * `processIntake` — every tip joins one cluster, as in `bench:intake`. Prints the CPU a
 * tip by hundreds; `--queries` also the SQLite time per statement (better-sqlite3's
 * `run`/`all`/`get`, wall time, nothing else runs), largest first.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";
import { importUnits } from "../../cli/commands/units";
import { acceptTipOrThrow, type IntakeDeps } from "../../core/tips";
import { ReceiptHasher } from "../../core/receipts";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { primeEvidenceCache, processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { BENCH_TIP, say } from "./common";

const { values } = parseArgs({ options: { tips: { type: "string" }, queries: { type: "boolean" } } });
const TIPS = Number(values.tips ?? 1000);

/** Wall time and calls per SQL text, when `--queries` is given. */
const perQuery = new Map<string, { ms: number; calls: number }>();
if (values.queries) {
  const probe = new Sqlite(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ["run", "all", "get"] as const) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const entry = perQuery.get(this.source) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - started;
        entry.calls++;
        perQuery.set(this.source, entry);
      }
    };
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-worker-cpu-"));
  const database = openDatabase(`file:${path.join(dir, "tinbao.db")}`, { durability: "normal" });
  try {
    await migrateToLatest(database.db);
    await importUnits(database.db, "48");
    const deps: IntakeDeps = { db: database.db, dataKey: Buffer.alloc(32, 7).toString("base64"), receipts: new ReceiptHasher("worker-cpu-bench-salt") };
    const tip = JSON.parse(BENCH_TIP) as { category: string; description: string; occurredAt: string; location: { wardCode: string } };
    const ids: number[] = [];
    for (let i = 0; i < TIPS; i++) {
      ids.push((await acceptTipOrThrow(deps, {
        channel: "partner", category: tip.category, description: tip.description, occurredAt: tip.occurredAt, occurredPrecision: "exact",
        location: { kind: "ward", wardCode: tip.location.wardCode }, reporter: null, recordedBy: { kind: "partner" },
      })).tipId);
    }
    const ctx = { db: database.db, triage: createTriageContextCache(database.db), homeProvinces: ["48"] };
    await ctx.triage.get();
    await primeEvidenceCache(database.db);
    perQuery.clear();
    const lines: string[] = [];
    let all = 0;
    for (let start = 0; start < ids.length; start += 100) {
      const cpu = process.cpuUsage();
      const batch = ids.slice(start, start + 100);
      for (const id of batch) {
        const outcome = await processIntake(ctx, id);
        if (outcome !== "routed") throw new Error(`tip ${id}: ${outcome}`);
      }
      const used = process.cpuUsage(cpu);
      const ms = (used.user + used.system) / 1000;
      all += ms;
      lines.push(`${start + batch.length}: ${(ms / batch.length).toFixed(2)}`);
    }
    say(`worker CPU a tip (ms), by hundreds placed: ${lines.join("  ")}`);
    say(`all ${ids.length}: ${(all / ids.length).toFixed(2)} ms a tip; past the first hundred: ${((all - Number(lines[0]!.split(": ")[1]) * 100) / (ids.length - 100)).toFixed(2)} ms`);
    if (values.queries) {
      const rows = [...perQuery].sort((a, b) => b[1].ms - a[1].ms);
      const total = rows.reduce((sum, [, q]) => sum + q.ms, 0);
      say(`SQLite: ${(total / ids.length).toFixed(2)} ms a tip in ${rows.reduce((n, [, q]) => n + q.calls, 0) / ids.length} statements; largest:`);
      for (const [sql, q] of rows.slice(0, 25)) {
        say(`  ${(q.ms / ids.length).toFixed(3)} ms  ×${(q.calls / ids.length).toFixed(1)}  ${sql.replace(/\s+/g, " ").slice(0, 220)}`);
      }
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
