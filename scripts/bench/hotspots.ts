/**
 * `npm run bench:hotspots [-- --tips 1000000 --runs 5]`
 *
 * Hotspot detection (domain/hotspots.ts) on a year of one province's history
 * in memory: the demo province's 94 wards × 17 types and 237 adjacent pairs
 * (5,627 tests), about `--tips` reports (tips, duplicates included) from the
 * synthetic history of the evaluation (scripts/bench/hotspot-history.ts).
 * Times, per run:
 *   - counting: reports → distinct incidents per ward, type and day;
 *   - detection from scratch: a new detector fed all 365 days, then its alerts;
 *   - an incremental day: one more day added to a warm detector, then its alerts.
 * Then, unless `--no-db`, the same history as tips in a SQLite file, its oversight rollup
 * rebuilt once (which fills the daily incident counts, docs/decisions/0077), through the
 * operations the worker and the command line call (scripts/bench/hotspots-db.ts):
 * reading the stored daily counts and detecting from scratch; the worker's first run (the
 * year recorded day by day); its next days, one at a time; the refresher recomputing a day.
 * `--counts-only` writes the daily counts straight into the file instead of the tips (no
 * rollup rebuild, no tips to refresh): the detection timings at sizes whose tips take too
 * long to write.
 * Prints each run and the medians, in wall-clock time and in this process's
 * CPU time (which other load on a shared machine does not inflate); goal:
 * detection over 1 M tips ≤ 2 s.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { wardAdjacency } from "../../domain/geo";
import { countIncidents, createHotspotDetector } from "../../domain/hotspots";
import { addDays } from "../../domain/stats";
import { readBoundaries } from "../eval-triage-domain";
import { median } from "./common";
import { syntheticProvince } from "./hotspot-history";
import { timeThroughDatabase, writeCountsDatabase, writeHistoryDatabase } from "./hotspots-db";
import { availableParallelism, loadavg } from "node:os";
import { detectProvincesHotspots } from "../../core/hotspots-parallel";
import { countProvinceIncidents, lastCompleteDay, loadProvinceArea, provincesToWatch } from "../../core/hotspots";
import { openDatabase } from "../../db/client";
import { explainAll, prepareBenchDatabase } from "./bench-database";
import { NATIONAL_END } from "./national-history";

const { values } = parseArgs({ options: {
  tips: { type: "string" }, runs: { type: "string" }, threads: { type: "string" }, "no-db": { type: "boolean" }, "counts-only": { type: "boolean" }, "database-url": { type: "string" },
} });
const TIPS = Number(values.tips ?? 1_000_000);
const RUNS = Number(values.runs ?? 5);
/** `--threads N` (PostgreSQL national bench): detector threads; default one per core; 1 = the former sequential run. */
const THREADS = values.threads === undefined ? undefined : Number(values.threads);
const FIRST_DAY = "2025-01-01";
const YEAR = 365;
/** Days after the year, added one at a time to time the incremental update. */
const EXTRA_DAYS = 30;
/** Reports per incident in the synthetic history (a quarter reported by 2–4 people), about. */
const REPORTS_PER_INCIDENT = 1.5;

const BOUNDARY_FILE = path.resolve(import.meta.dirname, "../../db/seed/danang-wards.geojson");
const say = (line: string) => process.stdout.write(line + "\n");

/**
 * `--database-url postgres://…`: the national history on PostgreSQL (bench-database.ts; reused when it
 * holds tips): hotspot detection from scratch for every province with incidents, through the history's
 * last complete day, from the stored daily counts — what the command line's detection and a worker
 * rebuilding its detectors read (core/hotspots-parallel.ts detectProvincesHotspots: the detectors in threads, `--threads N`). Goal: all provinces ≤ 30 s.
 * The worker's first run (recording every day of five years, one transaction per province and day) is
 * not timed here. Outside Đà Nẵng the history has no ward boundaries: those provinces' detectors test
 * wards alone, without neighbouring pairs.
 */
async function benchNational(url: string): Promise<void> {
  const database = await prepareBenchDatabase({ label: "hotspots", databaseUrl: url, tips: TIPS, seed: 7 });
  const handle = openDatabase(database.url);
  try {
    const through = lastCompleteDay(NATIONAL_END);
    const provinces = await provincesToWatch(handle.db);
    const stored = Number((await handle.db.selectFrom("hotspot_day_counts").select(handle.db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    say(`${provinces.length} provinces with incidents; ${stored.toLocaleString("en")} stored daily counts; detection through ${through}`);
    const runs: Timing[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const started = now();
      // The threads' CPU is not this process's main thread's: process.cpuUsage counts every thread.
      const byProvince = await detectProvincesHotspots(handle.db, provinces, through, { threads: THREADS });
      const alerts = [...byProvince.values()].reduce((n, a) => n + a.length, 0);
      const t = since(started, now());
      runs.push(t);
      say(`run ${run}: every province from scratch ${fmt(t)} (${alerts} alerts; ${THREADS ?? availableParallelism()} detector thread(s))`);
    }
    const busiest = (await handle.db.selectFrom("hotspot_day_counts").select(["province_code", handle.db.fn.countAll<number>().as("n")])
      .groupBy("province_code").orderBy("n", "desc").limit(1).executeTakeFirstOrThrow()).province_code;
    const plans = await explainAll(database.url, async (db) => {
      const { area } = await loadProvinceArea(db, busiest);
      await countProvinceIncidents(db, busiest, area, "2021-12-01", through);
    }, (q) => /hotspot_day_counts/.test(q));
    say(`\nplan of the busiest province's (${busiest}) stored counts, five years (EXPLAIN ANALYZE):\n${plans.join("\n")}`);
    const median_ = medianTiming(runs);
    say(`\nmedian of ${RUNS} runs (wall / CPU): ${fmt(median_)} — goal all provinces ≤ 30 s: ${median_.wall <= 30_000 ? "met" : "NOT met"} (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  if (!(TIPS > 0) || !(RUNS >= 1)) throw new Error("usage: --tips N --runs R");
  if (values["database-url"]?.startsWith("postgres")) return benchNational(values["database-url"]);
  const boundaries = readBoundaries(BOUNDARY_FILE);
  const adjacency = wardAdjacency(boundaries);
  const wardCodes = boundaries.map((b) => b.code).sort();
  const days = YEAR + EXTRA_DAYS;
  const province = syntheticProvince(wardCodes, adjacency, {
    seed: 1,
    // The background grows 15 % over the year and near repeats add 10 %: aim the year's reports at TIPS.
    incidentsPerYear: TIPS / REPORTS_PER_INCIDENT / 1.2,
    firstDay: FIRST_DAY,
    days,
  });
  const all = province.reports({});
  const lastOfYear = addDays(FIRST_DAY, YEAR - 1);
  const year = all.filter((r) => r.day <= lastOfYear);
  say(`${year.length.toLocaleString("en")} tips (${new Set(year.map((r) => r.clusterId)).size.toLocaleString("en")} incidents) over ${YEAR} days in ${wardCodes.length} wards × ${province.area.categories.length} types`);
  const incrementalCounts = countIncidents(all, province.area, FIRST_DAY, addDays(FIRST_DAY, days - 1)).slice(YEAR);

  const counting: Timing[] = [];
  const detection: Timing[] = [];
  const increments: Timing[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const started = now();
    const counts = countIncidents(year, province.area, FIRST_DAY, lastOfYear);
    const counted = now();
    const detector = createHotspotDetector(province.area, FIRST_DAY);
    for (const day of counts) detector.addDay(day);
    const alerts = detector.alerts();
    const detected = now();
    const perDay: Timing[] = [];
    for (const day of incrementalCounts) {
      const before = now();
      detector.addDay(day);
      detector.alerts();
      perDay.push(since(before, now()));
    }
    counting.push(since(started, counted));
    detection.push(since(started, detected));
    increments.push(medianTiming(perDay));
    say(`run ${run}: counting ${fmt(since(started, counted))}; detection from scratch ${fmt(since(started, detected))} (${alerts.length} alerts, ${detector.tests} tests); one more day ${fmt(medianTiming(perDay), 2)} (median of ${perDay.length})`);
  }
  const total = medianTiming(detection);
  say(`\nmedians of ${RUNS} runs (wall / CPU): counting ${fmt(medianTiming(counting))}; detection from scratch, counting included, ${fmt(total)}; an incremental day ${fmt(medianTiming(increments), 2)}`);
  say(`goal: detection over ${TIPS.toLocaleString("en")} tips ≤ 2 s: ${total.cpu <= 2000 ? "met" : "NOT met"} (CPU time; wall time ${total.wall <= 2000 ? "too" : "not, on this machine's load"})`);
  if (values["no-db"]) return;

  say("\nthrough the database (SQLite):");
  const names = new Map((JSON.parse(readFileSync(BOUNDARY_FILE, "utf8")) as { features: Array<{ properties: { code: string; name: string } }> }).features
    .map((f) => [f.properties.code, f.properties.name]));
  const loadStarted = performance.now();
  const wards = boundaries.map((b) => ({ code: b.code, name: names.get(b.code) ?? b.code, geometry: b.geometry }));
  const countsOnly = values["counts-only"] === true;
  let database: { url: string; remove(): void };
  if (countsOnly) {
    const cells = countIncidents(all, province.area, FIRST_DAY, addDays(FIRST_DAY, days - 1)).flatMap((counts, d) => {
      const W = wardCodes.length;
      const out: Array<{ day: string; wardCode: string; category: string; incidents: number }> = [];
      counts.forEach((n, s) => {
        if (n > 0) out.push({ day: addDays(FIRST_DAY, d), wardCode: province.area.wardCodes[s % W]!, category: province.area.categories[Math.floor(s / W)]!, incidents: n });
      });
      return out;
    });
    database = await writeCountsDatabase(wards, cells);
    say(`${cells.length.toLocaleString("en")} daily counts (of ${all.length.toLocaleString("en")} tips) written in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
  } else {
    database = await writeHistoryDatabase(wards, all);
    say(`${all.length.toLocaleString("en")} tips written in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
  }
  try {
    const db = await timeThroughDatabase(database.url, lastOfYear, RUNS, 5, { rebuild: !countsOnly });
    if (!countsOnly) say(`oversight rollup and daily incident counts rebuilt once (after a bulk load): ${fmt(db.rebuild)}`);
    db.fromScratch.forEach((t, i) => say(`run ${i + 1}: daily counts read from the database + detection from scratch ${fmt(t)} (${db.alerts} alerts)`));
    say(`worker's first run (catching up, ${db.catchUpDays} days recorded): ${fmt(db.catchUp)}`);
    say(`worker's next days, one at a time: ${db.nextDays.map((t) => fmt(t, 1)).join("; ")}`);
    if (!countsOnly) say(`refresher recomputing one day: ${db.dayRefreshes.map((t) => fmt(t, 1)).join("; ")}`);
    const scratch = medianTiming(db.fromScratch);
    say(`\nmedians (wall / CPU): from scratch through SQLite ${fmt(scratch)}; a next day ${fmt(medianTiming(db.nextDays), 1)}${countsOnly ? "" : `; a day refreshed ${fmt(medianTiming(db.dayRefreshes), 1)}`}`);
    say(`goal through the database: ${scratch.cpu <= 2000 ? "met" : "NOT met"} (CPU time of this process; SQLite runs in it)`);
  } finally {
    database.remove();
  }
}

interface Timing {
  wall: number;
  cpu: number;
}

function now(): Timing {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

function since(a: Timing, b: Timing): Timing {
  return { wall: b.wall - a.wall, cpu: b.cpu - a.cpu };
}

function medianTiming(timings: Timing[]): Timing {
  return { wall: median(timings.map((t) => t.wall)), cpu: median(timings.map((t) => t.cpu)) };
}

function fmt(t: Timing, digits = 0): string {
  return `${t.wall.toFixed(digits)} / ${t.cpu.toFixed(digits)} ms`;
}

await main();
