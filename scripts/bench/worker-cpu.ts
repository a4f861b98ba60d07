/**
 * The intake worker's CPU per tip, in process (`npx tsx scripts/bench/worker-cpu.ts [--tips 1000] [--queries]`):
 * load-robust where `bench:intake` is not (CPU time of this process, not wall time), and
 * without Redis, so it shows the pipeline's own cost (docs/decisions/0087, 0091).
 *
 * A fresh SQLite file with province 48's wards; `--tips` copies of the bench's partner tip
 * are accepted (the real intake path, receipts hashed), then placed one by one with
 * `processIntake` — every tip joins one cluster, as in `bench:intake`. Prints the CPU a
 * tip by hundreds; `--queries` also the SQLite time per statement (better-sqlite3's
 * `run`/`all`/`get`, wall time, nothing else runs), largest first; `--frames` the WAL frames (pages
 * written) a tip when accepted and when placed, with SQLite's checkpoints held off meanwhile
 * (deterministic, whatever the machine's load; docs/decisions/0096).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { type Kysely, sql } from "kysely";
import { importUnits } from "../../cli/commands/units";
import { acceptTipOrThrow, type IntakeDeps } from "../../core/tips";
import { ReceiptHasher } from "../../core/receipts";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { primeEvidenceCache, processIntake, type IntakeContext } from "../../workers/intake";
import { createIntakeQueue, createRedis, INTAKE_QUEUE } from "../../core/platform/queues";
import type { Database as DB } from "../../db/schema";
import { createTriageContextCache } from "../../workers/triage-context";
import { BENCH_TIP, freePort, say } from "./common";

const { values } = parseArgs({
  options: { tips: { type: "string" }, queries: { type: "boolean" }, frames: { type: "boolean" }, redis: { type: "boolean" }, "redis-port": { type: "string" }, rate: { type: "string" }, keep: { type: "boolean" } },
});
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
    // WAL frames written since the last reset (checkpoints held off between two readings).
    const walFrames = async () => (await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(database.db)).rows[0]!.log;
    if (values.frames) {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
      await sql`pragma wal_autocheckpoint = 0`.execute(database.db);
    }
    for (let i = 0; i < TIPS; i++) {
      ids.push((await acceptTipOrThrow(deps, {
        channel: "partner", category: tip.category, description: tip.description, occurredAt: tip.occurredAt, occurredPrecision: "exact",
        location: { kind: "ward", wardCode: tip.location.wardCode }, reporter: null, recordedBy: { kind: "partner" },
      })).tipId);
    }
    if (values.frames) {
      say(`WAL frames a tip accepted (the web's commit): ${((await walFrames()) / TIPS).toFixed(2)}`);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
    }
    const ctx = { db: database.db, triage: createTriageContextCache(database.db), homeProvinces: ["48"] };
    await ctx.triage.get();
    await primeEvidenceCache(database.db);
    if (values.redis) return await throughTheQueue(database.db, ctx, ids);
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
    if (values.frames) say(`WAL frames a tip placed (the worker's commits): ${((await walFrames()) / ids.length).toFixed(2)}`);
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
    if (values.keep) say(`kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds a process has used (utime + stime), from /proc. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function throughTheQueue(db: Kysely<DB>, ctx: IntakeContext, ids: number[]) {
  const port = Number(values["redis-port"] ?? 0) || (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-worker-cpu-redis-"));
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  const rate = Number(values.rate ?? 65);
  try {
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => {});
      const up = await probe.connect().then(() => true, () => false);
      probe.disconnect();
      if (up) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const prefix = "worker-cpu";
    const workerRedis = createRedis(url, "worker");
    const producerRedis = createRedis(url, "producer");
    const queue = createIntakeQueue(producerRedis, prefix);
    const outbox = (await import("../../workers/outbox")) as Record<string, unknown> & { relayNewTips: typeof import("../../workers/outbox").relayNewTips };
    // This checkout's processor: one job per relay batch (ADR 0091), or one per tip before it.
    const run = (outbox.runIntakeJob as ((c: IntakeContext, q: typeof queue, job: unknown) => Promise<unknown>) | undefined)
      ?? ((c: IntakeContext, _q: typeof queue, job: { tipId: number }) => processIntake(c, job.tipId));
    const intake = { ...ctx, notify: { redis: producerRedis, prefix } };
    // Held back from the relay until released at the rate of a burst.
    await db.updateTable("tips").set({ enqueued_at: "9999-01-01T00:00:00.000Z" }).where("id", "in", ids).execute();
    const worker = new Worker(INTAKE_QUEUE, async (job) => run(intake, queue, job.data), {
      connection: workerRedis, prefix, concurrency: 4, lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 5,
    });
    await worker.waitUntilReady();
    const cpu = process.cpuUsage();
    const redisBefore = processCpuSeconds(server.pid!);
    const started = performance.now();
    let released = 0;
    while (released < ids.length) {
      await new Promise((r) => setTimeout(r, 200));
      const due = Math.min(ids.length, Math.round(((performance.now() - started) / 1000) * rate));
      if (due > released) {
        await db.updateTable("tips").set({ enqueued_at: null }).where("id", "in", ids.slice(released, due)).execute();
        released = due;
      }
      await outbox.relayNewTips(db, queue);
    }
    for (;;) {
      const left = await db.selectFrom("tips").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "received").executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const used = process.cpuUsage(cpu);
    const redisCpu = processCpuSeconds(server.pid!) - redisBefore;
    const seconds = (performance.now() - started) / 1000;
    const jobs = await queue.getJobCounts("completed", "failed");
    say(`${ids.length} tips through the queue at ${rate}/s in ${seconds.toFixed(1)} s; jobs completed ${jobs.completed}, failed ${jobs.failed}`);
    say(`CPU a tip: this process (relay + BullMQ worker + pipeline) ${((used.user + used.system) / 1000 / ids.length).toFixed(2)} ms, redis-server ${((redisCpu * 1000) / ids.length).toFixed(2)} ms`);
    await worker.close();
    await queue.close();
    workerRedis.disconnect();
    producerRedis.disconnect();
  } finally {
    server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
