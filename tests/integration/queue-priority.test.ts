/**
 * The queue's priority rule has two homes by necessity: domain/queue-priority.ts
 * and the generated column tips.queue_rank (a frozen migration), which lets the
 * queue be read from an index. They must agree: every combination of precision,
 * category and cluster size, written as the pipeline writes clusters, gets the
 * rank the domain function computes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OccurredPrecision } from "../../db/schema";
import { deadlineFor } from "../../domain/deadline";
import { queueRank, VIOLENT_CATEGORIES } from "../../domain/queue-priority";
import { clusterSizeOfTip } from "../../db/queries/clusters";
import { DIALECTS, type TestDatabase } from "../setup/db";
import { seedUnits, UNIT_A } from "../setup/staff-fixtures";

const PRECISIONS: OccurredPrecision[] = ["exact", "approximate", "ongoing", "unknown"];
const CATEGORIES = [...VIOLENT_CATEGORIES, "drugs", "theft", "other"];
// Exact below 128, by powers of two from there (docs/decisions/0087).
const SIZES = [1, 2, 3, 7, 40, 127, 128, 200, 255, 256, 1_000, 999_999, 1_500_000];

describe.each(DIALECTS)("tips.queue_rank agrees with queueRank on %s", (_dialect, create) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
    await seedUnits(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("for every precision × category × cluster size, and after the cluster grows", async () => {
    const db = database.db;
    const at = "2026-10-01T00:00:00.000Z";
    const expected = new Map<number, { occurredPrecision: string; category: string; clusterSize: number }>();
    for (const size of SIZES) {
      const { id: cluster } = await db.insertInto("clusters").values({ created_at: at, size: 0, merged_into: null }).returning("id").executeTakeFirstOrThrow();
      for (const precision of PRECISIONS) {
        for (const category of CATEGORIES) {
          const { id } = await db.insertInto("tips").values({
            receipt_hash: `p-${size}-${precision}-${category}`, channel: "web", category, description: "Mô tả đủ dài cho một tin.",
            description_folded: "mo ta du dai cho mot tin.", occurred_at: null, occurred_precision: precision, location_kind: "none",
            status: "routed", unit_code: UNIT_A, deadline_at: deadlineFor(at), created_at: at, updated_at: at,
          }).returning("id").executeTakeFirstOrThrow();
          await db.updateTable("tips").set({ cluster_id: cluster }).where("id", "=", id).execute();
          expected.set(id, { occurredPrecision: precision, category, clusterSize: size });
        }
      }
      // The cluster's size as the pipeline keeps it; the triggers copy it to its tips.
      await db.updateTable("clusters").set({ size }).where("id", "=", cluster).execute();
    }
    const rows = await db.selectFrom("tips").select(["id", "queue_rank"]).execute();
    expect(rows).toHaveLength(SIZES.length * PRECISIONS.length * CATEGORIES.length);
    for (const row of rows) expect(Number(row.queue_rank), `tip ${row.id}`).toBe(queueRank(expected.get(row.id)!));
    // The order the rule gives is the order of the column.
    const byColumn = [...rows].sort((a, b) => Number(a.queue_rank) - Number(b.queue_rank) || a.id - b.id).map((r) => r.id);
    const byDomain = [...rows].sort((a, b) => queueRank(expected.get(a.id)!) - queueRank(expected.get(b.id)!) || a.id - b.id).map((r) => r.id);
    expect(byColumn).toEqual(byDomain);
    // The pages show the real size, not the queue's rounded one.
    const shown = await db.selectFrom("tips").select(["id", clusterSizeOfTip.as("size")]).execute();
    for (const row of shown) expect(Number(row.size), `tip ${row.id}`).toBe(expected.get(row.id)!.clusterSize);
  });
});
