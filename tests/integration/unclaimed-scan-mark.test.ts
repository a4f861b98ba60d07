/**
 * The unclaimed scans' marks (docs/decisions/0095-bounded-unclaimed-scan-and-parallel-hotspots.md), on a real database of
 * each dialect, with a controlled clock (never today's date):
 * - a run with a mark reads only tips received since the mark (less the margin) or routed into their
 *   unit since it: an untaken tip below both is not read (the unbounded read finds it) — the bound;
 * - an old tip rerouted after the mark, a tip placed late (received days before), and the untaken tips
 *   of a unit whose setting drops from 72 to 6 hours are all still reported;
 * - on a generated history (seeded: tips, late placements, claims, reroutes of old tips, setting
 *   changes, scans at uneven intervals), after every run of both scans the unbounded reads find
 *   nothing due left: the bounded scans report exactly what the unbounded ones would.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { scanEscalations, scanUnclaimedTips } from "../../core/escalation";
import { findLongUnclaimedUnescalated, findUnclaimedTips, listUnclaimedHourValues, setUnclaimedHours } from "../../db/queries/escalation";
import { unitsScope } from "../../db/queries/scope";
import { claimTip, rerouteTip } from "../../db/queries/staff-tips";
import type { Database } from "../../db/schema";
import { escalationMoments, unclaimedCutoff } from "../../domain/escalation";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedRoutedTip, seedUnits, seedUsers, UNIT_A, UNIT_B, CYBER } from "../setup/staff-fixtures";

const START = Date.parse("2026-03-01T00:00:00.000Z");
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Receipt times are stored to the minute. */
const minute = (ms: number) => iso(Math.floor(ms / 60_000) * 60_000);

describe.each(DIALECTS)("unclaimed scans bounded by their marks (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let ids: Awaited<ReturnType<typeof seedUsers>>;

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    await seedUnits(db);
    ids = await seedUsers(db);
  }, 120_000);
  afterAll(async () => {
    await database?.destroy();
  });
  // Each case has its own clock: no marks, steps or escalations from another.
  beforeEach(async () => {
    for (const table of ["scan_marks", "reminder_steps", "escalations", "notifications"] as const) await db.deleteFrom(table).execute();
    await db.updateTable("tips").set({ status: "closed" }).execute();
    await db.updateTable("units").set({ unclaimed_hours: 24 }).execute();
  });

  const admin = (at: number) => ({ userId: ids.admin, at: iso(at) });
  const officer = (at: number) => ({ userId: ids.admin, scope: unitsScope([UNIT_A, UNIT_B, CYBER]), at: iso(at) });

  /** A tip received at `receivedAt` and routed into `unitCode` at `routedAt` (the pipeline's placement). */
  async function tipAt(unitCode: string, receivedAt: number, routedAt = receivedAt): Promise<number> {
    const { tipId } = await seedRoutedTip(db, { unitCode });
    await db.updateTable("tips").set({ created_at: minute(receivedAt), updated_at: iso(routedAt) }).where("id", "=", tipId).execute();
    return tipId;
  }
  const reported = async (tipId: number) =>
    (await db.selectFrom("reminder_steps").select("step").where("kind", "=", "tip_unclaimed").where("tip_id", "=", tipId).execute()).map((r) => r.step);

  /** What the scans without a mark would still find due at `now`: every untaken tip, read from the oldest. */
  async function leftUnbounded(now: number): Promise<{ unclaimed: string[]; escalation: string[] }> {
    const unclaimed: string[] = [];
    const escalation: string[] = [];
    for (const hours of await listUnclaimedHourValues(db)) {
      const due = await findUnclaimedTips(db, { hours, before: unclaimedCutoff(iso(now), hours), limit: 10_000 });
      unclaimed.push(...due.map((t) => `${t.tipId}@${t.unitCode}`));
      const long = await findLongUnclaimedUnescalated(db, { hours, before: escalationMoments(iso(now)).unclaimedBefore(hours), limit: 10_000 });
      escalation.push(...long.map((t) => `${t.tipId}@${t.unitCode}`));
    }
    return { unclaimed, escalation };
  }

  it("with a mark, an untaken tip received and routed before it is not read; without one, it is", async () => {
    await tipAt(UNIT_B, START);
    for (const h of [25, 60, 120, 216]) await scanUnclaimedTips(db, new Date(START + h * HOUR));
    // A tip the mark says cannot exist (received and routed long before it, never reported): only a read that ignores
    // the mark finds it. The scan at day 9 reads from day 7 (its mark, less 24 h, less the day's margin) and since day 8.
    const hidden = await tipAt(UNIT_B, START + 2 * HOUR);
    await scanUnclaimedTips(db, new Date(START + 217 * HOUR));
    expect(await reported(hidden)).toEqual([]);
    expect((await leftUnbounded(START + 217 * HOUR)).unclaimed).toEqual([`${hidden}@${UNIT_B}`]);
    await db.deleteFrom("scan_marks").execute();
    await scanUnclaimedTips(db, new Date(START + 218 * HOUR));
    expect(await reported(hidden)).toEqual([UNIT_B]);
  });

  it("an old tip rerouted after the mark, a tip placed days late, and a unit whose setting drops are still reported", async () => {
    expect(await setUnclaimedHours(db, UNIT_A, 6, admin(START))).toBe(true);
    const old = await tipAt(UNIT_A, START);
    await claimTip(db, old, officer(START + HOUR));
    for (const h of [30, 100, 200]) await scanUnclaimedTips(db, new Date(START + h * HOUR));
    expect(await reported(old)).toEqual([]);
    // Rerouted at 201 h (the marks stand at 200 h): untaken in UNIT_B, received 201 h ago — due there at once.
    expect(await rerouteTip(db, old, { toUnit: UNIT_B, reason: "not ours" }, officer(START + 201 * HOUR))).not.toBeNull();
    // Received at 100 h, placed at 201 h (the pipeline was down): due at once too.
    const late = await tipAt(UNIT_A, START + 100 * HOUR, START + 201 * HOUR);
    // CYBER waits 72 h; its tip received at 150 h is not due at 202 h — until its setting drops to 6 hours.
    expect(await setUnclaimedHours(db, CYBER, 72, admin(START))).toBe(true);
    const slow = await tipAt(CYBER, START + 150 * HOUR);
    await scanUnclaimedTips(db, new Date(START + 202 * HOUR));
    expect(await reported(old)).toEqual([UNIT_B]);
    expect(await reported(late)).toEqual([UNIT_A]);
    expect(await reported(slow)).toEqual([]);
    await scanUnclaimedTips(db, new Date(START + 203 * HOUR)); // UNIT_A's value, 6 h: its mark stands at 203 h
    expect(await setUnclaimedHours(db, CYBER, 6, admin(START + 203.5 * HOUR))).toBe(true);
    await scanUnclaimedTips(db, new Date(START + 204 * HOUR));
    expect(await reported(slow)).toEqual([CYBER]);
    expect(await leftUnbounded(START + 204 * HOUR)).toMatchObject({ unclaimed: [] });
  });

  it("on a generated history, after every run the unbounded reads find nothing due left", async () => {
    let seed = 19;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const units = [UNIT_A, UNIT_B, CYBER] as const;
    const open: number[] = [];
    let now = START;
    let reports = 0;
    let escalated = 0;
    let reroutedOld = 0;
    for (let step = 0; step < 45; step++) {
      now += Math.floor((1 + random() * 11) * HOUR);
      for (let n = Math.floor(random() * 3); n > 0; n--) {
        const late = random() < 0.2 ? Math.floor(random() * 5 * 24 * HOUR) : 0;
        open.push(await tipAt(pick(units), now - late, now));
      }
      if (open.length > 0 && random() < 0.2) await claimTip(db, pick(open), officer(now));
      if (open.length > 0 && random() < 0.35) {
        const tipId = pick(open);
        const tip = await db.selectFrom("tips").select(["unit_code", "created_at"]).where("id", "=", tipId).executeTakeFirstOrThrow();
        const moved = await rerouteTip(db, tipId, { toUnit: pick(units.filter((u) => u !== tip.unit_code)), reason: "test" }, officer(now));
        if (moved && Date.parse(tip.created_at) < now - 3 * 24 * HOUR) reroutedOld++;
      }
      if (random() < 0.1) await setUnclaimedHours(db, pick(units), pick([6, 24, 72]), admin(now));
      await scanUnclaimedTips(db, new Date(now));
      await scanEscalations(db, new Date(now));
      expect({ at: iso(now), ...(await leftUnbounded(now)) }).toEqual({ at: iso(now), unclaimed: [], escalation: [] });
    }
    reports = Number((await db.selectFrom("reminder_steps").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    escalated = Number((await db.selectFrom("escalations").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    // The history exercised what the marks must survive.
    expect(reports).toBeGreaterThan(20);
    expect(escalated).toBeGreaterThan(10);
    expect(reroutedOld).toBeGreaterThan(0);
    expect(await db.selectFrom("scan_marks").select("name").where("name", "like", "unclaimed%").execute()).not.toEqual([]);
  }, 120_000);
});
