/**
 * The tips' indexes by unit, cluster and ward hold only tips that have one (migration
 * 20261208T0100, docs/decisions/0096): a tip is committed `received` with none of the three,
 * and its entries keyed NULL cost the web's commit six WAL pages and the worker's placement
 * as many deletions. A planner reads a partial index only when it can prove the query
 * implies the index's condition; the product's own statements, captured with their bound
 * parameters, must still read the same index as before — a query the proof does not cover
 * would quietly scan the table instead. Both dialects (PostgreSQL with sequential scans
 * priced out, as its planner prefers them on tiny tables).
 */
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClusterMembers } from "../../db/queries/clusters";
import { listDeskTips } from "../../db/queries/duty-desk";
import { findNearestInTime } from "../../db/queries/pipeline";
import { countOpenQueue, listQueue } from "../../db/queries/queue";
import { unitsScope } from "../../db/queries/scope";
import type { Database } from "../../db/schema";
import { capturePostgresQueries, type CapturedQuery } from "../../scripts/bench/bench-database";
import { DIALECTS, type TestDatabase } from "../setup/db";

const PARTIAL = {
  tips_queue: "unit_code", tips_queue_closed: "unit_code", tips_unit_created: "unit_code", tips_unit_status: "unit_code",
  tips_cluster: "cluster_id", tips_dedupe: "ward_code",
} as const;

type Work = (db: Kysely<Database>) => Promise<unknown>;

/** The product's statements, each with the index it must read. */
const STATEMENTS: Array<{ what: string; index: keyof typeof PARTIAL; work: Work }> = [
  { what: "a unit's queue, new tab", index: "tips_queue", work: (db) => listQueue(db, { scope: unitsScope(["20275"]), tab: "new", limit: 20 }) },
  { what: "a unit's queue, done tab", index: "tips_queue_closed", work: (db) => listQueue(db, { scope: unitsScope(["20275"]), tab: "done", limit: 20 }) },
  { what: "a unit's open tips per status", index: "tips_unit_status", work: (db) => countOpenQueue(db, unitsScope(["20275"])) },
  { what: "the province desk's tips", index: "tips_unit_created", work: (db) => listDeskTips(db, ["48"], 20) },
  { what: "a cluster's latest members", index: "tips_cluster", work: (db) => readClusterMembers(db, [1]) },
  {
    what: "the ward's nearest tips in time", index: "tips_dedupe",
    work: (db) => findNearestInTime(db, {
      wardCode: "20275", categories: ["drugs"], around: "2026-10-03T14:30:00.000Z",
      from: "2026-09-26T14:30:00.000Z", to: "2026-10-10T14:30:00.000Z", perSide: 6, excludeTipId: 1,
    }),
  },
];

function captureSqlite(file: string, work: Work): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(file) }),
    log: (event) => void captured.push({ sql: event.query.sql, parameters: event.query.parameters }),
  });
  return work(db).then(() => captured).finally(() => db.destroy());
}

describe.each(DIALECTS)("the tips' partial indexes (%s)", (dialect, createDatabase) => {
  let database: TestDatabase;
  const file = () => database.url.replace(/^file:/, "");

  beforeAll(async () => {
    database = await createDatabase();
  }, 60_000);

  afterAll(async () => {
    await database?.destroy();
  });

  it("hold only the tips that have a unit, a cluster, a ward", async () => {
    const definitions = dialect === "postgres"
      ? (await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes where tablename = 'tips'`.execute(database.db)).rows
      : (await sql<{ name: string; definition: string }>`select name, sql as definition from sqlite_master where type = 'index' and tbl_name = 'tips'`.execute(database.db)).rows;
    for (const [name, column] of Object.entries(PARTIAL)) {
      const definition = definitions.find((d) => d.name === name)?.definition ?? "";
      expect(definition.toLowerCase().replace(/[()"]/g, ""), name).toMatch(new RegExp(`where ${column} is not null$`));
    }
  });

  it.each(STATEMENTS)("$what: its statement reads $index", async ({ index, work }) => {
    const queries = dialect === "postgres" ? await capturePostgresQueries(database.url, work) : await captureSqlite(file(), work);
    const reads = queries.filter((q) => /from "tips"/.test(q.sql));
    expect(reads.length, queries.map((q) => q.sql).join("\n")).toBeGreaterThan(0);
    for (const query of reads) {
      let plan: string;
      if (dialect === "postgres") {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query("begin");
          await client.query("set local enable_seqscan = off");
          plan = (await client.query(`explain ${query.sql}`, [...query.parameters])).rows.map((r) => r["QUERY PLAN"]).join("\n");
        } finally {
          await client.query("rollback");
          await client.end();
        }
      } else {
        const sqlite = new BetterSqlite3(file(), { readonly: true });
        try {
          plan = (sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail).join("\n");
        } finally {
          sqlite.close();
        }
      }
      expect(plan, `${query.sql}\n${plan}`).toContain(index);
    }
  });
});
