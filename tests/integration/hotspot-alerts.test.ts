/**
 * Hotspot alerts (issue 17) on a real database of this run's dialect and a real Redis,
 * with the clock fixed after a seeded history: a tripled rise of thefts in An Hải makes
 * one alert and one notification per recipient (An Hải's officer, the province's
 * supervisor; not Hải Châu's officer); a restart, a second run and two worker processes
 * racing add nothing; the alert continues as the same row; a duplicate storm makes none;
 * a handled alert stays handled; the command line prints it, nothing when there is none,
 * and refuses bad arguments.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHotspotMemory, currentHotspotAlerts, handleHotspotAlert, hotspotAlert, runHotspotDetection } from "../../core/hotspots";
import { listNotifications } from "../../core/notifications";
import { unitsScope } from "../../db/queries/scope";
import { refreshSummaries } from "../../db/queries/summaries";
import type { Database } from "../../db/schema";
import { addDays } from "../../domain/stats";
import { vietnamDayStart } from "../../domain/vietnam-time";
import { baseEnv, runCli } from "../setup/app-server";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { HOTSPOT_WARD, insertDuplicateStorm, insertIncidentHistory, LAST_DAY, RISE_START, seedHotspotWorld } from "../setup/hotspot-fixtures";
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";
import { UNIT_A, UNIT_B } from "../setup/staff-fixtures";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** 01:00 in Vietnam the day after the history: LAST_DAY is complete and past its grace period. */
const NOW = new Date(Date.parse(vietnamDayStart(addDays(LAST_DAY, 1))) + 3_600_000);
const nextDay = (date: Date, days = 1) => new Date(date.getTime() + days * 86_400_000);

describe.each(DIALECTS)("hotspot alerts (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let ids: Awaited<ReturnType<typeof seedHotspotWorld>>["ids"];
  let stormWard: string;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    const world = await seedHotspotWorld(db);
    ids = world.ids;
    await insertIncidentHistory(db, world.wards, { usual: 4, rise: 3 });
    // The refresher's first rebuild fills the daily counts detection reads (as the worker's schedule would).
    await refreshSummaries(db);
    // Two storms: one incident reported 40 times, another 25 times, in a quiet ward far from An Hải.
    stormWard = world.wards.find((w) => w !== UNIT_A && w !== UNIT_B)!;
    await insertDuplicateStorm(db, stormWard, addDays(LAST_DAY, -2), 40);
    await insertDuplicateStorm(db, stormWard, LAST_DAY, 25);
  }, 180_000);
  afterAll(async () => {
    await database?.destroy();
  });

  const alertRows = () => db.selectFrom("hotspot_alerts").selectAll().orderBy("id").execute();
  const alertNotifications = () =>
    db.selectFrom("notifications").select(["user_id", "alert_id", "step", "unit_code"]).where("kind", "=", "hotspot_alert").orderBy("user_id").execute();

  it("a tripled rise makes one alert and one notification for each of the ward's officers and the province's supervisors", async () => {
    const run = await runHotspotDetection(db, createHotspotMemory(), NOW);
    expect(run.daysRecorded).toBeGreaterThan(100);
    const current = (await alertRows()).filter((a) => a.last_day === LAST_DAY);
    const mine = current.filter((a) => a.wards.split(",").includes(HOTSPOT_WARD));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ category: "theft", province_code: "48", state: "open" });
    expect(mine[0]!.since >= addDays(RISE_START, -3)).toBe(true);
    expect(mine[0]!.incidents).toBeGreaterThan(mine[0]!.expected * 2);
    // The duplicate storms never make a hotspot.
    expect((await alertRows()).filter((a) => a.wards.split(",").includes(stormWard))).toEqual([]);

    const told = (await alertNotifications()).filter((n) => n.alert_id === mine[0]!.id);
    expect(told.map((n) => n.user_id).sort()).toEqual([ids.officerA, ids.supervisor].sort());
    expect(told.every((n) => n.step === "raised")).toBe(true);
    // Only alerts current on the last day are announced, not those of the history.
    const announced = new Set((await alertNotifications()).map((n) => n.alert_id));
    for (const a of await alertRows()) if (a.last_day !== LAST_DAY) expect(announced.has(a.id)).toBe(false);

    // Its evolution: one row per day it was current, through the last day.
    const days = await db.selectFrom("hotspot_alert_days").select(["day", "incidents"]).where("alert_id", "=", mine[0]!.id).orderBy("day").execute();
    expect(days.at(-1)!.day).toBe(LAST_DAY);
    expect(days[0]!.day >= mine[0]!.raised_on).toBe(true);
  });

  it("the officer sees it in the notification list with a link to the alert; Hải Châu's officer sees nothing", async () => {
    const mine = await listNotifications(db, { id: ids.officerA }, unitsScope([UNIT_A]), { limit: 10 });
    const alert = mine.find((n) => n.kind === "hotspot_alert");
    expect(alert).toMatchObject({ tipId: null, unitCode: UNIT_A });
    expect(alert!.alertId).toBeGreaterThan(0);
    expect((await listNotifications(db, { id: ids.officerB }, unitsScope([UNIT_B]), { limit: 10 })).filter((n) => n.kind === "hotspot_alert")).toEqual([]);
    expect(await currentHotspotAlerts(db, unitsScope([UNIT_B]))).toEqual([]);
    const seen = await currentHotspotAlerts(db, unitsScope([UNIT_A]));
    expect(seen.map((a) => a.id)).toEqual([alert!.alertId]);
    expect(seen[0]!.days.length).toBeGreaterThan(0);
  });

  it("a second run, a restarted worker and the next days add no alert and no notification; the alert goes on as the same row", async () => {
    const before = { alerts: await alertRows(), notes: await alertNotifications() };
    expect((await runHotspotDetection(db, createHotspotMemory(), NOW)).daysRecorded).toBe(0);
    const memory = createHotspotMemory();
    await runHotspotDetection(db, memory, NOW);
    const next = await runHotspotDetection(db, memory, nextDay(NOW));
    expect(next.daysRecorded).toBe(1);
    const after = await alertRows();
    const ours = (rows: typeof after) => rows.filter((a) => a.wards.split(",").includes(HOTSPOT_WARD) && a.category === "theft").map((a) => a.id);
    // No new tips on the next day: the same alert goes on (its score falls slowly) — never a second one.
    expect(ours(after)).toEqual(ours(before.alerts));
    expect((await alertNotifications()).length).toBe(before.notes.length);
    const current = before.alerts.find((a) => a.last_day === LAST_DAY && a.wards.split(",").includes(HOTSPOT_WARD))!;
    expect(after.find((a) => a.id === current.id)!.last_day).toBe(addDays(LAST_DAY, 1));
  });

  it("a notification needs exactly one subject (the CHECK)", async () => {
    const row = { user_id: ids.officerA, unit_code: UNIT_A, kind: "hotspot_alert", step: "check", created_at: NOW.toISOString() };
    await expect(db.insertInto("notifications").values({ ...row, tip_id: null, alert_id: null }).execute()).rejects.toThrow();
    const [alert] = await alertRows();
    const { tipId } = (await db.selectFrom("tips").select("id as tipId").limit(1).executeTakeFirstOrThrow());
    await expect(db.insertInto("notifications").values({ ...row, tip_id: tipId, alert_id: alert!.id }).execute()).rejects.toThrow();
  });

  it("an officer of another ward cannot mark it handled; An Hải's officer can, once, logged; it stays handled as detection goes on", async () => {
    const [alert] = await currentHotspotAlerts(db, unitsScope([UNIT_A]));
    expect(await handleHotspotAlert(db, alert!.id, unitsScope([UNIT_B]), { userId: ids.officerB, note: "không phải của tôi" }, NOW)).toBe(false);
    expect(await handleHotspotAlert(db, alert!.id, unitsScope([UNIT_A]), { userId: ids.officerA, note: "Đã tăng cường tuần tra khu vực chợ." }, NOW)).toBe(true);
    expect(await handleHotspotAlert(db, alert!.id, unitsScope([UNIT_A]), { userId: ids.officerA, note: "again" }, NOW)).toBe(false);
    const log = await db.selectFrom("audit_log").select(["actor_user_id", "data"]).where("type", "=", "hotspot.handled").execute();
    expect(log).toEqual([{ actor_user_id: ids.officerA, data: JSON.stringify({ alertId: alert!.id }) }]);
    await runHotspotDetection(db, createHotspotMemory(), nextDay(NOW, 2));
    const after = await hotspotAlert(db, alert!.id, unitsScope([UNIT_A]));
    expect(after).toMatchObject({ state: "handled", handledBy: "Nguyễn Văn An", handledNote: "Đã tăng cường tuần tra khu vực chợ." });
  });
});

describe.each(DIALECTS)("hotspot detection in two worker processes (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let prefix: string;
  let ids: Awaited<ReturnType<typeof seedHotspotWorld>>["ids"];

  beforeAll(async () => {
    database = await createDatabase();
    const world = await seedHotspotWorld(database.db);
    ids = world.ids;
    await insertIncidentHistory(database.db, world.wards, { usual: 4, rise: 3 });
    await refreshSummaries(database.db);
    prefix = uniquePrefix();
  }, 180_000);
  afterAll(async () => {
    await clearPrefix(prefix);
    await database?.destroy();
  });

  it("two workers' job schedulers record each day once and notify each recipient once", async () => {
    const workers = [0, 1].map(() => spawn(path.join(ROOT, "node_modules/.bin/tsx"), [
      "tests/setup/hotspot-worker.ts", database.url, TEST_REDIS_URL, prefix, NOW.toISOString(), "300",
    ], { cwd: ROOT, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] }));
    const outputs = workers.map((w) => {
      const lines: string[] = [];
      w.stdout.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
      return lines;
    });
    try {
      // Until both have run at least twice: the first runs race for the history.
      const deadline = Date.now() + 90_000;
      while (!outputs.every((lines) => lines.filter((l) => l.startsWith("run")).length >= 2) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(outputs.map((lines) => lines.filter((l) => l.startsWith("run")).length >= 2)).toEqual([true, true]);
    } finally {
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map((w) => new Promise((resolve) => w.once("exit", resolve))));
    }
    const recorded = outputs.flat().filter((l) => l.startsWith("run")).reduce((sum, l) => sum + Number(l.split(" ")[1]), 0);
    const progress = await database.db.selectFrom("hotspot_progress").select("last_day").executeTakeFirstOrThrow();
    expect(progress.last_day).toBe(LAST_DAY);
    const days = await database.db.selectFrom("hotspot_alert_days").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const first = (await database.db.selectFrom("tips").select((eb) => eb.fn.min("created_at").as("first")).executeTakeFirstOrThrow()).first!;
    // Each day of the history recorded by exactly one of the two.
    expect(recorded).toBe(Math.round((Date.parse(vietnamDayStart(addDays(LAST_DAY, 1))) - Date.parse(vietnamDayStart(first.slice(0, 10)))) / 86_400_000));
    expect(Number(days.n)).toBeGreaterThan(0);
    const alerts = await database.db.selectFrom("hotspot_alerts").select(["id", "wards"]).where("last_day", "=", LAST_DAY).execute();
    const mine = alerts.find((a) => a.wards.split(",").includes(HOTSPOT_WARD))!;
    const told = await database.db.selectFrom("notifications").select("user_id").where("alert_id", "=", mine.id).orderBy("user_id").execute();
    expect(told.map((n) => n.user_id)).toEqual([ids.officerA, ids.supervisor].sort((a, b) => a - b));
  }, 150_000);
});

describe("npm run cli -- hotspots", () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await DIALECTS[0]![1]();
    const world = await seedHotspotWorld(database.db);
    await insertIncidentHistory(database.db, world.wards, { usual: 4, rise: 3 });
    await refreshSummaries(database.db);
    env = { ...baseEnv(), DATABASE_URL: database.url, DATA_DIR: database.dir ?? ROOT, LOG_LEVEL: "silent" } as Record<string, string>;
  }, 180_000);
  afterAll(async () => {
    await database?.destroy();
  });

  it("prints the alerts current at --at as JSON lines, and a table", () => {
    const result = runCli(["hotspots", "--province", "48", "--at", NOW.toISOString()], env);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = lines.find((l) => l.wardCode === HOTSPOT_WARD || (l.wardCodes as string[] | undefined)?.includes(HOTSPOT_WARD));
    expect(mine).toMatchObject({ provinceCode: "48", category: "theft", through: LAST_DAY });
    for (const key of ["incidents", "expected", "since", "score"]) expect(mine).toHaveProperty(key);
    const table = runCli(["hotspots", "--at", NOW.toISOString(), "--format", "table"], env);
    expect(table.status).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^province\s+wards\s+category\s+incidents\s+expected\s+since/);
    expect(table.stdout).toContain(HOTSPOT_WARD);
  }, 60_000);

  it("prints nothing and exits 0 when no alert is current (before the rise)", () => {
    const result = runCli(["hotspots", "--province", "48", "--at", `${addDays(RISE_START, -20)}T12:00:00+07:00`], env);
    expect(result).toEqual({ status: 0, stdout: "", stderr: "" });
  }, 60_000);

  it("refuses bad arguments with one line and a non-zero exit", () => {
    for (const [args, pattern] of [
      [["hotspots", "--at", "yesterday"], /--at must be an ISO date/],
      [["hotspots", "--format", "xml"], /--format must be jsonl or table/],
      [["hotspots", "--province", "4800"], /--province must be a two-digit/],
      [["hotspots", "--province", "99"], /unknown province "99"/],
      [["hotspots", "--colour"], /Unknown option '--colour'/],
      [["hotspots", "extra"], /unexpected argument "extra"/],
    ] as const) {
      const result = runCli([...args], env);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(pattern);
    }
  }, 120_000);
});
