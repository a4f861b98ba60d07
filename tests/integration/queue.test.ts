/**
 * The unit queue on both dialects: priority order, keyset pages that add up to
 * exactly the whole queue whatever the page size, filters, scope, the done
 * tab's order, and tips.cluster_size following clusters.size however the
 * clusters are written (the triggers of migration 20261122T1500).
 */
import { unitsScope } from "../../db/queries/scope";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countOpenQueue, listCopies, listQueue, type QueueCursor, type QueueFilters, type QueueRow, type QueueTab } from "../../db/queries/queue";
import type { Database, OccurredPrecision, TipStatus } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { VIOLENT_CATEGORIES } from "../../domain/queue-priority";
import { foldVietnamese } from "../../domain/text";
import { seededRandom } from "../../scripts/bench/synthetic-history";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedUnits, UNIT_A, UNIT_B } from "../setup/staff-fixtures";
import type { Insertable, Kysely } from "kysely";

const CATEGORIES = ["drugs", "theft", "violence", "weapons", "fraud", "robbery", "gambling"];
const PRECISIONS: OccurredPrecision[] = ["exact", "approximate", "ongoing", "unknown"];
const TEXTS = ["Mua bán ma túy ở quán cà phê", "Trộm xe máy Exciter đầu kiệt", "Đánh nhau bằng gạch đá", "Lừa đảo 100% lãi_suất qua mạng", "Cờ bạc ăn tiền tại nhà văn hóa"];

interface Seeded {
  id: number;
  unit: string;
  status: TipStatus;
  category: string;
  precision: OccurredPrecision;
  size: number;
  deadline: string;
  createdAt: string;
  closedAt: string | null;
  valuable: number | null;
  text: string;
}

function expectedOrder(a: Seeded, b: Seeded): number {
  const tier = (t: Seeded) => (t.precision === "ongoing" ? 0 : 1) + ((VIOLENT_CATEGORIES as readonly string[]).includes(t.category) ? 0 : 1);
  return tier(a) - tier(b) || b.size - a.size || (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) || a.id - b.id;
}

async function seedQueue(db: Kysely<Database>, count: number, seed: number): Promise<Seeded[]> {
  const random = seededRandom(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  // A handful of clusters with 1–5 members, written the way the pipeline writes them.
  const clusters: number[] = [];
  for (let i = 0; i < 8; i++) {
    clusters.push((await db.insertInto("clusters").values({ created_at: "2026-10-01T00:00:00.000Z", size: 0, merged_into: null }).returning("id").executeTakeFirstOrThrow()).id);
  }
  const seeded: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    // Few distinct receipt days, so equal deadlines are common and the id breaks ties.
    const createdAt = new Date(Date.UTC(2026, 9, 1 + Math.floor(random() * 6), Math.floor(random() * 24))).toISOString();
    const status = pick<TipStatus>(["routed", "routed", "in_progress", "waiting_tipster", "closed"]);
    const text = pick(TEXTS);
    const row: Insertable<Database["tips"]> = {
      receipt_hash: `q-${seed}-${i}-${random()}`, channel: "web", category: pick(CATEGORIES), description: text,
      description_folded: foldVietnamese(text), occurred_at: null, occurred_precision: pick(PRECISIONS), location_kind: "none",
      status, unit_code: random() < 0.8 ? UNIT_A : UNIT_B, deadline_at: deadlineFor(createdAt),
      valuable: status === "closed" ? (random() < 0.5 ? 1 : 0) : random() < 0.3 ? 1 : null,
      closed_at: status === "closed" ? new Date(Date.parse(createdAt) + Math.floor(random() * 5) * 86_400_000).toISOString() : null,
      created_at: createdAt, updated_at: createdAt,
    };
    const { id } = await db.insertInto("tips").values(row).returning("id").executeTakeFirstOrThrow();
    if (random() < 0.5) {
      const cluster = pick(clusters);
      await db.updateTable("tips").set({ cluster_id: cluster }).where("id", "=", id).execute();
      await db.updateTable("clusters").set((eb) => ({ size: eb("size", "+", 1) })).where("id", "=", cluster).execute();
    } else {
      const { id: own } = await db.insertInto("clusters").values({ created_at: createdAt, size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow();
      await db.updateTable("tips").set({ cluster_id: own }).where("id", "=", id).execute();
    }
    seeded.push({
      id, unit: row.unit_code!, status, category: row.category, precision: row.occurred_precision, size: 0, deadline: row.deadline_at,
      createdAt, closedAt: row.closed_at ?? null, valuable: row.valuable ?? null, text,
    });
  }
  const sizes = await db.selectFrom("tips").innerJoin("clusters", "clusters.id", "tips.cluster_id").select(["tips.id", "clusters.size"]).execute();
  const sizeOf = new Map(sizes.map((s) => [s.id, s.size]));
  for (const s of seeded) s.size = sizeOf.get(s.id)!;
  return seeded;
}

async function allPages(db: Kysely<Database>, units: string[], tab: QueueTab, limit: number, filters?: QueueFilters): Promise<QueueRow[]> {
  const rows: QueueRow[] = [];
  let after: QueueCursor | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listQueue(db, { scope: unitsScope(units), tab, limit, after, filters });
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error("pagination did not end");
}

describe.each(DIALECTS)("unit queue on %s", (_dialect, create) => {
  let database: TestDatabase;
  let seeded: Seeded[];

  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
    seeded = await seedQueue(database.db, 160, 7);
  });
  afterAll(async () => database?.destroy());

  it("mirrors each tip's cluster size from its cluster", async () => {
    const rows = await database.db.selectFrom("tips").innerJoin("clusters", "clusters.id", "tips.cluster_id")
      .select(["tips.cluster_size", "clusters.size"]).execute();
    expect(rows.length).toBe(160);
    for (const r of rows) expect(r.cluster_size).toBe(r.size);
    expect(rows.some((r) => r.size >= 3)).toBe(true);
  });

  for (const tab of ["new", "in_progress", "waiting"] as const) {
    it(`lists the "${tab}" tab in priority order, and every page size gives the same whole queue`, async () => {
      const status = { new: "routed", in_progress: "in_progress", waiting: "waiting_tipster" }[tab];
      const expected = seeded.filter((s) => s.unit === UNIT_A && s.status === status).sort(expectedOrder).map((s) => s.id);
      expect(expected.length).toBeGreaterThan(5);
      for (const size of [1, 3, 7, 50]) {
        expect((await allPages(database.db, [UNIT_A], tab, size)).map((r) => r.id)).toEqual(expected);
      }
    });
  }

  it("lists the done tab most recently closed first, paged without gaps or repeats", async () => {
    const expected = seeded
      .filter((s) => s.unit === UNIT_A && s.status === "closed")
      .sort((a, b) => (a.closedAt! < b.closedAt! ? 1 : a.closedAt! > b.closedAt! ? -1 : b.id - a.id))
      .map((s) => s.id);
    for (const size of [2, 5]) expect((await allPages(database.db, [UNIT_A], "done", size)).map((r) => r.id)).toEqual(expected);
  });

  it("never shows another unit's tips, and merges several units in one order", async () => {
    const onlyB = await allPages(database.db, [UNIT_B], "new", 4);
    expect(onlyB.length).toBeGreaterThan(0);
    expect(onlyB.every((r) => r.unitCode === UNIT_B)).toBe(true);
    const both = await allPages(database.db, [UNIT_A, UNIT_B], "new", 4);
    const expected = seeded.filter((s) => s.status === "routed").sort(expectedOrder).map((s) => s.id);
    expect(both.map((r) => r.id)).toEqual(expected);
    for (const size of [1, 3, 50]) {
      const done = await allPages(database.db, [UNIT_A, UNIT_B], "done", size);
      const expectedDone = seeded.filter((s) => s.status === "closed")
        .sort((a, b) => (a.closedAt! < b.closedAt! ? 1 : a.closedAt! > b.closedAt! ? -1 : b.id - a.id)).map((s) => s.id);
      expect(done.map((r) => r.id)).toEqual(expectedDone);
      const filtered = await allPages(database.db, [UNIT_A, UNIT_B], "in_progress", size, { category: "drugs" });
      expect(filtered.map((r) => r.id)).toEqual(seeded.filter((s) => s.status === "in_progress" && s.category === "drugs").sort(expectedOrder).map((s) => s.id));
    }
    expect(await listQueue(database.db, { scope: unitsScope([]), tab: "new", limit: 10 })).toEqual({ rows: [], next: null, prev: null });
  });

  it("filters by category, received dates, valuable, corroborated and folded text", async () => {
    const open = seeded.filter((s) => s.unit === UNIT_A && s.status === "routed");
    const ids = async (filters: QueueFilters) => (await allPages(database.db, [UNIT_A], "new", 5, filters)).map((r) => r.id).sort((a, b) => a - b);
    const want = (pred: (s: Seeded) => boolean) => open.filter(pred).map((s) => s.id).sort((a, b) => a - b);

    expect(await ids({ category: "drugs" })).toEqual(want((s) => s.category === "drugs"));
    expect(await ids({ valuable: "yes" })).toEqual(want((s) => s.valuable === 1));
    expect(await ids({ valuable: "undecided" })).toEqual(want((s) => s.valuable === null));
    expect(await ids({ corroborated: true })).toEqual(want((s) => s.size >= 2));
    expect(await ids({ receivedFrom: "2026-10-03T00:00:00.000Z", receivedBefore: "2026-10-05T00:00:00.000Z" }))
      .toEqual(want((s) => s.createdAt >= "2026-10-03T00:00:00.000Z" && s.createdAt < "2026-10-05T00:00:00.000Z"));
    // Typed without diacritics, found with them.
    expect(await ids({ searchFolded: foldVietnamese("danh nhau") })).toEqual(want((s) => s.text.startsWith("Đánh nhau")));
    // % and _ are text, not wildcards.
    expect(await ids({ searchFolded: "100%" })).toEqual(want((s) => s.text.includes("100%")));
    expect(await ids({ searchFolded: "i_s" })).toEqual(want((s) => s.text.includes("i_s")));
    expect(await ids({ searchFolded: "0%l" })).toEqual([]);
  });

  it("counts open tips per status and lists copies for information", async () => {
    const counts = await countOpenQueue(database.db, unitsScope([UNIT_A]));
    expect(counts.routed).toBe(seeded.filter((s) => s.unit === UNIT_A && s.status === "routed").length);
    expect(counts.in_progress).toBe(seeded.filter((s) => s.unit === UNIT_A && s.status === "in_progress").length);
    const copied = seeded.find((s) => s.unit === UNIT_A && s.status === "routed")!;
    await database.db.insertInto("tip_copies").values({ tip_id: copied.id, unit_code: UNIT_B, reason: "gửi để biết", created_at: copied.createdAt }).execute();
    const copies = await listCopies(database.db, unitsScope([UNIT_B]), 10);
    expect(copies.map((c) => c.id)).toEqual([copied.id]);
    expect(await listCopies(database.db, unitsScope([UNIT_A]), 10)).toEqual([]);
  });

  it("re-ranks a tip when its cluster grows or it moves to another cluster", async () => {
    const [lone] = seeded.filter((s) => s.unit === UNIT_A && s.status === "routed" && s.size === 1);
    const before = (await allPages(database.db, [UNIT_A], "new", 50)).find((r) => r.id === lone.id)!;
    const tip = await database.db.selectFrom("tips").select("cluster_id").where("id", "=", lone.id).executeTakeFirstOrThrow();
    await database.db.updateTable("clusters").set({ size: 40 }).where("id", "=", tip.cluster_id!).execute();
    const after = (await listQueue(database.db, { scope: unitsScope([UNIT_A]), tab: "new", limit: 500 })).rows;
    expect(after.find((r) => r.id === lone.id)!.clusterSize).toBe(40);
    expect(before.clusterSize).toBe(1);
    // Within its tier it now comes before every tip reported by fewer people.
    const sameTier = after.filter((r) => tierOf(r) === tierOf(after.find((x) => x.id === lone.id)!));
    expect(sameTier[0].id).toBe(lone.id);
    const { id: bigger } = await database.db.insertInto("clusters").values({ created_at: lone.createdAt, size: 7, merged_into: null }).returning("id").executeTakeFirstOrThrow();
    await database.db.updateTable("tips").set({ cluster_id: bigger }).where("id", "=", lone.id).execute();
    const moved = await database.db.selectFrom("tips").select(["cluster_size"]).where("id", "=", lone.id).executeTakeFirstOrThrow();
    expect(moved.cluster_size).toBe(7);
  });
});

function tierOf(r: QueueRow): number {
  return (r.occurredPrecision === "ongoing" ? 0 : 1) + ((VIOLENT_CATEGORIES as readonly string[]).includes(r.category) ? 0 : 1);
}
