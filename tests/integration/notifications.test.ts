/**
 * Staff notifications (issue 16) on a real database of this run's dialect and a real
 * Redis: each event is created once, by the entry points that change the tip (the
 * intake worker, the reroute, the tipster's answer); the art. 147 reminders at 5 and
 * 2 days and when passed, once each, under a controlled clock, with two worker
 * processes' job schedulers racing and after a jump of the clock; retention takes
 * them with the tip's content; an officer of another unit, or one moved out of the
 * unit, never sees them. The scan reads the deadline index (EXPLAIN).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTipsterMessage } from "../../app/utils/followup.server";
import { fixturePasswordHash } from "../setup/passwords";
import { countUnread, listNotifications, markRead, notifyTipEvent, scanDeadlineReminders } from "../../core/notifications";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { dueRemindersQuery } from "../../db/queries/notifications";
import { unitsScope } from "../../db/queries/scope";
import { purgeTipContent } from "../../db/queries/retention";
import { claimTip, rerouteTip } from "../../db/queries/staff-tips";
import { createUser } from "../../db/queries/users";
import type { Database } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { reminderWindows } from "../../domain/notifications";
import { processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { clearPrefix, TEST_REDIS_URL, uniquePrefix } from "../setup/redis";
import { baseTip, RECEIPTS, seedRoutedTip, seedUnits, seedUsers, SECRETS, UNIT_A, UNIT_B } from "../setup/staff-fixtures";
import { acceptTipOrThrow } from "../../core/tips";
import { tempDir } from "../setup/db";

/** Received at a fixed instant: the deadline is 21 March 2026, 23:59:59 in Vietnam. */
const RECEIVED = "2026-03-01T03:00:00.000Z";
const DEADLINE = deadlineFor(RECEIVED);
const at = (iso: string) => new Date(iso);
const ROOT = path.resolve(import.meta.dirname, "../..");
/** Moments of the scan: 6 days left, 5 (from 00:00 on 16 March), 2, and the day after. */
const SIX_LEFT = at("2026-03-15T10:00:00.000Z");
const FIVE_LEFT = at("2026-03-16T02:00:00.000Z");
const TWO_LEFT = at("2026-03-19T02:00:00.000Z");
const PASSED = at("2026-03-22T02:00:00.000Z");

describe.each(DIALECTS)("staff notifications (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let ids: Awaited<ReturnType<typeof seedUsers>>;
  let officerA2: number;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    await seedUnits(db);
    ids = await seedUsers(db);
    officerA2 = await createUser(db, {
      email: "officer.a2@test.tinbao.vn", name: "Võ Thị Hà", role: "officer", passwordHash: await fixturePasswordHash("x-password-long-enough"),
      provinceCode: null, unitCodes: [UNIT_A], createdAt: RECEIVED,
    });
  }, 120_000);
  afterAll(async () => {
    await database?.destroy();
  });

  // Every test gives its tips the same deadline and moves the clock as it needs, backwards too: each
  // starts as a deployment whose scans have not run yet (a scan's mark: docs/decisions/0081-scan-marks.md).
  beforeEach(async () => {
    await db.deleteFrom("scan_marks").execute();
  });

  const rowsOf = (tipId: number) =>
    db.selectFrom("notifications").select(["user_id", "kind", "step", "unit_code"]).where("tip_id", "=", tipId).orderBy("user_id").orderBy("kind").execute();

  /** A routed tip of UNIT_A received at RECEIVED (the deadline follows). */
  async function tipWithDeadline(unitCode = UNIT_A): Promise<number> {
    const { tipId } = await seedRoutedTip(db, { unitCode });
    await db.updateTable("tips").set({ created_at: RECEIVED, deadline_at: DEADLINE }).where("id", "=", tipId).execute();
    return tipId;
  }

  it("a new tip routed by the intake worker notifies each officer of its unit once, nobody else", async () => {
    const { tipId } = await acceptTipOrThrow({ db, dataKey: SECRETS.DATA_KEY, receipts: RECEIPTS }, baseTip);
    const ctx = { db, triage: createTriageContextCache(db), now: () => at("2026-03-01T03:05:00.000Z") };
    expect(await processIntake(ctx, tipId)).toBe("routed");
    expect(await processIntake(ctx, tipId)).toBe("skipped"); // a retried job
    const again = await db.transaction().execute((trx) => notifyTipEvent(trx, tipId, { kind: "tip_new" }, "2026-03-01T03:06:00.000Z"));
    expect(again).toEqual({ created: 0, unitCode: UNIT_A });
    expect(await rowsOf(tipId)).toEqual([
      { user_id: ids.officerA, kind: "tip_new", step: "", unit_code: UNIT_A },
      { user_id: officerA2, kind: "tip_new", step: "", unit_code: UNIT_A },
    ].sort((x, y) => x.user_id - y.user_id));
    // What is stored says nothing of the tip's words.
    const stored = JSON.stringify(await db.selectFrom("notifications").selectAll().where("tip_id", "=", tipId).execute());
    expect(stored).not.toContain("ma túy");
  });

  it("a reroute notifies the new unit's officers in the same transaction; an answer only the officer who took the tip", async () => {
    const tipId = await tipWithDeadline();
    const actorA = { userId: ids.officerA, scope: unitsScope([UNIT_A]), at: "2026-03-02T01:00:00.000Z" };
    const moved = await rerouteTip(db, tipId, { toUnit: UNIT_B, reason: "thuộc địa bàn Hải Châu" }, actorA,
      (trx) => notifyTipEvent(trx, tipId, { kind: "tip_rerouted", at: actorA.at }, actorA.at));
    expect(moved).toEqual({ fromUnit: UNIT_A });
    expect(await rowsOf(tipId)).toEqual([{ user_id: ids.officerB, kind: "tip_rerouted", step: `at:${actorA.at}`, unit_code: UNIT_B }]);

    // A failed change takes its notifications with it.
    await expect(rerouteTip(db, tipId, { toUnit: UNIT_A, reason: "thử lại" }, { ...actorA, userId: ids.officerB, scope: unitsScope([UNIT_B]), at: "2026-03-02T02:00:00.000Z" },
      async (trx) => {
        await notifyTipEvent(trx, tipId, { kind: "tip_rerouted", at: "2026-03-02T02:00:00.000Z" }, "2026-03-02T02:00:00.000Z");
        throw new Error("the database went away");
      })).rejects.toThrow("went away");
    expect(await rowsOf(tipId)).toHaveLength(1);
    expect((await db.selectFrom("tips").select("unit_code").where("id", "=", tipId).executeTakeFirstOrThrow()).unit_code).toBe(UNIT_B);

    expect(await claimTip(db, tipId, { userId: ids.officerB, scope: unitsScope([UNIT_B]), at: "2026-03-02T03:00:00.000Z" })).toBe(true);
    const unit = await addTipsterMessage({ db, uploadsDir: tempDir() }, { tipId, kind: "addInfo", body: "Thêm: xe máy biển 43.", photos: [] });
    expect(unit).toBe(UNIT_B);
    const answers = (await rowsOf(tipId)).filter((r) => r.kind === "tipster_answered");
    expect(answers).toEqual([expect.objectContaining({ user_id: ids.officerB, unit_code: UNIT_B })]);
  });

  it("reminders at 5 and 2 days and when passed, once each, to the unit's officers or the one who took it", async () => {
    const open = await tipWithDeadline();
    const taken = await tipWithDeadline();
    await claimTip(db, taken, { userId: officerA2, scope: unitsScope([UNIT_A]), at: RECEIVED });
    const kinds = async (tipId: number) => (await rowsOf(tipId)).filter((r) => r.kind.startsWith("deadline_")).map((r) => `${r.user_id}:${r.kind}`).sort();

    await scanDeadlineReminders(db, SIX_LEFT);
    expect(await kinds(open)).toEqual([]);
    for (const moment of [FIVE_LEFT, FIVE_LEFT, TWO_LEFT, TWO_LEFT, PASSED, PASSED]) await scanDeadlineReminders(db, moment);
    expect(await kinds(open)).toEqual([
      `${ids.officerA}:deadline_2d`, `${ids.officerA}:deadline_5d`, `${ids.officerA}:deadline_passed`,
      `${officerA2}:deadline_2d`, `${officerA2}:deadline_5d`, `${officerA2}:deadline_passed`,
    ].sort());
    expect(await kinds(taken)).toEqual([`${officerA2}:deadline_2d`, `${officerA2}:deadline_5d`, `${officerA2}:deadline_passed`].sort());
    expect((await rowsOf(open)).every((r) => !r.kind.startsWith("deadline_") || r.step === DEADLINE)).toBe(true);
  });

  it("a clock that jumps past the deadline gives only 'passed', once; an extended deadline is reminded of again", async () => {
    const tipId = await tipWithDeadline();
    const first = await scanDeadlineReminders(db, at("2026-04-10T00:00:00.000Z"));
    expect(first.units).toContain(UNIT_A);
    await scanDeadlineReminders(db, at("2026-04-10T00:01:00.000Z"));
    await scanDeadlineReminders(db, FIVE_LEFT); // and back: nothing older fires after 'passed'
    const kinds = (await rowsOf(tipId)).filter((r) => r.kind.startsWith("deadline_")).map((r) => r.kind);
    expect(kinds).toEqual(["deadline_passed", "deadline_passed"]); // officerA and officerA2

    const extended = deadlineFor(RECEIVED, 30);
    await db.updateTable("tips").set({ deadline_at: extended }).where("id", "=", tipId).execute();
    await scanDeadlineReminders(db, at("2026-04-10T00:02:00.000Z")); // the new deadline, 20 April: 5 days left after the 15th
    await scanDeadlineReminders(db, at("2026-04-16T02:00:00.000Z"));
    const after = (await rowsOf(tipId)).filter((r) => r.step === extended).map((r) => r.kind);
    expect(after).toEqual(["deadline_5d", "deadline_5d"]);
    // Closed tips are not reminded of.
    await db.updateTable("tips").set({ status: "closed", closed_at: "2026-04-17T00:00:00.000Z" }).where("id", "=", tipId).execute();
    expect((await scanDeadlineReminders(db, at("2026-04-30T00:00:00.000Z"))).created).toBe(0);
  });

  it("two worker processes' schedulers, and two scans in parallel, create no duplicates", async () => {
    const tips = await Promise.all(Array.from({ length: 30 }, () => tipWithDeadline()));
    // Scans at once: on PostgreSQL from two pools; SQLite's driver takes one writer at a time in a process.
    const second: DatabaseHandle | null = database.dir === null ? openDatabase(database.url) : null;
    try {
      const other = second?.db ?? db;
      await Promise.all([scanDeadlineReminders(db, TWO_LEFT), scanDeadlineReminders(other, TWO_LEFT), scanDeadlineReminders(db, TWO_LEFT)]);
    } finally {
      await second?.close();
    }
    // Two worker processes, each registering the schedule and consuming it, every 100 ms.
    const prefix = uniquePrefix("reminders");
    const children = [0, 1].map(() => spawn(path.join(ROOT, "node_modules/.bin/tsx"),
      ["tests/integration/reminder-worker.ts", database.url, TEST_REDIS_URL, prefix, PASSED.toISOString(), "100"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] }));
    const output = children.map(() => "");
    children.forEach((child, i) => child.stdout!.on("data", (chunk: Buffer) => (output[i] += chunk.toString())));
    const scans = () => output.join("").split("\n").filter((l) => l.startsWith("scan ")).length;
    const until = Date.now() + 40_000;
    while ((scans() < 6 || !output.every((o) => o.includes("ready"))) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(children.map((child) => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); })));
    await clearPrefix(prefix);
    expect(output.join("")).not.toContain("failed");
    expect(scans()).toBeGreaterThanOrEqual(6);

    // The job also reports untaken tips and escalates (tests/integration/escalation.test.ts): the reminders are counted here.
    const rows = await db.selectFrom("notifications").select(["tip_id", "kind", "user_id"]).where("tip_id", "in", tips).where("kind", "like", "deadline_%").execute();
    // Each tip: "2 days" and "passed" for both officers of UNIT_A, nothing twice.
    expect(rows).toHaveLength(tips.length * 2 * 2);
    expect(new Set(rows.map((r) => `${r.tip_id}:${r.kind}:${r.user_id}`)).size).toBe(rows.length);
  }, 90_000);

  it("an officer sees only their own, of units still theirs; read and unread", async () => {
    const tipId = await tipWithDeadline();
    await db.transaction().execute((trx) => notifyTipEvent(trx, tipId, { kind: "tip_new" }, "2026-03-01T03:05:00.000Z"));
    const mine = await listNotifications(db, { id: ids.officerA }, unitsScope([UNIT_A]), { limit: 500 });
    expect(mine.some((n) => n.tipId === tipId && n.kind === "tip_new")).toBe(true);
    // Officer B, even asking with A's unit, has no rows of it: their own rows only.
    expect((await listNotifications(db, { id: ids.officerB }, unitsScope([UNIT_A, UNIT_B]), { limit: 500 })).some((n) => n.tipId === tipId)).toBe(false);
    // Nor can they mark A's read by its id.
    const theirs = mine.find((n) => n.tipId === tipId)!;
    expect(await markRead(db, { id: ids.officerB }, unitsScope([UNIT_A, UNIT_B]), at("2026-03-05T00:00:00.000Z"), { id: theirs.id })).toBe(0);
    const unread = await countUnread(db, { id: ids.officerA }, unitsScope([UNIT_A]));
    expect(unread).toBeGreaterThan(0);
    expect(await markRead(db, { id: ids.officerA }, unitsScope([UNIT_A]), at("2026-03-05T00:00:00.000Z"), { tipId })).toBeGreaterThan(0);
    expect(await countUnread(db, { id: ids.officerA }, unitsScope([UNIT_A]))).toBeLessThan(unread);
    await markRead(db, { id: ids.officerA }, unitsScope([UNIT_A]), at("2026-03-05T00:00:00.000Z"));
    expect(await countUnread(db, { id: ids.officerA }, unitsScope([UNIT_A]))).toBe(0);
    // Moved out of the unit: nothing of it shows any more.
    expect(await listNotifications(db, { id: officerA2 }, unitsScope([UNIT_B]), { limit: 500 })).toEqual([]);
    expect(await countUnread(db, { id: officerA2 }, unitsScope([]))).toBe(0);
  });

  it("retention removes the notifications of purged tips", async () => {
    const tipId = await tipWithDeadline();
    await scanDeadlineReminders(db, PASSED);
    expect((await rowsOf(tipId)).length).toBeGreaterThan(0);
    await db.updateTable("tips").set({ status: "closed", closed_at: "2026-03-25T00:00:00.000Z", valuable: 0 }).where("id", "=", tipId).execute();
    await purgeTipContent(db, [tipId], "2027-04-01T00:00:00.000Z");
    expect(await rowsOf(tipId)).toEqual([]);
  });

  it("a steady scan reads only deadlines passed since the last complete scan, less a day; a worker down for days catches up", async () => {
    const first = await tipWithDeadline(); // deadline 21 March
    await scanDeadlineReminders(db, PASSED); // 22 March: passed, the mark moves to 22 March
    expect((await rowsOf(first)).map((r) => r.kind)).toContain("deadline_passed");
    expect(await db.selectFrom("scan_marks").select("looked_to").where("name", "=", "deadline_passed").executeTakeFirstOrThrow())
      .toEqual({ looked_to: reminderWindows(PASSED.toISOString())[0]!.to });
    const deadlineOf = async (deadline: string) => {
      const tipId = await tipWithDeadline();
      await db.updateTable("tips").set({ deadline_at: deadline }).where("id", "=", tipId).execute();
      return tipId;
    };
    // A deadline two days before the mark cannot appear in a real history (deadlines are 20 days ahead and only move
    // forward): the scan no longer reads that far back, which is what keeps a minute's scan small at 1 M tips.
    const beforeTheMark = await deadlineOf("2026-03-19T16:59:59.000Z");
    const withinTheMargin = await deadlineOf("2026-03-21T10:00:00.000Z");
    // The worker is down from 22 to 29 March: what passed meanwhile is reminded of at its next scan.
    const duringTheOutage = await deadlineOf(deadlineFor("2026-03-05T03:00:00.000Z"));
    await scanDeadlineReminders(db, at("2026-03-29T02:00:00.000Z"));
    expect((await rowsOf(beforeTheMark)).filter((r) => r.kind === "deadline_passed")).toEqual([]);
    expect((await rowsOf(withinTheMargin)).filter((r) => r.kind === "deadline_passed")).toHaveLength(2);
    expect((await rowsOf(duringTheOutage)).filter((r) => r.kind === "deadline_passed")).toHaveLength(2);
    // A clock set back does not move the mark back.
    await scanDeadlineReminders(db, PASSED);
    expect((await db.selectFrom("scan_marks").select("looked_to").where("name", "=", "deadline_passed").executeTakeFirstOrThrow()).looked_to)
      .toBe(reminderWindows("2026-03-29T02:00:00.000Z")[0]!.to);
  });

  it("the scan reads the open-deadline index, not every tip", async () => {
    const window = reminderWindows(PASSED.toISOString())[0]!;
    const compiled = dueRemindersQuery(db, window, { limit: 500 }).compile();
    const postgres = database.dir === null;
    if (postgres) {
      // A few rows make any plan cheap; forbid the sequential scan to see that the index serves the query.
      const plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return trx.executeQuery<{ "QUERY PLAN": string }>({ ...compiled, sql: `explain ${compiled.sql}` });
      });
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("tips_open_deadline");
    } else {
      const plan = await db.executeQuery<{ detail: string }>({ ...compiled, sql: `explain query plan ${compiled.sql}` });
      const text = plan.rows.map((r) => r.detail).join("\n");
      expect(text).toContain("tips_open_deadline");
      expect(text).not.toMatch(/SCAN tips(?! USING)/);
    }
  });

  it("a reminder for a tip whose taker has left the unit goes to the unit's officers (last: it moves an officer)", async () => {
    const tipId = await tipWithDeadline();
    await claimTip(db, tipId, { userId: officerA2, scope: unitsScope([UNIT_A]), at: RECEIVED });
    await db.deleteFrom("user_units").where("user_id", "=", officerA2).execute();
    await scanDeadlineReminders(db, PASSED);
    expect((await rowsOf(tipId)).map((r) => `${r.user_id}:${r.kind}`)).toEqual([`${ids.officerA}:deadline_passed`]);
  });
});
