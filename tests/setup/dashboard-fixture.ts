/**
 * A small tip history whose every oversight figure is worked out by hand in
 * dashboard.test.ts: duplicates across days and units, a reroute, a copy for
 * information, cases linked to several tips (and one to none), tips just
 * either side of midnight in Vietnam, an extended deadline, and tips outside
 * the supervisor's province or not yet routed.
 *
 * "Now" is 2026-11-22 12:00 in Vietnam; "this month" is 1–22 November and its
 * comparison period the same days of 2025 (1–22 November 2025: L1, L2). Two
 * tips of this month (T4, T8) are not assessed yet.
 */
import type { Kysely } from "kysely";
import type { Database, TipChannel, TipStatus } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";

export const NOW = new Date("2026-11-22T05:00:00.000Z");

export const UNITS = {
  province: "48",
  anHai: "20275",
  haiChau: "20242",
  haiVan: "20194",
  cyber: "48-CYBER",
  /** Another province's ward: outside the supervisor's scope. */
  elsewhere: "26734",
};

export const SUPERVISOR_UNITS = [UNITS.province, UNITS.anHai, UNITS.haiChau, UNITS.haiVan, UNITS.cyber];

interface TipSpec {
  unit: string | null;
  category: string;
  channel: TipChannel;
  org?: string;
  createdAt: string;
  cluster?: number | null;
  valuable?: 0 | 1 | null;
  triagedAfterMinutes?: number;
  status: TipStatus;
  deadlineAt?: string;
}

export interface Fixture {
  tips: Record<string, number>;
  clusters: Record<string, number>;
  cases: Record<string, number>;
}

export async function insertFixture(db: Kysely<Database>): Promise<Fixture> {
  await db.insertInto("units").values([
    { code: "48", name: "Thành phố Đà Nẵng", name_folded: "thanh pho da nang", level: "province", parent_code: null, province_code: "48" },
    { code: "20275", name: "Phường An Hải", name_folded: "phuong an hai", level: "ward", parent_code: "48", province_code: "48" },
    { code: "20242", name: "Phường Hải Châu", name_folded: "phuong hai chau", level: "ward", parent_code: "48", province_code: "48" },
    { code: "20194", name: "Phường Hải Vân", name_folded: "phuong hai van", level: "ward", parent_code: "48", province_code: "48" },
    { code: "48-CYBER", name: "Phòng An ninh mạng, Công an TP Đà Nẵng", name_folded: "phong an ninh mang", level: "special", parent_code: "48", province_code: "48" },
    { code: "79", name: "Thành phố Hồ Chí Minh", name_folded: "thanh pho ho chi minh", level: "province", parent_code: null, province_code: "79" },
    { code: "26734", name: "Phường Sài Gòn", name_folded: "phuong sai gon", level: "ward", parent_code: "79", province_code: "79" },
  // Units already imported (the ward map's test imports the whole province first) stay as they are.
  ]).onConflict((oc) => oc.column("code").doNothing()).execute();
  const at = "2026-01-01T00:00:00.000Z";
  await db.insertInto("source_orgs").values([
    { code: "HCCB", name_vi: "Hội Cựu chiến binh", name_en: "Veterans' Association", kind: "association", province_code: null, created_at: at },
    { code: "HND", name_vi: "Hội Nông dân", name_en: "Farmers' Association", kind: "association", province_code: null, created_at: at },
    { code: "HLHPN", name_vi: "Hội Liên hiệp Phụ nữ", name_en: "Women's Union", kind: "association", province_code: null, created_at: at },
    { code: "CLB-PCTP", name_vi: "Câu lạc bộ phòng, chống tội phạm", name_en: "Crime-prevention club", kind: "model", province_code: null, created_at: at },
  ]).execute();

  const cluster = async (createdAt: string, size: number) =>
    (await db.insertInto("clusters").values({ created_at: createdAt, size, merged_into: null }).returning("id").executeTakeFirstOrThrow()).id;
  const clusters = {
    c1: await cluster("2026-11-03T02:00:00.000Z", 3),
    c5: await cluster("2026-11-16T16:30:00.000Z", 1),
    c7: await cluster("2026-11-19T03:00:00.000Z", 2),
  };

  let n = 0;
  const tip = async (spec: TipSpec) => {
    n++;
    const triaged = spec.triagedAfterMinutes === undefined ? null : new Date(Date.parse(spec.createdAt) + spec.triagedAfterMinutes * 60_000).toISOString();
    const row = await db
      .insertInto("tips")
      .values({
        receipt_hash: `fixture-${n}`, channel: spec.channel, category: spec.category,
        description: `Tin thử số ${n}`, description_folded: `tin thu so ${n}`, occurred_precision: "unknown", location_kind: "none",
        location_province_code: spec.unit === UNITS.elsewhere ? "79" : "48", source_org_code: spec.org ?? null, status: spec.status,
        valuable: spec.valuable ?? null, unit_code: spec.unit, ward_code: spec.unit, cluster_id: spec.cluster ?? null,
        deadline_at: spec.deadlineAt ?? deadlineFor(spec.createdAt), first_triaged_at: triaged,
        closed_at: spec.status === "closed" ? triaged : null, created_at: spec.createdAt, updated_at: spec.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };

  const tips = {
    // This month. T1–T3 report one incident (cluster c1) to An Hải; T1 opens it.
    t1: await tip({ unit: UNITS.anHai, category: "drugs", channel: "web", org: "HCCB", createdAt: "2026-11-03T02:00:00.000Z", cluster: clusters.c1, valuable: 1, triagedAfterMinutes: 30, status: "closed" }),
    t2: await tip({ unit: UNITS.anHai, category: "drugs", channel: "hotline", createdAt: "2026-11-03T05:00:00.000Z", cluster: clusters.c1, valuable: 1, triagedAfterMinutes: 120, status: "closed" }),
    t3: await tip({ unit: UNITS.anHai, category: "drugs", channel: "web", org: "HND", createdAt: "2026-11-04T01:00:00.000Z", cluster: clusters.c1, valuable: 0, triagedAfterMinutes: 3000, status: "closed" }),
    t4: await tip({ unit: UNITS.haiChau, category: "theft", channel: "web", createdAt: "2026-11-10T10:00:00.000Z", status: "routed" }),
    // Received by Hải Vân at 23:30 on 16 November (Vietnam), rerouted to Hải Châu; An Hải has a copy for information.
    t5: await tip({ unit: UNITS.haiChau, category: "fraud", channel: "in_person", org: "HLHPN", createdAt: "2026-11-16T16:30:00.000Z", cluster: clusters.c5, valuable: 1, triagedAfterMinutes: 45, status: "in_progress" }),
    // 00:10 on 17 November in Vietnam.
    t6: await tip({ unit: UNITS.haiVan, category: "violence", channel: "partner", org: "CLB-PCTP", createdAt: "2026-11-16T17:10:00.000Z", valuable: 0, triagedAfterMinutes: 10, status: "closed" }),
    // One incident reported to two units: T8 (An Hải, 19 Nov) opens it, T7 (cyber unit, 20 Nov) is valuable.
    t7: await tip({ unit: UNITS.cyber, category: "cybercrime", channel: "web", org: "HCCB", createdAt: "2026-11-20T03:00:00.000Z", cluster: clusters.c7, valuable: 1, triagedAfterMinutes: 5, status: "in_progress" }),
    t8: await tip({ unit: UNITS.anHai, category: "fraud", channel: "web", createdAt: "2026-11-19T03:00:00.000Z", cluster: clusters.c7, status: "routed" }),
    t9: await tip({ unit: UNITS.elsewhere, category: "drugs", channel: "web", createdAt: "2026-11-05T03:00:00.000Z", valuable: 1, triagedAfterMinutes: 60, status: "closed" }),
    t10: await tip({ unit: null, category: "other", channel: "web", createdAt: "2026-11-21T01:00:00.000Z", status: "received" }),
    // 17:05 UTC on 31 October is 00:05 on 1 November in Vietnam: this month.
    p2: await tip({ unit: UNITS.haiChau, category: "theft", channel: "hotline", createdAt: "2026-10-31T17:05:00.000Z", valuable: 0, triagedAfterMinutes: 20, status: "closed" }),
    // The comparison period (10–31 October).
    p1: await tip({ unit: UNITS.anHai, category: "drugs", channel: "web", createdAt: "2026-10-15T03:00:00.000Z", valuable: 1, triagedAfterMinutes: 60, status: "closed" }),
    p3: await tip({ unit: UNITS.haiChau, category: "theft", channel: "web", createdAt: "2026-10-09T18:00:00.000Z", status: "routed" }),
    z1: await tip({ unit: UNITS.haiVan, category: "security", channel: "web", createdAt: "2026-10-25T03:00:00.000Z", triagedAfterMinutes: 1440, status: "in_progress", deadlineAt: "2026-12-05T23:59:59+07:00" }),
    // Earlier this year, and last year.
    y1: await tip({ unit: UNITS.haiVan, category: "weapons", channel: "web", org: "HND", createdAt: "2026-03-10T03:00:00.000Z", valuable: 1, triagedAfterMinutes: 1440, status: "closed" }),
    y2: await tip({ unit: UNITS.haiVan, category: "weapons", channel: "hotline", createdAt: "2025-12-20T03:00:00.000Z", valuable: 1, triagedAfterMinutes: 90, status: "closed" }),
    // The same period last year (1–22 November 2025), what "this month" is compared with (0033).
    l1: await tip({ unit: UNITS.anHai, category: "drugs", channel: "web", createdAt: "2025-11-03T03:00:00.000Z", valuable: 1, triagedAfterMinutes: 60, status: "closed" }),
    l2: await tip({ unit: UNITS.haiChau, category: "theft", channel: "web", createdAt: "2025-11-20T03:00:00.000Z", valuable: 0, triagedAfterMinutes: 30, status: "closed" }),
  };
  await db.insertInto("tip_copies").values({ tip_id: tips.t5, unit_code: UNITS.anHai, reason: "for information", created_at: "2026-11-17T02:00:00.000Z" }).execute();

  const kase = async (unit: string, category: string, createdAt: string, arrests: number, linked: number[], seized: Array<[string, number]>) => {
    const { id } = await db
      .insertInto("cases")
      .values({ unit_code: unit, number: `${unit}/${createdAt.slice(0, 10)}`, title: "Vụ thử", category, decision: "charged", decision_date: null, arrests, arrested_at: null, created_by: null, created_at: createdAt, updated_at: createdAt })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const tipId of linked) await db.insertInto("case_tips").values({ case_id: id, tip_id: tipId, created_at: createdAt }).execute();
    for (const [kind, quantity] of seized) await db.insertInto("case_seizures").values({ case_id: id, kind, quantity, note: null }).execute();
    return id;
  };
  const cases = {
    // One case from three tips: counted once.
    k1: await kase(UNITS.anHai, "drugs", "2026-11-05T03:00:00.000Z", 3, [tips.t1, tips.t2, tips.t3], [["drugs_g", 1250.5], ["money_vnd", 350_000_000]]),
    k2: await kase(UNITS.haiChau, "fraud", "2026-11-18T03:00:00.000Z", 1, [tips.t5], [["vehicles", 2]]),
    k3: await kase(UNITS.haiVan, "weapons", "2026-03-12T03:00:00.000Z", 2, [tips.y1], [["guns", 2], ["primitive_weapons", 10]]),
    // No tip led to it: not the portal's result.
    k4: await kase(UNITS.anHai, "drugs", "2026-11-06T03:00:00.000Z", 5, [], [["guns", 7]]),
    // Hải Châu's case from An Hải's tip: counted for Hải Châu.
    k5: await kase(UNITS.haiChau, "robbery", "2026-11-07T03:00:00.000Z", 1, [tips.t1], [["other", 3]]),
    k6: await kase(UNITS.elsewhere, "drugs", "2026-11-08T03:00:00.000Z", 4, [tips.t9], []),
  };
  return { tips, clusters, cases };
}

/** The whole rollup in key order, to compare an incremental refresh with a rebuild. */
export async function rollupSnapshot(db: Kysely<Database>) {
  return db
    .selectFrom("oversight_rollup")
    .selectAll()
    .orderBy("grain").orderBy("res").orderBy("bucket").orderBy("unit_code").orderBy("category").orderBy("channel").orderBy("source_org")
    .execute();
}
