/**
 * `npm run bench:triage [-- --sizes 10000,1000000 --tips 400 --runs 5]`
 *
 * For each history size: a fresh SQLite database with that many tips over the
 * last year (scripts/bench/synthetic-history.ts), then a batch of new tips in
 * every location form, in the history's own mix of wards and categories,
 * submitted through the real intake (in this process) and taken through the
 * real pipeline one by one (resolve + route + dedupe + audit events, each its
 * own transaction), after 40 unmeasured ones (warm-up). The measuring runs in a
 * child process that does only what a worker does — loads the gazetteer and
 * every boundary, primes its caches, processes — so its RSS is the worker's.
 * Prints per-tip latency p50/p99 at each size, the ratio of the largest to the
 * smallest (flat cost ≈ 1), the worker's RSS, and how many new tips found
 * duplicates and merged clusters (the denser the history, the more do).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { acceptTipOrThrow, type TipLocation } from "../../core/tips";
import { openDatabase } from "../../db/client";
import { primeEvidenceCache, processIntake } from "../../workers/intake";
import { createTriageContextCache } from "../../workers/triage-context";
import { median, percentile } from "./common";
import { CATEGORY_WEIGHTS, createHistoryDatabase, seededRandom, synthesizeDescription, wardWeightsOf, weighted } from "./synthetic-history";
import { ReceiptHasher } from "../../core/receipts";

const { values } = parseArgs({ options: { sizes: { type: "string" }, tips: { type: "string" }, runs: { type: "string" }, measure: { type: "string" } } });
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
 * One history per size; then RUNS measurements, each on a fresh copy of it with
 * the same new tips, so runs differ only by the machine's noise. Medians are
 * reported (a p99 of 400 tips is the fourth-slowest tip: one noisy run moves it).
 */
async function benchSize(size: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "tinbao-bench-triage-"));
  try {
    const file = path.join(dir, "bench.db");
    const generated = Date.now();
    const summary = await createHistoryDatabase(file, { tips: size, dataDir: dir, seed: 7 });
    process.stdout.write(`  history: ${summary.tips} tips, ${summary.clusters} clusters, generated in ${((Date.now() - generated) / 1000).toFixed(0)} s\n`);
    await addNewTips(file, size);

    const runs: Array<{ p50: number; p99: number; rssMb: number; clustered: number; merging: number }> = [];
    for (let run = 1; run <= RUNS; run++) {
      const copy = path.join(dir, `run-${run}.db`);
      copyFileSync(file, copy);
      const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--measure", copy], {
        encoding: "utf8", stdio: ["ignore", "pipe", "inherit"],
      });
      for (const suffix of ["", "-wal", "-shm"]) rmSync(copy + suffix, { force: true });
      if (child.status !== 0) throw new Error(`measuring process failed (${child.status})`);
      const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as (typeof runs)[number];
      process.stdout.write(
        `  run ${run}: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, RSS ${result.rssMb.toFixed(0)} MB; ` +
        `${result.clustered}/${NEW_TIPS} joined a cluster, ${result.merging} of them merging clusters\n`,
      );
      runs.push(result);
    }
    return {
      size,
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      rssMb: Math.max(...runs.map((r) => r.rssMb)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * New tips about the last days of the history, in all four location forms,
 * submitted through the real intake into `file` and left `received`. Done once
 * per history, in this process: receipt hashing is the web process's work, not
 * the worker's, and its memory must not count in the worker's RSS.
 */
async function addNewTips(file: string, seed: number) {
  const database = openDatabase(`file:${file}`);
  const db = database.db;
  const wards = await db.selectFrom("units").select(["code", "name", "min_lat", "min_lng", "max_lat", "max_lng"])
    .where("level", "=", "ward").where("province_code", "=", "48").orderBy("code").execute();
  // Drawn as the history's own tips are: busy wards more often, categories in their usual mix.
  const wardWeights = wardWeightsOf(wards);
  const random = seededRandom(seed);
  const deps = { db, dataKey: Buffer.alloc(32, 1).toString("base64"), receipts: new ReceiptHasher("bench-triage-salt-000") };
  for (let i = 0; i < WARM_UP_TIPS + NEW_TIPS; i++) {
    const ward = weighted(random, wardWeights);
    const form = Math.floor(random() * 4);
    const location: TipLocation =
      form === 0 ? { kind: "ward", wardCode: ward.code }
      : form === 1 ? { kind: "address", address: `${10 + Math.floor(random() * 90)} kiệt ${Math.floor(random() * 60)} Lê Duẩn, ${ward.name}, Đà Nẵng` }
      : form === 2 && ward.min_lat !== null ? { kind: "point", lat: ward.min_lat + (ward.max_lat! - ward.min_lat) * random(), lng: ward.min_lng! + (ward.max_lng! - ward.min_lng!) * random() }
      : { kind: "address", address: `thôn ${1 + Math.floor(random() * 9)}, ${ward.name.replace(/^(Phường|Xã) /, "")}` };
    const category = weighted(random, CATEGORY_WEIGHTS);
    const occurredAt = new Date(Date.now() - random() * 3 * 86_400_000).toISOString();
    await acceptTipOrThrow(deps, {
      channel: "web", category, description: synthesizeDescription(random, category), occurredAt, occurredPrecision: "approximate",
      location: { ...location, provinceCode: "48" }, reporter: null,
    });
  }
  await database.close();
}

/** The child: a worker-like process that takes the new tips of an existing database through the pipeline. */
async function measure(file: string) {
  const database = openDatabase(`file:${file}`, { durability: "normal", checkpoints: "background" }); // as workers/index.ts opens it
  const db = database.db;
  const triage = createTriageContextCache(db);
  await triage.get();
  await primeEvidenceCache(db); // as the worker starts
  const received = (await db.selectFrom("tips").select("id").where("status", "=", "received").orderBy("id").execute()).map((t) => t.id);
  for (const tipId of received.slice(0, WARM_UP_TIPS)) await processIntake({ db, triage }, tipId);
  const tipIds = received.slice(WARM_UP_TIPS);

  const latencies: number[] = [];
  for (const tipId of tipIds) {
    const started = performance.now();
    await processIntake({ db, triage }, tipId);
    latencies.push(performance.now() - started);
  }
  // What the pipeline decided for them: the denser the history, the more new tips find duplicates and merge clusters.
  const decisions = await db.selectFrom("tip_events").select("data").where("tip_id", "in", tipIds).where("type", "=", "clustered").execute();
  const clustered = decisions.length;
  const merging = decisions.filter((e) => (JSON.parse(e.data) as { mergedClusters?: number[] }).mergedClusters?.length).length;
  await database.close();
  latencies.sort((a, b) => a - b);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  process.stdout.write(JSON.stringify({ p50: percentile(latencies, 50), p99: percentile(latencies, 99), rssMb, clustered, merging }) + "\n");
}

if (values.measure) {
  await measure(values.measure);
  process.exit(0);
}

console.log(`bench:triage — ${NEW_TIPS} new tips per size (after ${WARM_UP_TIPS} unmeasured) through resolve + route + dedupe (SQLite, the worker's synchronous=NORMAL)`);
const results = [];
for (const size of SIZES) {
  console.log(`size ${size.toLocaleString("en")}:`);
  const result = await benchSize(size);
  results.push(result);
  console.log(`  median of ${RUNS} runs, per tip: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms; worker RSS ${result.rssMb.toFixed(0)} MB`);
}
const small = results[0];
const large = results[results.length - 1];
const rssMb = Math.max(...results.map((r) => r.rssMb));
console.log("");
console.log(`p99 at ${large.size.toLocaleString("en")} tips: ${large.p99.toFixed(2)} ms (goal ≤ 20 ms) ${large.p99 <= 20 ? "MET" : "NOT MET"}`);
console.log(`ratio p99 ${large.size.toLocaleString("en")} / ${small.size.toLocaleString("en")}: ${(large.p99 / small.p99).toFixed(2)} (goal ≤ 1.5) ${large.p99 / small.p99 <= 1.5 ? "MET" : "NOT MET"}`);
console.log(`ratio p50: ${(large.p50 / small.p50).toFixed(2)}`);
console.log(`worker RSS with all boundaries loaded (largest): ${rssMb.toFixed(0)} MB (goal ≤ 300 MB) ${rssMb <= 300 ? "MET" : "NOT MET"}`);
