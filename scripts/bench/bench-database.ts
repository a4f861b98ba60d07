/**
 * The benchmark database, on either dialect (issue 19, docs/decisions/0079):
 *
 *  - `--database-url postgres://…/NAME`: PostgreSQL. A database that already holds
 *    tips is reused as it is (generating 10 M tips takes long); otherwise it is created
 *    if missing and filled with the national history (national-history.ts: every
 *    province, five years). It is kept: the URL names it.
 *  - `--database-url FILE.db` (or `file:FILE.db`, or the older `--db FILE`): SQLite,
 *    the one-province history of synthetic-history.ts exactly as before — reused
 *    when the file exists, kept.
 *  - neither: a SQLite history in a temporary folder, removed at the end (unless `--keep`).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Dialect } from "../../db/client";
import type { Database } from "../../db/schema";
import { say } from "./common";
import { createNationalHistory, NATIONAL_END } from "./national-history";
import { createHistoryDatabase, type HistorySummary, type NextReport } from "./synthetic-history";

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

export interface BenchDatabase {
  /** For openDatabase and the web process's DATABASE_URL. */
  url: string;
  dialect: Dialect;
  /** The SQLite file; null on PostgreSQL. */
  file: string | null;
  /** True when this run generated the history (false when an existing one is reused). */
  generated: boolean;
  /** The history's next reports (`after`), when it was generated here. */
  next: NextReport[];
  cleanup(): void;
}

export interface BenchDatabaseOptions {
  label: string;
  databaseUrl?: string;
  /** SQLite file (the benches' older `--db`). */
  db?: string;
  tips: number;
  seed: number;
  /** End of a SQLite history (default now); the national history ends at NATIONAL_END. */
  end?: Date;
  keep?: boolean;
  after?: number;
}

/** Counts tips in a PostgreSQL database, creating the database when it does not exist; null when it has no schema yet. */
async function existingPostgresTips(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") throw err;
    const target = new URL(url);
    const name = decodeURIComponent(target.pathname.slice(1));
    target.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: target.toString() });
    await admin.connect();
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    await admin.end();
    say(`created database ${name}`);
    return null;
  }
  try {
    const table = await client.query("select to_regclass('public.tips') as t");
    if (!table.rows[0].t) return null;
    return Number((await client.query("select count(*) as n from tips")).rows[0].n);
  } finally {
    await client.end();
  }
}

export async function prepareBenchDatabase(options: BenchDatabaseOptions): Promise<BenchDatabase> {
  const target = options.databaseUrl ?? options.db;
  if (target && isPostgresUrl(target)) {
    const tips = await existingPostgresTips(target);
    if (tips) {
      say(`using ${redact(target)} (${tips.toLocaleString("en")} tips; kept)`);
      return { url: target, dialect: "postgres", file: null, generated: false, next: [], cleanup: () => {} };
    }
    const dir = mkdtempSync(path.join(tmpdir(), `tinbao-bench-${options.label}-`));
    const started = Date.now();
    say(`generating a national history of ${options.tips.toLocaleString("en")} tips into ${redact(target)} …`);
    const summary = await createNationalHistory(target, { tips: options.tips, seed: options.seed, after: options.after, dataDir: dir, log: say });
    rmSync(dir, { recursive: true, force: true });
    say(`  ${summary.tips.toLocaleString("en")} tips in ${summary.provinces} provinces and ${summary.wards} wards (${summary.from.slice(0, 10)} – ${summary.to.slice(0, 10)}), ` +
      `${summary.clusters.toLocaleString("en")} clusters, ${summary.cases.toLocaleString("en")} cases, ${summary.rerouted.toLocaleString("en")} rerouted; ` +
      `load ${summary.loadSeconds.toFixed(0)} s (${Math.round(summary.rowsPerSecond).toLocaleString("en")} rows/s), indexes ${summary.indexSeconds.toFixed(0)} s, ` +
      `rollup ${summary.rollupSeconds.toFixed(0)} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all (kept)`);
    return { url: target, dialect: "postgres", file: null, generated: true, next: summary.next, cleanup: () => {} };
  }
  const given = target?.replace(/^file:/, "");
  if (given && existsSync(given)) {
    say(`using ${given}`);
    return { url: `file:${given}`, dialect: "sqlite", file: given, generated: false, next: [], cleanup: () => {} };
  }
  const dir = given ? path.dirname(path.resolve(given)) : mkdtempSync(path.join(tmpdir(), `tinbao-bench-${options.label}-`));
  const file = given ? path.resolve(given) : path.join(dir, "bench.db");
  const started = Date.now();
  say(`generating ${options.tips.toLocaleString("en")} tips into ${file} …`);
  const summary: HistorySummary & { next: NextReport[] } = await createHistoryDatabase(file, {
    tips: options.tips, dataDir: dir, seed: options.seed, end: options.end, after: options.after,
  });
  say(`  ${summary.tips} tips, ${summary.clusters} clusters, ${summary.cases} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const removable = !given && !options.keep;
  if (options.keep && !given) say(`  kept: ${file}`);
  return {
    url: `file:${file}`, dialect: "sqlite", file, generated: true, next: summary.next,
    cleanup: () => (removable ? rmSync(dir, { recursive: true, force: true }) : undefined),
  };
}

/** The end of the history a benchmark database holds: fixed for the national one. */
export const historyEnd = (database: BenchDatabase, sqliteEnd: Date) => (database.dialect === "postgres" ? NATIONAL_END : sqliteEnd);

/** A URL without its password, for printing. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** The options every database benchmark takes. */
export const DATABASE_OPTIONS = {
  "database-url": { type: "string" },
  db: { type: "string" },
  tips: { type: "string" },
  keep: { type: "boolean" },
} as const;

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * The statements `work` sends to PostgreSQL (in order, as compiled), for EXPLAIN ANALYZE
 * of exactly what the product runs: its query builders are called as they are in use.
 */
export async function capturePostgresQueries(url: string, work: (db: Kysely<Database>) => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => void captured.push({ sql: event.query.sql, parameters: event.query.parameters }),
  });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
  return captured;
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement: the plan's lines. */
export async function explainAnalyze(url: string, query: CapturedQuery): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
    return result.rows.map((r: Record<string, string>) => r["QUERY PLAN"]!);
  } finally {
    await client.end();
  }
}

/** Plans of every statement `work` sends, each under the first line of its SQL. */
export async function explainAll(url: string, work: (db: Kysely<Database>) => Promise<unknown>, filter: (sql: string) => boolean = () => true): Promise<string[]> {
  const lines: string[] = [];
  for (const query of (await capturePostgresQueries(url, work)).filter((q) => filter(q.sql))) {
    lines.push(`-- ${query.sql.replace(/\s+/g, " ").slice(0, 160)}${query.sql.length > 160 ? " …" : ""}`);
    lines.push(...(await explainAnalyze(url, query)).map((l) => `   ${l}`));
  }
  return lines;
}
