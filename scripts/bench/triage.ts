/**
 * `npm run bench:triage [-- --sizes 10000,1000000 --tips 400 --runs 5 --seed 7 --keep]`
 * (`--keep` leaves the databases in place for inspection and prints where)
 *
 * For each history size: a fresh SQLite database with that many tips over the
 * last year (scripts/bench/synthetic-history.ts), then the history's next
 * reports (its own mix of wards, categories, incidents and location forms, at
 * its own rate), submitted through the real intake (in this process) and taken through the
 * real pipeline one by one (resolve + route + dedupe + audit events, each its
 * own transaction), after 40 unmeasured ones (warm-up). The measuring runs in a
 * child process that does only what a worker does — loads the gazetteer and
 * every boundary, primes its caches, processes — so its RSS is the worker's.
 * Prints per-tip latency p50/p99 at each size, the ratio of the largest to the
 * smallest (flat cost ≈ 1), the worker's RSS, how many new tips found
 * duplicates and merged clusters, and pairwise precision and recall of the
 * pipeline's clusters against the generator's incidents (docs/decisions/0064).
 */
import { spawnSync } from "node:child_process";
import SQLite from "better-sqlite3";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { acceptTipOrThrow } from "../../core/tips";
import { sql, type LogEvent } from "kysely";
import pg from "pg";
import { openDatabase, sqlitePathFromUrl } from "../../db/client";
import { primeEvidenceCache, processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { median, percentile } from "./common";
import { pairwiseScore, type PairwiseScore } from "./pairwise";
import { createHistoryDatabase, INCIDENT_TABLE, type NextReport } from "./synthetic-history";
import { ReceiptHasher } from "../../core/receipts";
import { prepareBenchDatabase } from "./bench-database";
import { NATIONAL_END } from "./national-history";

const { values } = parseArgs({ options: {
  sizes: { type: "string" }, tips: { type: "string" }, runs: { type: "string" }, seed: { type: "string" }, measure: { type: "string" }, keep: { type: "boolean" },
  "database-url": { type: "string" }, "in-place": { type: "boolean" }, statements: { type: "boolean" },
} });
/** `--statements`: the measuring process also counts each placement's statements and times them by SQL text (docs/decisions/0094). */
const STATEMENTS = values.statements === true;
const childArgs = (url: string) => [...process.execArgv, import.meta.filename, "--measure", url, ...(STATEMENTS ? ["--statements"] : [])];
const SIZES = (values.sizes ?? "10000,1000000").split(",").map(Number);
const NEW_TIPS = Number(values.tips ?? 400);
/**
 * Tips processed first and not measured, as a worker that has been running would
 * have them behind it: the first jobs of a process compile the pipeline's code
 * and prepare its statements, once per process start, not once per tip.
 */
const WARM_UP_TIPS = 40;
const RUNS = Number(values.runs ?? 5);
/**
 * The generator's seed. Runs on one history differ only by the machine's noise; pairwise
 * precision also varies from one history to another (a few mixed clusters hold most of the
 * wrong pairs, which grow with the square of a cluster's size), so compare methods on one seed.
 */
const SEED = Number(values.seed ?? 7);


/**
 * One history per size; then RUNS measurements, each on a fresh copy of it with
 * the same new tips, so runs differ only by the machine's noise. Medians are
 * reported (a p99 of 400 tips is the fourth-slowest tip: one noisy run moves it).
 */
async function benchSize(size: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-bench-triage-"));
  try {
    const file = path.join(dir, "bench.db");
    const generated = Date.now();
    const summary = await createHistoryDatabase(file, { tips: size, dataDir: dir, seed: SEED, after: WARM_UP_TIPS + NEW_TIPS });
    process.stdout.write(`  history: ${summary.tips} tips, ${summary.clusters} clusters, generated in ${((Date.now() - generated) / 1000).toFixed(0)} s\n`);
    process.stdout.write(`  incidents: ${summary.incidents}; ${(summary.multiReportShare * 100).toFixed(0)} % of tips report an incident someone else reports too\n`);
    await addNewTips(`file:${file}`, summary.next);

    const runs: Array<{
      p50: number; p99: number; rssMb: number; clustered: number; merging: number; earlierReport: number; rightWard: number;
      pairs: PairwiseScore; clusters: number; mixedClusters: number; largest: { tips: number; incidents: number; newTips: number };
    }> = [];
    for (let run = 1; run <= RUNS; run++) {
      const copy = path.join(dir, `run-${run}.db`);
      copyFileSync(file, copy);
      const child = spawnSync(process.execPath, childArgs(copy), {
        encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
      });
      if (!values.keep) for (const suffix of ["", "-wal", "-shm"]) rmSync(copy + suffix, { force: true });
      if (child.status !== 0) throw new Error(`measuring process failed (${child.status})`);
      const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as (typeof runs)[number];
      process.stdout.write(
        `  run ${run}: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, RSS ${result.rssMb.toFixed(0)} MB; ` +
        `${result.clustered}/${NEW_TIPS} joined a cluster (${result.earlierReport} had an earlier report of their incident), ` +
        `${result.merging} of them merging clusters\n`,
      );
      const { all, amongNew, newToHistory } = result.pairs;
      process.stdout.write(
        `    pairs with a new tip: precision ${all.precision.toFixed(3)}, recall ${all.recall.toFixed(3)} ` +
        `(${all.correctPairs} right of ${all.predictedPairs} clustered, ${all.truePairs} true); ` +
        `among new tips ${amongNew.precision.toFixed(3)}/${amongNew.recall.toFixed(3)}, new ↔ history ${newToHistory.precision.toFixed(3)}/${newToHistory.recall.toFixed(3)}\n` +
        `    new tips placed in their incident's ward: ${result.rightWard}/${WARM_UP_TIPS + NEW_TIPS}; clusters holding new tips: ${result.clusters}, ${result.mixedClusters} of them mixing incidents; ` +
        `the most mixed: ${result.largest.tips} tips of ${result.largest.incidents} incidents (${result.largest.newTips} new)\n`,
      );
      runs.push(result);
    }
    return {
      size,
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      rssMb: Math.max(...runs.map((r) => r.rssMb)),
      precision: median(runs.map((r) => r.pairs.all.precision)),
      recall: median(runs.map((r) => r.pairs.all.recall)),
    };
  } finally {
    if (values.keep) process.stdout.write(`  kept: ${dir} (run-N.db are the processed copies)\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The history's next reports (scripts/bench/synthetic-history.ts, `after`: more
 * reports of its recent incidents and new incidents, at the history's own rate,
 * so they are as dense as it is), in every location form, submitted through the
 * real intake into `file` and left `received`; the incident of each goes to the
 * bench's side table. Done once per history, in this process: receipt hashing is the web
 * process's work, not the worker's, and its memory must not count in the worker's RSS.
 */
async function addNewTips(url: string, reports: NextReport[]) {
  const database = openDatabase(url);
  const deps = { db: database.db, dataKey: Buffer.alloc(32, 1).toString("base64"), receipts: new ReceiptHasher("bench-triage-salt-000") };
  const incidents: Array<[number, number, string]> = [];
  for (const report of reports) {
    const { location } = report;
    const { tipId } = await acceptTipOrThrow(deps, {
      channel: "web", category: report.category, description: report.description, occurredAt: report.occurredAt, occurredPrecision: report.precision,
      location: { ...(location.kind === "address" ? { kind: "address", address: location.address } : location), provinceCode: "48" },
      reporter: null, createdAt: report.reportedAt,
    });
    incidents.push([tipId, report.incident, report.wardCode]);
  }
  if (database.dialect === "postgres") {
    for (const [tipId, incident, ward] of incidents) {
      await sql`insert into ${sql.raw(INCIDENT_TABLE)} (tip_id, incident_id, ward_code) values (${tipId}, ${incident}, ${ward})`.execute(database.db);
    }
    await database.close();
    return;
  }
  await database.close();
  const file = sqlitePathFromUrl(url)!;
  const sqlite = new SQLite(file);
  const insert = sqlite.prepare(`insert into ${INCIDENT_TABLE} (tip_id, incident_id, ward_code) values (?, ?, ?)`);
  sqlite.transaction(() => incidents.forEach((row) => insert.run(...row)))();
  sqlite.close();
}

/** The child: a worker-like process that takes the new tips of an existing database through the pipeline. */
async function measure(url: string) {
  const statements = { counting: false, count: 0, bySql: new Map<string, { ms: number; calls: number }>() };
  const log = STATEMENTS ? (event: LogEvent) => {
    if (!statements.counting) return;
    statements.count++;
    const text = event.query.sql.replace(/\s+/g, " ");
    const entry = statements.bySql.get(text) ?? { ms: 0, calls: 0 };
    entry.ms += event.queryDurationMillis;
    entry.calls++;
    statements.bySql.set(text, entry);
  } : undefined;
  const database = openDatabase(url, { durability: "normal", checkpoints: "background", log }); // as workers/index.ts opens it
  const db = database.db;
  const triage = createTriageContextCache(db);
  await triage.get();
  await primeEvidenceCache(db); // as the worker starts
  const received = (await db.selectFrom("tips").select("id").where("status", "=", "received").orderBy("id").execute()).map((t) => t.id);
  for (const tipId of received.slice(0, WARM_UP_TIPS)) await processIntake({ db, triage }, tipId);
  const tipIds = received.slice(WARM_UP_TIPS);

  const latencies: number[] = [];
  const perTip: number[] = [];
  // CPU time, robust to the machine's load where wall time is not: this process's, and (PostgreSQL) that of the
  // server processes serving this database — the worker's connections (docs/decisions/0094).
  const serverCpu = async () => {
    if (database.dialect !== "postgres") return 0;
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // a backend that ended meanwhile
      }
    }
    return ticks * 10; // ms (USER_HZ 100)
  };
  const serverBefore = await serverCpu();
  const cpuBefore = process.cpuUsage();
  statements.counting = true;
  for (const tipId of tipIds) {
    const before = statements.count;
    const started = performance.now();
    await processIntake({ db, triage }, tipId);
    latencies.push(performance.now() - started);
    perTip.push(statements.count - before);
  }
  statements.counting = false;
  const cpu = process.cpuUsage(cpuBefore);
  const workerCpuMs = (cpu.user + cpu.system) / 1000 / tipIds.length;
  const serverCpuMs = ((await serverCpu()) - serverBefore) / tipIds.length;
  process.stderr.write(`  CPU a placement: worker ${workerCpuMs.toFixed(2)} ms` + (database.dialect === "postgres" ? `, PostgreSQL ${serverCpuMs.toFixed(2)} ms` : "") + "\n");
  if (STATEMENTS) printStatements(statements.bySql, perTip);
  // What the pipeline decided for them: the denser the history, the more new tips find duplicates and merge clusters.
  const decisions = await db.selectFrom("tip_events").select("data").where("tip_id", "in", tipIds).where("type", "=", "clustered").execute();
  const clustered = decisions.length;
  const merging = decisions.filter((e) => (JSON.parse(e.data) as { mergedClusters?: number[] }).mergedClusters?.length).length;
  await database.close();
  latencies.sort((a, b) => a - b);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  // Scored against the incidents on SQLite (the one-province history and its own next reports); on PostgreSQL the
  // new reports are not of the national history's incidents, so the pipeline's latency is what is measured.
  const file = sqlitePathFromUrl(url);
  const scored = file ? scoreAgainstIncidents(file, received, new Set(tipIds)) : null;
  process.stdout.write(JSON.stringify({ p50: percentile(latencies, 50), p99: percentile(latencies, 99), rssMb, clustered, merging, ...scored }) + "\n");
  return;
}

/** To standard error (the parent reads the child's last line of standard output): statements a placement, and time by SQL text. */
function printStatements(bySql: Map<string, { ms: number; calls: number }>, perTip: number[]) {
  const tips = perTip.length;
  const sorted = [...perTip].sort((a, b) => a - b);
  const rows = [...bySql].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, q]) => sum + q.ms, 0);
  process.stderr.write(`  statements a placement: mean ${(sorted.reduce((a, b) => a + b, 0) / tips).toFixed(1)}, median ${percentile(sorted, 50)}, ` +
    `max ${sorted.at(-1)}; time in them ${(total / tips).toFixed(2)} ms a tip (round trip included); by SQL text, largest first:\n`);
  for (const [text, q] of rows.slice(0, 30)) {
    process.stderr.write(`    ${(q.ms / tips).toFixed(3)} ms  ×${(q.calls / tips).toFixed(2)}  ${(q.ms / q.calls).toFixed(3)} ms each  ${text.slice(0, 200)}\n`);
  }
}

/**
 * The pipeline's clusters against the generator's incidents, for every new tip
 * (warm-up ones too: they are clustered like the rest): pairwise precision and
 * recall, and how clean the clusters holding new tips are — a cluster that
 * keeps absorbing (a snowball) shows as one cluster of many incidents.
 */
function scoreAgainstIncidents(file: string, newTipIds: number[], measured: ReadonlySet<number>) {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    const fresh = new Set(newTipIds);
    const ids = JSON.stringify(newTipIds);
    // Every member of the clusters and of the incidents that hold a new tip.
    const rows = sqlite.prepare(`
      with new_tips as (select value as id from json_each(?)),
        new_clusters as (select distinct cluster_id from tips where id in (select id from new_tips)),
        new_incidents as (select distinct incident_id from ${INCIDENT_TABLE} where tip_id in (select id from new_tips)),
        members as (
          select id from tips where cluster_id in (select cluster_id from new_clusters)
          union select tip_id from ${INCIDENT_TABLE} where incident_id in (select incident_id from new_incidents))
      select t.id, t.cluster_id as cluster, i.incident_id as incident
      from members m join tips t on t.id = m.id join ${INCIDENT_TABLE} i on i.tip_id = t.id`).all(ids) as Array<{ id: number; cluster: number; incident: number }>;
    const tips = rows.map((r) => ({ ...r, isNew: fresh.has(r.id) }));
    // Whether the generator's places resolve: new tips the pipeline put in their incident's ward.
    const placed = sqlite.prepare(`select count(*) as n from tips t join ${INCIDENT_TABLE} i on i.tip_id = t.id
      where t.id in (select value from json_each(?)) and t.ward_code = i.ward_code`).get(ids) as { n: number };
    const pairs = pairwiseScore(tips);
    const byCluster = new Map<number, typeof tips>();
    for (const tip of tips) byCluster.set(tip.cluster, [...(byCluster.get(tip.cluster) ?? []), tip]);
    const withNew = [...byCluster.values()].filter((members) => members.some((m) => m.isNew));
    const incidentsIn = (members: typeof tips) => new Set(members.map((m) => m.incident)).size;
    const largest = withNew.reduce((best, members) => (incidentsIn(members) > incidentsIn(best) ? members : best), withNew[0] ?? []);
    // Measured tips that had an earlier report of their incident: the joins a perfect pipeline would make.
    const firstOf = new Map<number, number>();
    for (const tip of tips) firstOf.set(tip.incident, Math.min(tip.id, firstOf.get(tip.incident) ?? Infinity));
    return {
      rightWard: placed.n,
      earlierReport: tips.filter((t) => measured.has(t.id) && firstOf.get(t.incident)! < t.id).length,
      pairs,
      clusters: withNew.length,
      mixedClusters: withNew.filter((members) => incidentsIn(members) > 1).length,
      largest: { tips: largest.length, incidents: incidentsIn(largest), newTips: largest.filter((m) => m.isNew).length },
    };
  } finally {
    sqlite.close();
  }
}

if (values.measure) {
  await measure(values.measure.startsWith("postgres") ? values.measure : `file:${values.measure}`);
  process.exit(0);
}

/**
 * PostgreSQL (`--database-url`): the national history there (bench-database.ts; reused when it holds
 * tips), then RUNS measurements, each on a fresh copy of it (CREATE DATABASE … TEMPLATE) with the same
 * new tips: the next reports of a small Đà Nẵng history ending where the national one ends, so they land
 * among the national history's tips of the same wards and days. Prints p50/p99 and the worker's RSS.
 */
async function benchPostgres(url: string) {
  const database = await prepareBenchDatabase({ label: "triage", databaseUrl: url, tips: SIZES.at(-1)!, seed: SEED });
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-bench-triage-"));
  /** The new reports of run `run`: with --in-place each run has its own (a small history of its own seed), as the earlier runs' stay. */
  const reportsOf = async (run: number) => {
    const made = (await createHistoryDatabase(path.join(dir, `reports-${run}.db`), {
      tips: 10_000, dataDir: dir, seed: inPlace ? SEED + run - 1 : SEED, end: NATIONAL_END, after: WARM_UP_TIPS + NEW_TIPS,
    })).next;
    return made;
  };
  const inPlace = values["in-place"] === true;
  const reports = inPlace ? [] : await reportsOf(1);
  const source = new URL(database.url);
  const sourceName = decodeURIComponent(source.pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(database.url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  const runs: Array<{ p50: number; p99: number; rssMb: number; clustered: number; merging: number }> = [];
  const fileCopy = Number((await admin.query("show server_version_num")).rows[0].server_version_num) >= 150_000;
  try {
    for (let run = 1; run <= RUNS; run++) {
      if (inPlace) {
        // --in-place: no copy (a 10 M database takes minutes to copy); the run's new tips are added to the database
        // itself and stay there, like any accepted tip (3 × 440 per bench at the defaults).
        const started = Date.now();
        await addNewTips(database.url, await reportsOf(run));
        const child = spawnSync(process.execPath, childArgs(database.url), {
          encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
        });
        if (child.status !== 0) throw new Error(`measuring process failed (${child.status})`);
        const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as (typeof runs)[number];
        console.log(`  run ${run} (in place, ${((Date.now() - started) / 1000).toFixed(0)} s): p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
          `RSS ${result.rssMb.toFixed(0)} MB; ${result.clustered}/${NEW_TIPS} joined a cluster, ${result.merging} merging`);
        runs.push(result);
        continue;
      }
      const copyName = `${sourceName}_triage_run`;
      await admin.query(`drop database if exists "${copyName}"`);
      const copied = Date.now();
      // FILE_COPY (PostgreSQL 15+): the files copied and one checkpoint, where the default WAL_LOG writes every
      // block of a 10 M-tip database to the WAL (docs/decisions/0089-national-history-at-10m.md).
      await admin.query(`create database "${copyName}" template "${sourceName}"${fileCopy ? " strategy = file_copy" : ""}`);
      const copyUrl = Object.assign(new URL(database.url), { pathname: `/${copyName}` }).toString();
      try {
        await addNewTips(copyUrl, reports);
        const child = spawnSync(process.execPath, childArgs(copyUrl), {
          encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
        });
        if (child.status !== 0) throw new Error(`measuring process failed (${child.status})`);
        const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as (typeof runs)[number];
        console.log(`  run ${run} (copy made in ${((Date.now() - copied) / 1000).toFixed(0)} s): p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
          `RSS ${result.rssMb.toFixed(0)} MB; ${result.clustered}/${NEW_TIPS} joined a cluster, ${result.merging} merging`);
        runs.push(result);
      } finally {
        if (!values.keep) await admin.query(`drop database if exists "${copyName}"`);
      }
    }
  } finally {
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
  const p99 = median(runs.map((r) => r.p99));
  console.log(`  median of ${RUNS} runs, per tip: p50 ${median(runs.map((r) => r.p50)).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; worker RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`);
  console.log(`p99 on PostgreSQL: ${p99.toFixed(2)} ms (goal ≤ 20 ms) ${p99 <= 20 ? "MET" : "NOT MET"}`);
}

if (values["database-url"]?.startsWith("postgres")) {
  console.log(`bench:triage on PostgreSQL (seed ${SEED}) — ${NEW_TIPS} new tips (after ${WARM_UP_TIPS} unmeasured) through resolve + route + dedupe`);
  await benchPostgres(values["database-url"]);
  process.exit(0);
}

console.log(`bench:triage (seed ${SEED}) — ${NEW_TIPS} new tips per size (after ${WARM_UP_TIPS} unmeasured) through resolve + route + dedupe (SQLite, the worker's synchronous=NORMAL)`);
const results = [];
for (const size of SIZES) {
  console.log(`size ${size.toLocaleString("en")}:`);
  const result = await benchSize(size);
  results.push(result);
  console.log(`  median of ${RUNS} runs, per tip: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms; worker RSS ${result.rssMb.toFixed(0)} MB`);
  console.log(`  against the generator's incidents (pairs with a new tip): precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}`);
}
const small = results[0];
const large = results[results.length - 1];
const rssMb = Math.max(...results.map((r) => r.rssMb));
console.log("");
console.log(`p99 at ${large.size.toLocaleString("en")} tips: ${large.p99.toFixed(2)} ms (goal ≤ 20 ms) ${large.p99 <= 20 ? "MET" : "NOT MET"}`);
console.log(`ratio p99 ${large.size.toLocaleString("en")} / ${small.size.toLocaleString("en")}: ${(large.p99 / small.p99).toFixed(2)} (goal ≤ 1.5) ${large.p99 / small.p99 <= 1.5 ? "MET" : "NOT MET"}`);
console.log(`ratio p50: ${(large.p50 / small.p50).toFixed(2)}`);
for (const r of results) {
  console.log(`pairwise at ${r.size.toLocaleString("en")} tips: precision ${r.precision.toFixed(3)}, recall ${r.recall.toFixed(3)}` +
    (r === large ? ` (goal: precision ≥ 0.95 at 1 M) ${r.precision >= 0.95 ? "MET" : "NOT MET"}` : ""));
}
console.log(`worker RSS with all boundaries loaded (largest): ${rssMb.toFixed(0)} MB (goal ≤ 300 MB) ${rssMb <= 300 ? "MET" : "NOT MET"}`);
