/**
 * The rollup's province totals (`unit_code` 'P:NN', and '' for the whole deployment) get an
 * index of their own on PostgreSQL (docs/decisions/0089, "Dashboards at 10 M"): a national
 * supervisor's breakdowns read only those rows, but under a C.UTF-8 collation `like 'P:%'` is
 * no range of the primary key, so each breakdown walked every unit's rows of its grain and
 * period to keep the 34 provinces' (356 k rows for a year by category at 10 M tips). The
 * index's predicate is the query's own condition, so the planner can prove it and read the
 * ~1 % of rows that are totals.
 *
 * SQLite: nothing. Its planner uses a partial index only when the query states the
 * predicate's constants literally, and the national dashboard meets its goal there at 1 M.
 *
 * Frozen in time: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index if not exists oversight_rollup_totals on oversight_rollup (grain, res, bucket, category, channel, source_org)
    where (unit_code like 'P:%' or unit_code = '')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop index if exists oversight_rollup_totals`.execute(db);
}
