/**
 * A synthetic tip history for benchmarks: N tips over the last year in one
 * province, with clusters of duplicates, officers' outcomes (valuable marks,
 * cases, arrests, seizures), channels and source organisations — written in
 * bulk straight into a SQLite file, bypassing the pipeline. Deterministic for a
 * given seed. The tips are reports of incidents (scripts/bench/synthetic-incidents.ts):
 * several residents report some of them in their own words, and the incident
 * of every tip is kept in the side table `bench_incidents`, so bench:triage can
 * score the pipeline against it (docs/decisions/0064).
 *
 *   npx tsx scripts/bench/synthetic-history.ts FILE.db 1000000
 */
import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";
import { openDatabase } from "../../db/client";
import { SEIZURE_KINDS } from "../../domain/seizures";
import { migrateToLatest } from "../../db/migrate";
import { importUnits } from "../../cli/commands/units";
import { seedDemoPlaces } from "../../db/seed/places";
import { DEMO_CYBER_UNIT, setUpDemoProvince } from "../../cli/commands/demo";
import { dedupeTime } from "../../domain/dedupe";
import { deadlineFor } from "../../domain/deadline";
import { extractEntities } from "../../domain/entities";
import { createWardLocator, type WardFeature, type WardLocator } from "../../domain/geo";
import { foldVietnamese } from "../../domain/text";
import {
  newIncident, pick, REPORT_COUNTS, weighted, wardInfoOf, writeReport, type Incident, type Random, type Report, type WardInfo, type WardRow,
} from "./synthetic-incidents";

export interface HistoryOptions {
  tips: number;
  seed?: number;
  provinceCode?: string;
  /** End of the history (default now); it spans the 365 days before. */
  end?: Date;
  /**
   * Reports to hold back at the end of the stream, not written (bench:triage takes
   * them through the real pipeline): the history's next reports, at its own rate,
   * within its last 365 days — more reports of its incidents, and new incidents.
   */
  after?: number;
}

export interface HistorySummary {
  tips: number;
  clusters: number;
  cases: number;
  wards: number;
  from: string;
  to: string;
  /** Incidents the tips report, and the share of tips in incidents with several reports. */
  incidents: number;
  multiReportShare: number;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CATEGORY_WEIGHTS = [
  ["drugs", 14], ["theft", 16], ["robbery", 4], ["fraud", 9], ["cybercrime", 6], ["gambling", 8], ["usury", 6],
  ["weapons", 3], ["trafficking", 1], ["smuggling", 4], ["prostitution", 2], ["violence", 8], ["racing", 6],
  ["environment", 8], ["security", 2], ["corruption", 1], ["other", 2],
] as const;

/** Busy wards get more tips: Zipf-like weights over the wards in code order. */
export function wardWeightsOf<T>(wardsInCodeOrder: readonly T[]): Array<readonly [T, number]> {
  return wardsInCodeOrder.map((ward, i) => [ward, 1 / Math.pow(i + 1, 0.8)] as const);
}

/** Reports of one incident come within this long of it (a later one is another incident). */
const REPORTS_WITHIN_MS = 40 * 3_600_000;
/** Scam rings: one phone and account behind several victims' incidents (linked, never one incident). */
const RING_SHARE = 0.3;

/** The side table of the bench database (not of the product's schema): which incident each synthetic tip reports. */
export const INCIDENT_TABLE = "bench_incidents";

/** Fills an already-migrated SQLite file whose province units, places and ward mappings are imported. */
export function generateHistory(sqlitePath: string, options: HistoryOptions): HistorySummary & { next: NextReport[] } {
  const random = seededRandom(options.seed ?? 42);
  const province = options.provinceCode ?? "48";
  const end = options.end ?? new Date();
  const start = new Date(end.getTime() - 365 * 24 * 3600 * 1000);
  const sqlite = new SQLite(sqlitePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");

  const { wards, locator } = loadWards(sqlite, province);
  if (wards.length === 0) throw new Error(`no wards imported for province ${province}`);
  const wardWeights = wardWeightsOf(wards);
  const hasCyber = !!sqlite.prepare("select 1 from units where code = ?").get(DEMO_CYBER_UNIT);
  const orgs = (sqlite.prepare("select code from source_orgs").all() as { code: string }[]).map((o) => o.code);
  const users = (sqlite.prepare("select id from users").all() as { id: number }[]).map((u) => u.id);

  sqlite.exec(`create table if not exists ${INCIDENT_TABLE} (tip_id integer primary key, incident_id integer not null, ward_code text not null);
    create index if not exists ${INCIDENT_TABLE}_incident on ${INCIDENT_TABLE} (incident_id);`);
  const insertCluster = sqlite.prepare("insert into clusters (created_at, size, merged_into) values (?, ?, null)");
  const bumpCluster = sqlite.prepare("update clusters set size = size + 1 where id = ?");
  const insertTip = sqlite.prepare(`insert into tips (
      receipt_hash, external_ref, channel, api_key_id, category, description, description_folded, occurred_at, occurred_precision,
      location_kind, location_ward_code, location_address, location_lat, location_lng, location_province_code, reporter_enc,
      source_org_code, status, valuable, valuable_reason, ward_code, resolve_method, resolve_confidence, resolve_candidates,
      unit_code, cluster_id, claimed_by, claimed_at, deadline_at, first_triaged_at, closed_at, created_at, updated_at,
      enqueued_at, processed_at, purged_at, dedupe_at)
    values (?, null, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`);
  const insertEntity = sqlite.prepare("insert or ignore into tip_entities (tip_id, kind, value) values (?, ?, ?)");
  const insertIncident = sqlite.prepare(`insert into ${INCIDENT_TABLE} (tip_id, incident_id, ward_code) values (?, ?, ?)`);
  const insertCase = sqlite.prepare(`insert into cases (unit_code, number, title, category, decision, decision_date, arrests, arrested_at, created_by, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)`);
  const linkCase = sqlite.prepare("insert into case_tips (case_id, tip_id, created_at) values (?, ?, ?)");
  const insertSeizure = sqlite.prepare("insert into case_seizures (case_id, kind, quantity, note) values (?, ?, ?, null)");

  const spanMs = end.getTime() - start.getTime();
  // Reports still to come of incidents already reported, earliest first.
  const pending = new MinHeap<Live>();
  const total = options.tips + (options.after ?? 0);
  const next: NextReport[] = [];
  const rings = Array.from({ length: Math.max(4, Math.round(options.tips / 4_000)) }, () => scamRing(random));
  let incidents = 0;
  let multiReportTips = 0;
  let clusters = 0;
  let cases = 0;
  const caseCounters = new Map<string, number>();

  const run = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const createdMs = start.getTime() + (spanMs * i) / total;
      const createdAt = new Date(Math.floor(createdMs / 60_000) * 60_000).toISOString();
      const ageDays = (end.getTime() - createdMs) / 86_400_000;

      // The next report is a later one of an incident already reported when one is due, else a new incident's first.
      let live = pending.peekKey() <= createdMs ? pending.pop() : null;
      if (!live) {
        const category = weighted(random, CATEGORY_WEIGHTS);
        const ring = (category === "fraud" || category === "cybercrime") && random() < RING_SHARE ? pick(random, rings) : undefined;
        const atMs = createdMs - random() * random() * 6 * 3_600_000;
        const incident = newIncident(random, ++incidents, weighted(random, wardWeights), category, atMs, locator, ring);
        const reports = weighted(random, REPORT_COUNTS);
        live = { incident, clusterId: null, reports };
        for (let k = 1; k < reports; k++) pending.push(atMs + 1_200_000 + random() * random() * REPORTS_WITHIN_MS, live);
      }
      const { incident } = live;
      const report = writeReport(random, incident, locator);
      if (i >= options.tips) {
        next.push({ ...report, reportedAt: createdAt, wardCode: incident.ward.code });
        continue;
      }
      if (live.reports > 1) multiReportTips++;
      const category = report.category;
      const ward = incident.ward.code;
      const unresolved = report.location.kind === "none";
      const unitCode = unresolved ? province : category === "cybercrime" && hasCyber ? DEMO_CYBER_UNIT : ward;

      // The generator knows the incident, so the history's clusters are right: bench:triage scores the pipeline on new tips only.
      let clusterId: number;
      if (!unresolved && live.clusterId !== null) {
        clusterId = live.clusterId;
        bumpCluster.run(clusterId);
      } else {
        clusterId = Number(insertCluster.run(createdAt, 1).lastInsertRowid);
        clusters++;
        if (!unresolved) live.clusterId = clusterId;
      }

      const { status, triaged, firstTriagedMs, valuable, channel, closedAt } = tipOutcome(random, createdMs, ageDays, end.getTime());
      const description = report.description;
      const location = report.location;
      // A reporter's "about 22h" can land after the first report was made; no tip is about the future.
      const occurredAt = report.occurredAt === null ? null : report.occurredAt < createdAt ? report.occurredAt : createdAt;
      const method = unresolved ? "none" : location.kind === "ward" ? "code" : location.kind === "address" && location.form === "old" ? "old-address" : location.kind;

      const tipId = Number(insertTip.run(
        createHash("sha256").update(`synthetic-${options.seed ?? 42}-${i}`).digest("hex"),
        channel, category, description, foldVietnamese(description),
        occurredAt, report.precision,
        location.kind, location.kind === "ward" ? ward : null, location.kind === "address" ? location.address : null,
        location.kind === "point" ? location.lat : null, location.kind === "point" ? location.lng : null,
        province, orgs.length && random() < 0.2 ? pick(random, orgs) : null,
        status, valuable, valuable === null ? null : valuable ? "Có căn cứ, đã xác minh" : "Không có căn cứ",
        unresolved ? null : ward, method,
        unresolved ? 0 : 0.9, unitCode, clusterId,
        triaged && users.length ? pick(random, users) : null, firstTriagedMs ? new Date(firstTriagedMs).toISOString() : null,
        deadlineFor(createdAt), firstTriagedMs ? new Date(firstTriagedMs).toISOString() : null, closedAt,
        createdAt, closedAt ?? createdAt, createdAt, createdAt, unresolved ? null : dedupeTime(occurredAt, createdAt),
      ).lastInsertRowid);
      insertIncident.run(tipId, incident.id, ward);
      // As the pipeline indexes them (issue 13): the candidates' identifiers are read from this table.
      if (report.identifiers) for (const entity of extractEntities(description)) insertEntity.run(tipId, entity.kind, entity.value);

      // About one case per three valuable tips.
      if (valuable === 1 && random() < 0.35) {
        const seq = (caseCounters.get(unitCode) ?? 0) + 1;
        caseCounters.set(unitCode, seq);
        const outcome = caseOutcome(random, category, firstTriagedMs ?? createdMs);
        const caseId = Number(insertCase.run(
          unitCode, `${unitCode}/${new Date(createdMs).getUTCFullYear()}/${seq}`, description.slice(0, 60), category,
          outcome.decision, outcome.decisionDate, outcome.arrests, outcome.arrestedAt, createdAt, createdAt,
        ).lastInsertRowid);
        linkCase.run(caseId, tipId, createdAt);
        cases++;
        if (outcome.seizure) insertSeizure.run(caseId, outcome.seizure.kind, outcome.seizure.quantity);
      }
    }
  });

  const BATCH = 20_000;
  for (let from = 0; from < total; from += BATCH) run(from, Math.min(total, from + BATCH));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("analyze");
  sqlite.close();
  return {
    tips: options.tips, clusters, cases, wards: wards.length, from: start.toISOString(), to: end.toISOString(),
    incidents, multiReportShare: multiReportTips / Math.max(1, options.tips), next,
  };
}

/**
 * An officer's outcome for a tip made `ageDays` before the history's end: its status, when it was first
 * triaged, valuable or not, its channel and when it was closed. (The random draws are in the order the
 * one-province history always made them: its figures stay the same for a seed.)
 */
export function tipOutcome(random: Random, createdMs: number, ageDays: number, endMs: number) {
  const status = ageDays > 30 ? (random() < 0.93 ? "closed" : "in_progress")
    : ageDays > 7 ? weighted(random, [["closed", 55], ["in_progress", 25], ["waiting_tipster", 8], ["routed", 12]] as const)
    : weighted(random, [["routed", 55], ["in_progress", 30], ["waiting_tipster", 10], ["closed", 5]] as const);
  const triaged = status !== "routed";
  const firstTriagedMs = triaged ? createdMs + Math.min(20, Math.exp(random() * 4) / 4) * 86_400_000 * random() : null;
  const valuable = status === "closed" ? (random() < 0.32 ? 1 : 0) : triaged && random() < 0.2 ? 1 : null;
  const channel = weighted(random, [["web", 70], ["hotline", 15], ["in_person", 10], ["partner", 5]] as const);
  const closedAt = status === "closed" ? new Date(Math.min(endMs, (firstTriagedMs ?? createdMs) + random() * 15 * 86_400_000)).toISOString() : null;
  return { status, triaged, firstTriagedMs, valuable, channel, closedAt };
}

/** A case opened on a valuable tip triaged at `triagedMs`: decision, arrests and, one time in two, a seizure. */
export function caseOutcome(random: Random, category: string, triagedMs: number) {
  const decisionMs = triagedMs + random() * 10 * 86_400_000;
  const arrests = weighted(random, [[0, 30], [1, 35], [2, 20], [3, 10], [5, 5]] as const);
  const decision = weighted(random, [["charged", 70], ["not_charged", 20], ["suspended", 10]] as const);
  const decisionDate = new Date(decisionMs).toISOString().slice(0, 10);
  let seizure: { kind: string; quantity: number } | null = null;
  if (random() < 0.5) {
    const kind = category === "drugs" ? "drugs_g" : category === "weapons" ? pick(random, ["guns", "primitive_weapons", "explosives"]) : pick(random, SEIZURE_KINDS);
    const quantity = kind === "money_vnd" ? Math.round(random() * 50) * 1_000_000 : kind === "drugs_g" ? Math.round(random() * 500 * 10) / 10 : 1 + Math.floor(random() * 5);
    seizure = { kind, quantity };
  }
  return { decision, decisionDate, arrests, arrestedAt: arrests ? decisionDate : null, seizure };
}

/** A report held back (HistoryOptions.after), with the time it is made. */
export type NextReport = Report & { reportedAt: string; wardCode: string };

interface Live {
  incident: Incident;
  /** The cluster its placed reports are in (the first placed report starts it). */
  clusterId: number | null;
  reports: number;
}

export function scamRing(random: Random) {
  const ring = newIncident(random, 0, RING_WARD, "fraud", 0, NO_LOCATOR);
  return { phone: ring.phone, account: ring.account, bank: ring.bank, page: ring.page };
}
const RING_WARD: WardInfo = { code: "", name: "", oldWards: [], streets: [], landmarks: [], box: null };
const NO_LOCATOR: WardLocator = { locate: () => null };

/** Wards in code order with their streets, landmarks and old names; the locator places points inside them. */
export function loadWards(sqlite: SQLite.Database, province: string): { wards: WardInfo[]; locator: WardLocator } {
  const rows = sqlite.prepare("select code, name, boundary, min_lat, min_lng, max_lat, max_lng from units where province_code = ? and level = 'ward' order by code")
    .all(province) as Array<WardRow & { boundary: string | null }>;
  const oldWards = sqlite.prepare("select new_ward_code, old_ward_name, old_district_name from ward_mappings").all() as Array<{ new_ward_code: string; old_ward_name: string; old_district_name: string | null }>;
  const places = sqlite.prepare("select name, kind, ward_codes from places where active = 1").all() as Array<{ name: string; kind: string; ward_codes: string }>;
  const locator = createWardLocator(rows.filter((r) => r.boundary).map((r) => ({ code: r.code, geometry: JSON.parse(r.boundary!) as WardFeature["geometry"] })));
  return { wards: rows.map((row) => wardInfoOf(row, oldWards, places)), locator };
}

/** A binary min-heap keyed by a number (the due time of a report). */
export class MinHeap<T> {
  private keys: number[] = [];
  private values: T[] = [];

  peekKey(): number {
    return this.keys.length ? this.keys[0]! : Infinity;
  }

  push(key: number, value: T) {
    this.keys.push(key);
    this.values.push(value);
    for (let i = this.keys.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= this.keys[i]!) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T | null {
    if (!this.keys.length) return null;
    const top = this.values[0]!;
    const lastKey = this.keys.pop()!;
    const lastValue = this.values.pop()!;
    if (this.keys.length) {
      this.keys[0] = lastKey;
      this.values[0] = lastValue;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < this.keys.length && this.keys[left]! < this.keys[least]!) least = left;
        if (right < this.keys.length && this.keys[right]! < this.keys[least]!) least = right;
        if (least === i) break;
        this.swap(i, least);
        i = least;
      }
    }
    return top;
  }

  private swap(i: number, j: number) {
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
    [this.values[i], this.values[j]] = [this.values[j]!, this.values[i]!];
  }
}

/** A fresh, migrated SQLite database at `file` with the demo province set up, then the history. */
export async function createHistoryDatabase(file: string, options: HistoryOptions & { dataDir: string }): Promise<HistorySummary & { next: NextReport[] }> {
  const handle = openDatabase(`file:${file}`);
  try {
    await migrateToLatest(handle.db);
    await importUnits(handle.db, options.provinceCode ?? "48");
    // The demo gazetteer of places: the resolver matches them on every address (issue 12).
    await seedDemoPlaces(handle.db);
    await setUpDemoProvince(handle.db, options.dataDir);
  } finally {
    await handle.close();
  }
  return generateHistory(file, options);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: tsx scripts/bench/synthetic-history.ts FILE.db [TIPS]\n");
    process.exit(1);
  }
  const { dirname } = await import("node:path");
  const started = Date.now();
  const { next: _, ...summary } = await createHistoryDatabase(file, { tips: Number(count ?? 10_000), dataDir: dirname(file) });
  process.stdout.write(`${JSON.stringify(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
