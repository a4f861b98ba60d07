/**
 * The worker yields the CPU to intake (docs/decisions/0086): it lowers its own priority at start —
 * every thread, and its autogroup when its session is its own — and still places every tip of a
 * burst committed while it runs. Real worker process, real Redis, this run's database dialect.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { getPriority } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptTipOrThrow } from "../../core/tips";
import { ReceiptHasher } from "../../core/receipts";
import { importUnits } from "../../cli/commands/units";
import { autogroupNice, parseStat, sessionIsOwn } from "../../core/platform/process-priority";
import { baseEnv, stopProcess, type Env } from "../setup/app-server";
import { createTestDatabase, tempDir, type TestDatabase } from "../setup/db";
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BURST = 60;
const STEPS = 7;
const WARDS = ["20275", "20242", "20263", "20209", "20200", "20305"];
const AUTOGROUPS = existsSync("/proc/self/autogroup") && readFileSync("/proc/sys/kernel/sched_autogroup_enabled", "utf8").trim() === "1";

describe("which processes share the worker's autogroup", () => {
  const stat = (pid: number, ppid: number, session = 100) => ({ pid, ppid, session });
  // npm (session leader) → sh → tsx → the worker (50) → esbuild (60); 70 is an unrelated shell elsewhere.
  const chain = [stat(100, 1), stat(30, 100), stat(40, 30), stat(50, 40), stat(60, 50), stat(70, 1, 70)];

  it("is the worker's own when the session holds only its launchers and its children", () => {
    const members = chain.filter((p) => p.session === 100);
    expect(sessionIsOwn(50, members, chain)).toBe(true);
  });

  it("is shared when the web process (or anything else) runs in the same session", () => {
    const withWeb = [...chain, stat(80, 100)]; // `npm start`: the web process, a sibling of the worker
    expect(sessionIsOwn(50, withWeb.filter((p) => p.session === 100), withWeb)).toBe(false);
    const withCousin = [...chain, stat(81, 40)]; // a second child of the launcher
    expect(sessionIsOwn(50, withCousin.filter((p) => p.session === 100), withCousin)).toBe(false);
  });

  it("reads /proc's stat lines whose command names hold spaces and parentheses", () => {
    const text = "4242 (node (x) y) S 4241 4240 4239 0 -1 4194560 1 0 0 0 5 6 0 0 30 10 11 0 123 456 789";
    expect(parseStat(text)).toEqual({ pid: 4242, ppid: 4241, pgrp: 4240, session: 4239, nice: 10, cpuTicks: 11 });
    expect(autogroupNice("/autogroup-107 nice 7\n")).toBe(7);
    expect(autogroupNice("")).toBe(null);
  });
});

describe("the worker at a lower priority", () => {
  let dir: string;
  let database: TestDatabase;
  let env: Env;
  let worker: ChildProcess;
  const logs: string[] = [];
  const prefix = uniquePrefix("nice");

  beforeAll(async () => {
    dir = tempDir();
    database = await createTestDatabase();
    await importUnits(database.db, "48");
    env = {
      ...baseEnv(), DATABASE_URL: database.url, DATA_DIR: dir, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix,
      LOG_LEVEL: "info", HOME_PROVINCES: "48", WORKER_NICE: String(STEPS), OUTBOX_RELAY_MS: "50",
    };
    // Detached: a session of its own, as the benchmarks start it, so its autogroup is lowered too.
    worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    worker.stdout!.on("data", (d) => logs.push(String(d)));
    worker.stderr!.on("data", (d) => logs.push(String(d)));
    const deadline = Date.now() + 60_000;
    while (!logs.join("").includes("worker started")) {
      if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`the worker did not start:\n${logs.join("")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    await stopProcess(worker);
    await database.destroy();
    await clearPrefix(prefix);
  });

  it(`lowers every one of its threads by WORKER_NICE levels and says so`, () => {
    const expected = Math.min(19, getPriority(0) + STEPS);
    expect(getPriority(worker.pid!)).toBe(expected);
    const threads = readdirSync(`/proc/${worker.pid}/task`).map((tid) => parseStat(readFileSync(`/proc/${worker.pid}/task/${tid}/stat`, "utf8")));
    expect(threads.length).toBeGreaterThan(4); // V8's and libuv's threads, not only the main one
    expect(threads.filter((t) => t.nice < expected)).toEqual([]);
    const line = logs.join("").split("\n").find((l) => l.includes("worker priority lowered"));
    expect(line && JSON.parse(line)).toMatchObject({ workerNice: STEPS, nice: expected });
  });

  it.skipIf(!AUTOGROUPS)("lowers its autogroup when its session is its own", () => {
    // A process in the kernel's default autogroup (its session never began with setsid, as under some CI
    // runners) reads an empty file: that group's weight is the root's, nice 0.
    const ours = autogroupNice(readFileSync("/proc/self/autogroup", "utf8")) ?? 0;
    expect(autogroupNice(readFileSync(`/proc/${worker.pid}/autogroup`, "utf8"))).toBe(Math.min(19, STEPS));
    expect(ours).toBeLessThan(STEPS); // the test's own session untouched
  });

  it("places every tip of a burst committed while it runs", async () => {
    const deps = { db: database.db, dataKey: Buffer.alloc(32, 3).toString("base64"), receipts: new ReceiptHasher("nice-test-salt-000000") };
    await Promise.all(Array.from({ length: BURST }, (_, i) =>
      acceptTipOrThrow(deps, {
        channel: "web", category: i % 3 === 0 ? "theft" : "drugs",
        description: `Tin số ${i}: có người lạ tụ tập ở kiệt ${i % 30} gần chợ vào buổi tối, nghi mua bán trái phép.`,
        occurredAt: new Date(Date.now() - (i % 24) * 3_600_000).toISOString(), occurredPrecision: "approximate",
        // Every fourth names no place the pipeline can find: it goes to the home province's desk.
        location: i % 4 === 0 ? { kind: "address", address: `kiệt không tên số ${i}` } : { kind: "ward", wardCode: WARDS[i % WARDS.length] },
        reporter: null,
      })));
    const unplaced = () => database.db.selectFrom("tips").select("id").where((eb) => eb.or([eb("status", "=", "received"), eb("unit_code", "is", null)])).execute();
    // Generous: in a full test run the worker's autogroup, lowered, shares two cores with everything else.
    const deadline = Date.now() + 150_000;
    while ((await unplaced()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await unplaced()).toEqual([]);
    const units = await database.db.selectFrom("tips").select(["unit_code", database.db.fn.countAll<number>().as("n")]).groupBy("unit_code").execute();
    expect(units.reduce((sum, u) => sum + Number(u.n), 0)).toBe(BURST);
    expect(units.find((u) => u.unit_code === "48")).toBeDefined(); // the addresses nobody can place: on the desk
  }, 180_000);
});
