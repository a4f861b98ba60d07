/**
 * The national benchmark history (scripts/bench/national-history.ts, issue 19): written on
 * PostgreSQL with triggers and foreign keys off and its indexes rebuilt, it must still be a
 * database the product can use — every tip's cluster exists with the size its tips carry,
 * the audit trail's hash chains verify, ids continue after the load, the rollup agrees with
 * the tips — and it spans the country with the skew it claims. The database part runs in the
 * PostgreSQL pass only (TINBAO_TEST_DB=postgres; the
 * one-province SQLite history is synthetic-history.ts, covered by the benches' SQLite runs).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildSummaries } from "../../db/queries/summaries";
import { findFirstChainBreak } from "../../db/queries/tip-events";
import { createNationalHistory, nationalWardWeights } from "../../scripts/bench/national-history";
import { copyText } from "../../scripts/bench/rollup-bulk";
import { createPgTestDatabase, tempDir, TEST_DIALECT, type TestDatabase } from "../setup/db";

describe("national ward weights", () => {
  it("make a city's wards busier than its communes, and a mountain commune quieter than a lowland one", () => {
    const weights = nationalWardWeights([
      { code: "1", name: "Phường Sài Gòn", province: "79" },
      { code: "2", name: "Xã Bình Chánh", province: "79" },
      { code: "3", name: "Xã Mường Tè", province: "12" },
      { code: "4", name: "Xã Hòa Vang", province: "48" },
    ]);
    expect(weights[0]).toBeGreaterThan(weights[1]!);
    expect(weights[2]).toBeLessThan(weights[3]!);
  });
});

describe("COPY text values", () => {
  it("escape what the format reserves and write null as \\N", () => {
    expect(copyText("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
    expect(copyText(null)).toBe("\\N");
    expect(copyText(undefined)).toBe("\\N");
    expect(copyText(0)).toBe("0");
    expect(copyText("Phường Hải Châu")).toBe("Phường Hải Châu");
  });
});

describe.runIf(TEST_DIALECT === "postgres")("national history on PostgreSQL", () => {
  let database: TestDatabase;
  let summary: Awaited<ReturnType<typeof createNationalHistory>>;
  const NOW = new Date("2026-12-07T03:00:00.000Z");

  beforeAll(async () => {
    database = await createPgTestDatabase();
    summary = await createNationalHistory(database.url, { tips: 3_000, seed: 3, years: 0.1, dataDir: tempDir(), now: NOW });
  }, 600_000); // every province's units and Đà Nẵng's set-up first: tens of seconds on a quiet machine
  afterAll(async () => database?.destroy());

  it("spans the provinces, busy cities first", async () => {
    const byProvince = (await sql<{ p: string; n: number }>`select location_province_code as p, count(*) as n from tips group by 1`.execute(database.db)).rows;
    const count = (p: string) => Number(byProvince.find((r) => r.p === p)?.n ?? 0);
    expect(byProvince.length).toBeGreaterThanOrEqual(25);
    expect(count("79")).toBeGreaterThan(3 * count("12"));
    expect(summary.rerouted).toBeGreaterThan(0);
  });

  it("keeps clusters, sizes and audit chains consistent, and ids continue after the load", async () => {
    const wrong = await sql<{ n: number }>`select count(*) as n from tips t join clusters c on c.id = t.cluster_id
      where t.cluster_size <> c.size or c.size <> (select count(*) from tips u where u.cluster_id = c.id)`.execute(database.db);
    expect(Number(wrong.rows[0]!.n)).toBe(0);
    const orphans = await sql<{ n: number }>`select count(*) as n from tips t left join clusters c on c.id = t.cluster_id where c.id is null`.execute(database.db);
    expect(Number(orphans.rows[0]!.n)).toBe(0);
    expect((await findFirstChainBreak(database.db)).break).toBeNull();
    const cluster = await database.db.insertInto("clusters").values({ created_at: "2026-12-01T00:00:00.000Z", size: 1, merged_into: null }).returning("id").executeTakeFirstOrThrow();
    expect(cluster.id).toBe(summary.clusters + 1);
  });

  it("has a rollup that counts every tip (the triggers were off: it is rebuilt)", async () => {
    const rolled = await sql<{ n: number }>`select sum(tips) as n from oversight_rollup where grain = 'unit' and res = 'm' and unit_code not like 'P:%'`.execute(database.db);
    expect(Number(rolled.rows[0]!.n)).toBe(3_000);
  });

  it("writes in bulk the rollup, hotspot counts and open tips now that the product's rebuild writes", async () => {
    // Everything the rebuild writes, in key order: the bulk one's first, then the product's over the same tips.
    const dump = async () => ({
      rollup: (await sql`select * from oversight_rollup order by grain, res, bucket, unit_code, source_org, channel, category`.execute(database.db)).rows,
      hotspots: (await sql`select * from hotspot_day_counts order by province_code, day, ward_code, category`.execute(database.db)).rows,
      open: (await sql`select * from oversight_open order by grain, unit_code, source_org, channel, category`.execute(database.db)).rows,
      state: (await sql`select rebuilt_at, open_folded_before from oversight_state`.execute(database.db)).rows,
    });
    const bulk = await dump();
    expect(bulk.rollup.length).toBeGreaterThan(1_000);
    expect(bulk.hotspots.length).toBeGreaterThan(100);
    expect(bulk.open.length).toBeGreaterThan(10);
    await rebuildSummaries(database.db, NOW);
    const product = await dump();
    expect(bulk.rollup).toEqual(product.rollup);
    expect(bulk.hotspots).toEqual(product.hotspots);
    expect(bulk.open).toEqual(product.open);
    expect(bulk.state).toEqual(product.state);
  }, 600_000);
});
