/**
 * The daily incident counts hotspot detection reads (hotspot_day_counts, docs/decisions/0077),
 * on a real database of each dialect: kept by the oversight refresher, they hold what the
 * in-memory rule (domain/hotspots.ts countIncidents) counts from the tips — each incident
 * once, on its first report's day, ward and type — and a merge, a split or a tip moved to
 * another ward moves them at the next refresh.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countProvinceIncidents, loadProvinceArea } from "../../core/hotspots";
import { refreshSummaries } from "../../db/queries/summaries";
import type { Database } from "../../db/schema";
import { countIncidents, type IncidentReport } from "../../domain/hotspots";
import { addDays, daysBetween } from "../../domain/stats";
import { vietnamDay } from "../../domain/vietnam-time";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedHotspotWorld, tipRow } from "../setup/hotspot-fixtures";

const FIRST = "2026-03-01";
const DAYS = 12;
const LAST = addDays(FIRST, DAYS - 1);
const CATEGORIES = ["theft", "drugs", "fraud"];

/** A deterministic sequence in [0, 1). */
function sequence(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe.each(DIALECTS)("hotspot daily counts (%s)", (_dialect, createDatabase) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let wards: string[];

  beforeAll(async () => {
    database = await createDatabase();
    db = database.db;
    wards = (await seedHotspotWorld(db)).wards;
  }, 60_000);
  afterAll(async () => {
    await database?.destroy();
  });

  /** Tips and their clusters as the statistic sees them, in receipt order. */
  async function reportsInDatabase(): Promise<IncidentReport[]> {
    const rows = await db.selectFrom("tips").select(["id", "cluster_id", "ward_code", "category", "created_at"]).orderBy("created_at").orderBy("id").execute();
    return rows.map((r) => ({ clusterId: r.cluster_id ?? `tip:${r.id}`, wardCode: r.ward_code!, category: r.category, day: vietnamDay(r.created_at) }));
  }

  async function stored(): Promise<Int32Array[]> {
    await refreshSummaries(db);
    const { area } = await loadProvinceArea(db, "48");
    return countProvinceIncidents(db, "48", area, FIRST, LAST);
  }

  async function inMemory(): Promise<Int32Array[]> {
    const { area } = await loadProvinceArea(db, "48");
    return countIncidents(await reportsInDatabase(), area, FIRST, LAST);
  }

  const total = (days: Int32Array[]) => days.reduce((sum, d) => sum + d.reduce((s, n) => s + n, 0), 0);

  it("hold each incident once, on its first report's day, ward and type — what the rule in memory counts", async () => {
    const random = sequence(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    let minute = 0;
    const at = (day: string) => new Date(Date.parse(`${day}T01:00:00.000Z`) + (minute++ % 900) * 60_000).toISOString();
    const rows: Array<ReturnType<typeof tipRow>> = [];
    for (let d = 0; d < DAYS; d++) {
      const day = addDays(FIRST, d);
      for (let n = 0; n < 15; n++) rows.push({ ...tipRow(pick(wards), day, null, at(day)), category: pick(CATEGORIES) });
    }
    // Clusters whose later reports fall on later days, in other wards, under other types: they count once, where they began.
    for (let k = 0; k < 8; k++) {
      const day = addDays(FIRST, Math.floor(random() * (DAYS - 2)));
      const { id } = await db.insertInto("clusters").values({ created_at: `${day}T00:00:00.000Z`, size: 3, merged_into: null }).returning("id").executeTakeFirstOrThrow();
      for (let r = 0; r < 3; r++) {
        const reportDay = addDays(day, r);
        rows.push({ ...tipRow(pick(wards), reportDay, id, at(reportDay)), category: pick(CATEGORIES) });
      }
    }
    await db.insertInto("tips").values(rows).execute();

    const counted = await stored();
    expect(counted).toHaveLength(DAYS);
    expect(counted).toEqual(await inMemory());
    // 180 lone tips and 8 incidents of 3 reports each.
    expect(total(counted)).toBe(DAYS * 15 + 8);
  });

  it("move with a merge, a split and a tip placed in another ward, at the next refresh", async () => {
    const [wardA, wardB] = wards;
    const day = addDays(FIRST, 5);
    const earlier = addDays(FIRST, 2);
    const { id: cluster } = await db.insertInto("clusters").values({ created_at: `${day}T00:00:00.000Z`, size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow();
    const [first, lone] = await db.insertInto("tips")
      .values([tipRow(wardA!, day, cluster, `${day}T02:00:00.000Z`), tipRow(wardB!, earlier, null, `${earlier}T02:00:00.000Z`)])
      .returning("id").execute();
    const before = await stored();
    expect(before).toEqual(await inMemory());
    const { area } = await loadProvinceArea(db, "48");
    const cell = (days: Int32Array[], d: string, ward: string) => days[daysBetween(FIRST, d)]![area.categories.indexOf("theft") * area.wardCodes.length + area.wardCodes.indexOf(ward)]!;

    // An officer merges the earlier lone tip into the cluster: the incident now begins on the earlier day, in ward B.
    await db.updateTable("tips").set({ cluster_id: cluster }).where("id", "=", lone!.id).execute();
    const merged = await stored();
    expect(merged).toEqual(await inMemory());
    expect(total(merged)).toBe(total(before) - 1);
    expect(cell(merged, day, wardA!)).toBe(cell(before, day, wardA!) - 1);
    expect(cell(merged, earlier, wardB!)).toBe(cell(before, earlier, wardB!));

    // Split again: two incidents, as before.
    await db.updateTable("tips").set({ cluster_id: null }).where("id", "=", lone!.id).execute();
    expect(await stored()).toEqual(before);

    // The cluster's first tip is placed in ward B without changing unit: its incident moves with it.
    await db.updateTable("tips").set({ ward_code: wardB! }).where("id", "=", first!.id).execute();
    const moved = await stored();
    expect(moved).toEqual(await inMemory());
    expect(cell(moved, day, wardA!)).toBe(cell(before, day, wardA!) - 1);
    expect(cell(moved, day, wardB!)).toBe(cell(before, day, wardB!) + 1);
  });
});
