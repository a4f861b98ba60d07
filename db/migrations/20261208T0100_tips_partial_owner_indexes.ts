/**
 * The tips' indexes by unit, by cluster and by ward hold only tips that have one (docs/decisions/0096).
 *
 * A tip is committed `received`, with no unit and no cluster: the worker places it moments
 * later. Every index on `unit_code` (the queue, the closed queue, a unit's tips by date, a
 * unit's tips by status), on `cluster_id` and on `ward_code` (the dedupe candidates) still took an entry for it — keyed NULL, so in
 * pages of their own — which the web's commit wrote to the WAL (and synced) and the worker's
 * placement then deleted again, writing those pages a second time. No query looks a tip up
 * by a NULL unit or cluster through them: every one that reads them compares the column
 * (`unit_code = ?`, `in (…)`, a join on it), which both planners take as proof of
 * `is not null`, with bound parameters too (tests/integration/tips-partial-indexes.test.ts
 * checks the product's own statements' plans). So each index now says so, and a new tip
 * writes six pages fewer (web: 17 → 12 WAL frames a tip; the worker's placement: fewer too).
 *
 * Same columns, same names, both dialects. On PostgreSQL each index is rebuilt (a write
 * lock on tips for the length of the build: run it in a quiet hour on a large database).
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, sql } from "kysely";

const INDEXES: Array<{ name: string; columns: string; column: "unit_code" | "cluster_id" | "ward_code" }> = [
  { name: "tips_queue", columns: "unit_code, status, queue_rank, deadline_at, id", column: "unit_code" },
  { name: "tips_queue_closed", columns: "unit_code, status, closed_at, id", column: "unit_code" },
  { name: "tips_unit_created", columns: "unit_code, created_at, id", column: "unit_code" },
  { name: "tips_unit_status", columns: "unit_code, status, id", column: "unit_code" },
  { name: "tips_cluster", columns: "cluster_id", column: "cluster_id" },
  { name: "tips_dedupe", columns: "ward_code, category, dedupe_at", column: "ward_code" },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const index of INDEXES) {
    await sql`drop index ${sql.id(index.name)}`.execute(db);
    await sql`create index ${sql.id(index.name)} on tips (${sql.raw(index.columns)}) where ${sql.id(index.column)} is not null`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of INDEXES) {
    await sql`drop index ${sql.id(index.name)}`.execute(db);
    await sql`create index ${sql.id(index.name)} on tips (${sql.raw(index.columns)})`.execute(db);
  }
}
