/**
 * The rollup's province totals have a partial index on PostgreSQL (migration
 * 20261207T2300, docs/decisions/0089): the national dashboard's breakdowns must be
 * able to read it. The planner uses a partial index only when it can prove the
 * query's condition implies the index's; this sends the product's own statement (as
 * `sumRollupBy` builds it, parameters included) and checks, with the primary key out
 * of the way, that the plan reads the totals' index — a change to either condition
 * that breaks the proof fails here. Runs in the PostgreSQL pass.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sumRollupBy, type RollupSelection } from "../../db/queries/stats";
import { capturePostgresQueries } from "../../scripts/bench/bench-database";
import { createPgTestDatabase, TEST_DIALECT, type TestDatabase } from "../setup/db";

const MONTHS = ["2026-01", "2026-02", "2026-03"];
const SELECTION: RollupSelection = {
  grain: "category",
  rows: { kind: "totals" },
  filters: { category: null, channel: null, org: null },
  segments: [{ months: MONTHS as RollupSelection["segments"][number]["months"], dayRanges: [] }],
};

describe.skipIf(TEST_DIALECT !== "postgres")("the rollup's province totals index", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createPgTestDatabase();
    const row = (unit_code: string, bucket: string, category: string, tips: number) =>
      ({ grain: "category", res: "m", bucket, unit_code, category, channel: "", source_org: "", tips });
    await database.db.insertInto("oversight_rollup").values([
      row("P:48", "2026-01", "drugs", 5), row("P:48", "2026-02", "theft", 7), row("P:79", "2026-03", "drugs", 11),
      row("", "2026-01", "drugs", 16), // the deployment's total
      row("20194", "2026-01", "drugs", 3), row("20194", "2026-02", "theft", 7), // a ward's own rows: not totals
      row("P:48", "2025-12", "drugs", 100), // outside the period
    ] as never).execute();
  }, 60_000);

  afterAll(async () => {
    await database?.destroy();
  });

  it("sums only the totals' rows of the period", async () => {
    const sums = await sumRollupBy(database.db, SELECTION, "category");
    const tips = Object.fromEntries(sums.map((s) => [s.key, s.tips]));
    expect(tips).toEqual({ drugs: 5 + 11 + 16, theft: 7 });
  });

  it("is read by the breakdown's own statement, its parameters bound", async () => {
    const queries = await capturePostgresQueries(database.url, (db) => sumRollupBy(db, SELECTION, "category"));
    const breakdown = queries.find((q) => /from "oversight_rollup"/.test(q.sql));
    expect(breakdown, queries.map((q) => q.sql).join("\n")).toBeDefined();
    expect(breakdown!.parameters).toContain("P:%"); // a bound value, not a literal: the proof must hold for it

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query("begin");
      // Only the partial index is left to read the table by; sequential scans cost as if forbidden.
      await client.query("alter table oversight_rollup drop constraint oversight_rollup_pk");
      await client.query("set local enable_seqscan = off");
      const plan = (await client.query(`explain ${breakdown!.sql}`, [...breakdown!.parameters])).rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toContain("oversight_rollup_totals");
    } finally {
      await client.query("rollback");
      await client.end();
    }
  });
});
