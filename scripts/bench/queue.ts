/**
 * `npm run bench:queue [-- --tips 1000000 --db FILE --rounds 20]`
 *
 * The officers' queue on a large history: a SQLite database with `--tips`
 * tips over the last year (scripts/bench/synthetic-history.ts; `--db FILE`
 * keeps it between runs), then
 *
 *  1. the queue page's database work (the loader's queries: the page of tips,
 *     the tab counts, the copies, the labels) for the busiest ward's officer and
 *     for an officer of the two busiest wards — every tab, pages deep into the
 *     queue through keyset cursors, and the filters (category, corroborated,
 *     folded text, dates);
 *  2. the whole page over HTTP from the real web process (sign-in, then GET
 *     /can-bo with those tabs, filters and cursors, one request at a time).
 *
 * Prints p50/p95 of each (goal: p95 ≤ 50 ms) and the query plan of the open-tab
 * query, which must read the tips_queue index in order (no temporary B-tree).
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { hashPassword } from "../../core/platform/crypto";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { listActiveCategories } from "../../db/queries/intake-reference";
import { countOpenQueue, listCopies, listQueue, type QueueCursor, type QueueFilters, type QueueTab } from "../../db/queries/queue";
import { unitsScope } from "../../db/queries/scope";
import { findUnits } from "../../db/queries/units";
import { createUser } from "../../db/queries/users";
import { foldVietnamese } from "../../domain/text";
import { summarise } from "./common";
import { startStaffWeb } from "./staff-web";
import { DATABASE_OPTIONS, explainAll, prepareBenchDatabase, type BenchDatabase } from "./bench-database";

const { values } = parseArgs({
  options: { ...DATABASE_OPTIONS, rounds: { type: "string" }, "no-http": { type: "boolean" } },
});
const TIPS = Number(values.tips ?? 1_000_000);
const ROUNDS = Number(values.rounds ?? 20);
const PAGE = 50;
const BENCH_PASSWORD = "bench officer password 0123";

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

interface Scenario {
  name: string;
  units: string[];
  tab: QueueTab;
  filters?: QueueFilters;
  /** How many pages to walk through with cursors (each page is one sample). */
  pages: number;
}

async function benchQueries(url: string, busiest: string[]) {
  const handle = openDatabase(url);
  const db = handle.db;
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const scenarios: Scenario[] = [
    { name: "new, first pages", units: [busiest[0]], tab: "new", pages: 3 },
    { name: "in progress, 5 pages deep", units: [busiest[0]], tab: "in_progress", pages: 5 },
    { name: "waiting for tipster", units: [busiest[0]], tab: "waiting", pages: 2 },
    { name: "done, 5 pages deep", units: [busiest[0]], tab: "done", pages: 5 },
    { name: "filter: category drugs", units: [busiest[0]], tab: "in_progress", filters: { category: "drugs" }, pages: 2 },
    { name: "filter: corroborated", units: [busiest[0]], tab: "in_progress", filters: { corroborated: true }, pages: 2 },
    { name: "filter: valuable", units: [busiest[0]], tab: "done", filters: { valuable: "yes" }, pages: 2 },
    { name: "search 'ma tuy'", units: [busiest[0]], tab: "in_progress", filters: { searchFolded: foldVietnamese("ma túy") }, pages: 2 },
    { name: "done, received in the last 7 days", units: [busiest[0]], tab: "done", filters: { receivedFrom: weekAgo }, pages: 1 },
    { name: "two units, new", units: busiest, tab: "new", pages: 2 },
    { name: "two units, in progress", units: busiest, tab: "in_progress", pages: 2 },
  ];

  const all: number[] = [];
  const byScenario = new Map<string, number[]>();
  // One warm-up round, not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const s of scenarios) {
      let after: QueueCursor | null = null;
      for (let page = 0; page < s.pages; page++) {
        const started = performance.now();
        // What the queue loader asks the database for on every page view.
        const [result]: [{ next: QueueCursor | null }, ...unknown[]] = await Promise.all([
          listQueue(db, { scope: unitsScope(s.units), tab: s.tab, filters: s.filters, after, limit: PAGE }),
          countOpenQueue(db, unitsScope(s.units)),
          listCopies(db, unitsScope(s.units), 20),
          listActiveCategories(db),
          findUnits(db, s.units),
        ]);
        const ms = performance.now() - started;
        if (round > 0) {
          all.push(ms);
          byScenario.set(s.name, [...(byScenario.get(s.name) ?? []), ms]);
        }
        if (!result.next) break;
        after = result.next;
      }
    }
  }
  await handle.close();
  return { all: summarise(all), byScenario: [...byScenario].map(([name, samples]) => ({ name, ...summarise(samples) })) };
}

function queryPlan(file: string, unit: string): string[] {
  const sqlite = new SQLite(file, { readonly: true });
  const rows = sqlite
    .prepare(`explain query plan select tips.id from tips left join units as ward on ward.code = tips.ward_code
      left join users as claimer on claimer.id = tips.claimed_by
      where tips.unit_code = ? and tips.status = 'in_progress' and (tips.queue_rank, tips.deadline_at, tips.id) > (?, ?, ?)
      order by tips.queue_rank, tips.deadline_at, tips.id limit 51`)
    .all(unit, 0, "", 0) as Array<{ detail: string }>;
  sqlite.close();
  return rows.map((r) => r.detail);
}

/**
 * PostgreSQL: EXPLAIN ANALYZE of what one page view sends, for the busiest ward's
 * in-progress tab one page deep (after a cursor) and the two units' new tab.
 */
async function postgresPlans(database: BenchDatabase, units: string[]): Promise<string[]> {
  const first = await listQueueOnce(database.url, units.slice(0, 1), "in_progress", null);
  return explainAll(database.url, async (db) => {
    await listQueue(db, { scope: unitsScope(units.slice(0, 1)), tab: "in_progress", after: first, limit: PAGE });
    await countOpenQueue(db, unitsScope(units.slice(0, 1)));
    await listCopies(db, unitsScope(units.slice(0, 1)), 20);
    await listQueue(db, { scope: unitsScope(units), tab: "new", limit: PAGE });
    await listQueue(db, { scope: unitsScope(units.slice(0, 1)), tab: "done", filters: { searchFolded: foldVietnamese("ma túy") }, limit: PAGE });
  });
}

async function listQueueOnce(url: string, units: string[], tab: QueueTab, after: QueueCursor | null) {
  const handle = openDatabase(url);
  try {
    return (await listQueue(handle.db, { scope: unitsScope(units), tab, after, limit: PAGE })).next;
  } finally {
    await handle.close();
  }
}

/** User + system CPU time of a process so far (Linux /proc; the tsx wrapper's child is the server). */
function processCpuMs(pid: number): number {
  const pids = [pid, ...childPids(pid)];
  let ticks = 0;
  for (const p of pids) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone, or not Linux
    }
  }
  return ticks * 10; // USER_HZ = 100
}

function childPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return children.flatMap((c) => [c, ...childPids(c)]);
  } catch {
    return [];
  }
}

async function benchHttp(url: string, unit: string) {
  const web = await startStaffWeb(url, { label: "queue", email: `bench.${unit}@bench.tinbao.vn`, password: BENCH_PASSWORD });
  try {
    const get = web.get;
    /** The "next page" link's query string, if there is one. */
    const nextLink = (html: string) => {
      const anchor = html.match(/<a [^>]*rel="next"[^>]*>/)?.[0];
      return anchor?.match(/href="\/can-bo(\?[^"]+)"/)?.[1]?.replace(/&amp;/g, "&") ?? null;
    };
    const starts = ["?tab=new", "?tab=in_progress", "?tab=waiting", "?tab=done", "?tab=in_progress&category=drugs",
      "?tab=in_progress&corroborated=1", "?tab=in_progress&q=ma+tuy", "?tab=done&valuable=yes"];
    const samples: number[] = [];
    let cpuBefore = 0;
    for (let round = 0; round <= Math.max(3, Math.floor(ROUNDS / 2)); round++) {
      if (round === 1) cpuBefore = processCpuMs(web.pid);
      for (const start of starts) {
        let query: string | null = start;
        for (let page = 0; page < 3 && query; page++) {
          const { ms, html } = await get(`/can-bo${query}`);
          if (round > 0) samples.push(ms);
          query = nextLink(html);
        }
      }
    }
    // CPU the web process spent per page: unlike wall time, not inflated by other load on the machine.
    const cpuPerPage = (processCpuMs(web.pid) - cpuBefore) / samples.length;
    return { ...summarise(samples), cpuPerPage, rssMb: web.rssMb() };
  } finally {
    await web.stop();
  }
}

async function main() {
  const database = await prepareBenchDatabase({ label: "queue", databaseUrl: values["database-url"], db: values.db, tips: TIPS, seed: 11, keep: values.keep });
  try {
    const handle = openDatabase(database.url);
    await migrateToLatest(handle.db);
    const busiest = (await handle.db
      .selectFrom("tips")
      .innerJoin("units", "units.code", "tips.unit_code")
      .select(["tips.unit_code", handle.db.fn.countAll<number>().as("n")])
      .where("units.level", "=", "ward")
      .groupBy("tips.unit_code")
      .orderBy("n", "desc")
      .limit(2)
      .execute()).map((r) => ({ unit: r.unit_code!, tips: Number(r.n) }));
    const total = Number((await handle.db.selectFrom("tips").select(handle.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const open = await countOpenQueue(handle.db, unitsScope([busiest[0].unit]));
    const email = `bench.${busiest[0].unit}@bench.tinbao.vn`;
    if (!(await handle.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())) {
      await createUser(handle.db, {
        email, name: "Cán bộ đo hiệu năng", role: "officer", passwordHash: await hashPassword(BENCH_PASSWORD),
        unitCodes: [busiest[0].unit], createdAt: new Date().toISOString(),
      });
    }
    await handle.close();

    process.stdout.write(`\n${total.toLocaleString("en")} tips; busiest ward ${busiest[0].unit}: ${busiest[0].tips.toLocaleString("en")} tips ` +
      `(new ${open.routed}, in progress ${open.in_progress}, waiting ${open.waiting_tipster}); second ${busiest[1].unit}: ${busiest[1].tips.toLocaleString("en")}\n`);
    const plan = database.file ? queryPlan(database.file, busiest[0].unit) : await postgresPlans(database, busiest.map((b) => b.unit));
    process.stdout.write(`\nquery plan (in-progress tab, after a cursor):\n${plan.map((l) => `  ${l}`).join("\n")}\n`);

    const queries = await benchQueries(database.url, busiest.map((b) => b.unit));
    process.stdout.write(`\nqueue page database work (${ROUNDS} rounds):\n`);
    for (const s of queries.byScenario) process.stdout.write(`  ${s.name.padEnd(36)} p50 ${fmt(s.p50).padStart(9)}  p95 ${fmt(s.p95).padStart(9)}  (n=${s.n})\n`);
    process.stdout.write(`  ${"all".padEnd(36)} p50 ${fmt(queries.all.p50).padStart(9)}  p95 ${fmt(queries.all.p95).padStart(9)}  max ${fmt(queries.all.max)} (n=${queries.all.n})\n`);

    if (!values["no-http"]) {
      const http = await benchHttp(database.url, busiest[0].unit);
      process.stdout.write(`\nqueue page over HTTP (signed in, server render, one request at a time):\n`);
      process.stdout.write(`  p50 ${fmt(http.p50)}  p95 ${fmt(http.p95)}  max ${fmt(http.max)} (n=${http.n}); web process CPU ${fmt(http.cpuPerPage)} per page\n`);
      process.stdout.write(`  web process RSS after the pages: ${http.rssMb.toFixed(0)} MB (goal ≤ 250 MB) ${http.rssMb <= 250 ? "met" : "NOT met"}\n`);
      process.stdout.write(`  machine load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (wall times grow with it; CPU per page does not)\n`);
      process.stdout.write(`\nqueue page server time p50 ${fmt(http.p50)} / p95 ${fmt(http.p95)} — goal p95 ≤ 50 ms: ${http.p95 <= 50 ? "met" : "NOT met"}\n`);
    } else {
      process.stdout.write(`\nqueue page database time p50 ${fmt(queries.all.p50)} / p95 ${fmt(queries.all.p95)}\n`);
    }
  } finally {
    database.cleanup();
  }
}

await main();
