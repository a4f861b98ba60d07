/**
 * Open tips now (docs/decisions/0084-open-tips-now.md): the dashboards read a unit's older
 * open tips from `oversight_open`, kept by the refresher with the months' differences. After
 * many changes — tips inserted over fourteen months, closed, reopened, given later deadlines,
 * moved between units — the backlog read that way must equal a count straight from `tips`
 * (open, by age band, past their deadline) and the read of every month of the history, for every
 * grain and kind of rows; a rebuild from scratch must leave the same open rows; and the fold of
 * old deadlines must move forward as the days pass without changing a figure.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/schema";
import { readBacklog, readBacklogFromMonths, type RollupRows } from "../../db/queries/stats";
import { rebuildSummaries, refreshSummaries } from "../../db/queries/summaries";
import { deadlineFor } from "../../domain/deadline";
import {
  addDays, backlogBandOf, type BacklogCounts, daysBetween, DEADLINE_FOLD_DAYS, DEADLINE_REFOLD_DAYS, type Day, emptyBacklog,
  FOLDED_DEADLINE_DAY, type Grain, provinceKey,
} from "../../domain/stats";
import { vietnamDay } from "../../domain/vietnam-time";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { insertFixture, NOW, SUPERVISOR_UNITS } from "../setup/dashboard-fixture";
import { randomChange, seededRandom } from "../setup/dashboard-writer";

const CATEGORIES = ["drugs", "theft", "fraud", "violence"];
const CHANNELS = ["web", "hotline", "in_person", "partner"] as const;
const ORGS = [null, "HCCB", "HND"];

/** Tips over the fourteen months before `now`, a third of them still open, some with deadlines extended past `now`. */
async function insertOlderTips(db: Kysely<Database>, random: () => number, count: number, now: Date): Promise<void> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const rows = Array.from({ length: count }, (_, i) => {
    const createdAt = new Date(now.getTime() - Math.floor(random() * 420 * 24 * 60) * 60_000).toISOString();
    return {
      receipt_hash: `older-${i}-${random()}`, channel: pick(CHANNELS), category: pick(CATEGORIES), description: "Tin thử",
      description_folded: "tin thu", occurred_precision: "unknown" as const, location_kind: "none" as const, source_org_code: pick(ORGS),
      status: pick(["routed", "in_progress", "closed", "closed"] as const), valuable: null, unit_code: pick(SUPERVISOR_UNITS),
      cluster_id: null, deadline_at: deadlineFor(createdAt, random() < 0.1 ? 200 + Math.floor(random() * 300) : Math.floor(random() * 30)),
      first_triaged_at: null, created_at: createdAt, updated_at: createdAt,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await db.insertInto("tips").values(rows.slice(i, i + 100)).execute();
}

/** Changes to older tips: closed, reopened, a later deadline, another unit. */
async function changeOlderTip(db: Kysely<Database>, random: () => number): Promise<void> {
  const ids = (await db.selectFrom("tips").select("id").where("receipt_hash", "like", "older-%").execute()).map((r) => r.id);
  const id = ids[Math.floor(random() * ids.length)]!;
  const tip = await db.selectFrom("tips").select(["created_at", "status"]).where("id", "=", id).executeTakeFirstOrThrow();
  const op = random();
  if (op < 0.4) await db.updateTable("tips").set({ status: tip.status === "closed" ? "in_progress" : "closed" }).where("id", "=", id).execute();
  else if (op < 0.7) await db.updateTable("tips").set({ deadline_at: deadlineFor(tip.created_at, Math.floor(random() * 400)) }).where("id", "=", id).execute();
  else await db.updateTable("tips").set({ unit_code: SUPERVISOR_UNITS[Math.floor(random() * SUPERVISOR_UNITS.length)]! }).where("id", "=", id).execute();
}

/** The backlog counted from `tips` alone: open tips received by `today`, by age band and deadline. */
async function backlogFromTips(
  db: Kysely<Database>, today: Day, rows: "units" | "totals", filter: { category?: string; channel?: string; org?: string },
): Promise<Map<string, BacklogCounts>> {
  const provinces = new Map((await db.selectFrom("units").select(["code", "province_code"]).execute()).map((u) => [u.code, u.province_code]));
  const tips = await db.selectFrom("tips").select(["unit_code", "category", "channel", "source_org_code", "created_at", "deadline_at"])
    .where("status", "!=", "closed").execute();
  const byKey = new Map<string, BacklogCounts>();
  for (const tip of tips) {
    const received = vietnamDay(tip.created_at);
    if (received > today) continue;
    if (filter.category !== undefined && tip.category !== filter.category) continue;
    if (filter.channel !== undefined && tip.channel !== filter.channel) continue;
    if (filter.org !== undefined && (tip.source_org_code ?? "") !== filter.org) continue;
    const unit = tip.unit_code ?? "";
    const key = rows === "units" ? unit : unit === "" ? "" : provinceKey(provinces.get(unit)!);
    const counts = byKey.get(key) ?? byKey.set(key, emptyBacklog()).get(key)!;
    const band = backlogBandOf(daysBetween(received, today));
    counts.open += 1;
    counts.bands[band] += 1;
    if (vietnamDay(tip.deadline_at) < today) {
      counts.overdue += 1;
      counts.overdueBands[band] += 1;
    }
  }
  return byKey;
}

const sorted = (m: Map<string, BacklogCounts>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const SELECTIONS: Array<{ grain: Grain; filter: { category?: string; channel?: string; org?: string } }> = [
  { grain: "unit", filter: {} },
  { grain: "category", filter: { category: "drugs" } },
  { grain: "channel", filter: { channel: "hotline" } },
  { grain: "org", filter: { org: "HCCB" } },
  { grain: "all", filter: { category: "theft", channel: "web", org: "" } },
];

async function expectBacklogExact(db: Kysely<Database>, now: Date): Promise<number> {
  const today = vietnamDay(now.toISOString());
  let open = 0;
  for (const { grain, filter } of SELECTIONS) {
    const filters = { category: filter.category ?? null, channel: filter.channel ?? null, org: filter.org ?? null };
    for (const kind of ["units", "totals"] as const) {
      const rows: RollupRows = { kind };
      const expected = sorted(await backlogFromTips(db, today, kind, filter));
      expect(sorted(await readBacklog(db, { grain, rows, filters, today })), `${grain} ${kind} on ${today}`).toEqual(expected);
      expect(sorted(await readBacklogFromMonths(db, { grain, rows, filters, today }))).toEqual(expected);
      if (grain === "unit") open += expected.reduce((sum, [, c]) => sum + c.open, 0);
    }
    const keys: RollupRows = { kind: "keys", keys: [SUPERVISOR_UNITS[1]!, provinceKey("48")] };
    expect(sorted(await readBacklog(db, { grain, rows: keys, filters, today })))
      .toEqual(sorted(await readBacklogFromMonths(db, { grain, rows: keys, filters, today })));
  }
  return open;
}

async function openSnapshot(db: Kysely<Database>) {
  return db.selectFrom("oversight_open").selectAll()
    .orderBy("grain").orderBy("unit_code").orderBy("source_org").orderBy("channel").orderBy("category").execute();
}

describe.each(DIALECTS)("open tips now on %s", (_dialect, createDatabase) => {
  let database: TestDatabase;
  const random = seededRandom(19);

  beforeAll(async () => {
    database = await createDatabase();
    await insertFixture(database.db);
    await insertOlderTips(database.db, random, 600, NOW);
    await rebuildSummaries(database.db, NOW);
  });
  afterAll(async () => database?.destroy());

  it("equals a count from tips after many changes, and what a rebuild from scratch gives", async () => {
    const state = await database.db.selectFrom("oversight_state").select("open_folded_before").executeTakeFirstOrThrow();
    expect(state.open_folded_before).toBe(addDays(vietnamDay(NOW.toISOString()), -DEADLINE_FOLD_DAYS));
    for (let i = 0; i < 160; i++) {
      if (random() < 0.5) await randomChange(database.db, random, i);
      else await changeOlderTip(database.db, random);
      if (i % 10 === 0) await refreshSummaries(database.db, NOW);
    }
    await refreshSummaries(database.db, NOW);
    const open = await expectBacklogExact(database.db, NOW);
    expect(open).toBeGreaterThan(100);
    // Old deadlines were folded, and the rows hold no day before the fold but the folded one.
    const rows = await openSnapshot(database.db);
    expect(rows.some((r) => r.open_deadlines.startsWith(`${FOLDED_DEADLINE_DAY}:`))).toBe(true);
    for (const r of rows) for (const part of r.open_deadlines.split(",")) {
      expect(part.slice(0, 10) === FOLDED_DEADLINE_DAY || part.slice(0, 10) >= state.open_folded_before!, `${JSON.stringify(r)} ${state.open_folded_before}`).toBe(true);
    }
    await rebuildSummaries(database.db, NOW);
    expect(await openSnapshot(database.db)).toEqual(rows);
  }, 300_000);

  it("folds again as the days pass, and reads the months for a day before its fold", async () => {
    const later = new Date(NOW.getTime() + (DEADLINE_REFOLD_DAYS + 5) * 86_400_000);
    await changeOlderTip(database.db, random);
    await refreshSummaries(database.db, later);
    const { open_folded_before: fold } = await database.db.selectFrom("oversight_state").select("open_folded_before").executeTakeFirstOrThrow();
    expect(fold).toBe(addDays(vietnamDay(later.toISOString()), -DEADLINE_FOLD_DAYS));
    await expectBacklogExact(database.db, later);
    // A day before the fold (a clock set back): the figures still match the tips.
    const earlier = new Date(NOW.getTime() - 10 * 86_400_000);
    expect(vietnamDay(earlier.toISOString()) < fold!).toBe(true);
    await expectBacklogExact(database.db, earlier);
  }, 120_000);

  it("is filled from the months on a database whose rollup was built before it", async () => {
    const built = await openSnapshot(database.db);
    await database.db.deleteFrom("oversight_open").execute();
    await database.db.updateTable("oversight_state").set({ open_folded_before: null }).execute();
    const later = new Date(NOW.getTime() + (DEADLINE_REFOLD_DAYS + 5) * 86_400_000);
    await refreshSummaries(database.db, later);
    expect(await openSnapshot(database.db)).toEqual(built);
    await expectBacklogExact(database.db, later);
  }, 120_000);
});
