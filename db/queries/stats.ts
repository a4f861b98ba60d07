/**
 * Reads for the supervisors' figures. The rollup (summaries.ts) answers every
 * figure, open tips included; a unit's tip list is read from tips. Every read
 * is limited to the user's scope in SQL: their units' rows, or the rows of the
 * provinces all of whose units they may see (the same sums, far fewer rows).
 */
import type { Kysely, SelectQueryBuilder, Transaction } from "kysely";
import {
  addDays, addEncodedHistogram, addOlderToBacklog, addToBacklog, type BacklogCounts, countDeadlinesBefore, type Day, type Dimension,
  emptyBacklog, emptyMeasures, GRAIN_DIMENSIONS, type Grain, type Measures, monthFirstDay, monthOf, provinceKey, type Segments,
  segmentsOf,
} from "../../domain/stats";
import type { Database, TipChannel, TipStatus } from "../schema";
import { isEmptyScope, scopeIncludes, unitInScope, type UnitScope } from "./scope";
import { SEIZED_COLUMNS } from "./summaries";
import { clusterSizeOfTip } from "./clusters";

type Db = Kysely<Database> | Transaction<Database>;


export interface StatsFilters {
  unit: string | null;
  category: string | null;
  channel: string | null;
  org: string | null;
}

/**
 * Which rollup rows a read adds up: listed keys (units, or "P:<province>"
 * totals), every real unit, or every province total and the unrouted.
 */
export type RollupRows = { kind: "keys"; keys: string[] } | { kind: "units" } | { kind: "totals" };

export interface RollupSelection {
  grain: Grain;
  rows: RollupRows;
  filters: Pick<StatsFilters, "category" | "channel" | "org">;
  segments: Segments[];
}

const noRows = (rows: RollupRows) => rows.kind === "keys" && rows.keys.length === 0;

/**
 * The rows for a scope (and an optional unit filter): `each` gives one row per
 * unit, `total` the same sums with as few rows as possible — a province all of
 * whose units are in the scope is read from its province row.
 */
export async function rollupRowsFor(db: Db, scope: UnitScope, unit: string | null): Promise<{ each: RollupRows; total: RollupRows }> {
  if (unit !== null) {
    const keys = scopeIncludes(scope, unit) ? [unit] : [];
    return { each: { kind: "keys", keys }, total: { kind: "keys", keys } };
  }
  if (scope.kind === "all") return { each: { kind: "units" }, total: { kind: "totals" } };
  if (isEmptyScope(scope)) return { each: { kind: "keys", keys: [] }, total: { kind: "keys", keys: [] } };
  const provinceUnits = await db
    .selectFrom("units")
    .select(["code", "province_code"])
    .where("province_code", "in", db.selectFrom("units").select("province_code").where("code", "in", scope.units))
    .execute();
  const inScope = new Set(scope.units);
  const byProvince = new Map<string, string[]>();
  for (const u of provinceUnits) byProvince.set(u.province_code, [...(byProvince.get(u.province_code) ?? []), u.code]);
  const total: string[] = [];
  const covered = new Set<string>();
  for (const [province, codes] of byProvince) {
    if (!codes.every((c) => inScope.has(c))) continue;
    total.push(provinceKey(province));
    for (const c of codes) covered.add(c);
  }
  for (const u of scope.units) if (!covered.has(u)) total.push(u);
  return { each: { kind: "keys", keys: [...scope.units] }, total: { kind: "keys", keys: total } };
}

/** One index range of the rollup: whole months, or a run of days. */
type SegmentPart = { res: "m"; months: string[] } | { res: "d"; from: string; to: string };

function partsOf(segments: Segments[]): SegmentPart[] {
  const parts: SegmentPart[] = [];
  for (const s of segments) {
    if (s.months.length) parts.push({ res: "m", months: s.months });
    for (const r of s.dayRanges) parts.push({ res: "d", from: r.from, to: r.to });
  }
  return parts;
}

/**
 * The selection's conditions for one part. Each part is read with its own
 * query — (grain, res, bucket) equalities and one range, a single walk of the
 * primary key — because an OR of parts makes the planners scan the whole grain.
 */
function rollupWhere(sel: RollupSelection, part: SegmentPart) {
  const keyed = keyWhere(sel);
  return <O>(qb: SelectQueryBuilder<Database, "oversight_rollup", O>) => {
    const q = qb.where("res", "=", part.res);
    return keyed(part.res === "m" ? q.where("bucket", "in", part.months) : q.where("bucket", ">=", part.from).where("bucket", "<=", part.to));
  };
}

/** The selection's grain, rows and filters, on the rollup or on the open tips now (both keyed alike). */
function keyWhere(sel: Pick<RollupSelection, "grain" | "rows" | "filters">) {
  const dims = GRAIN_DIMENSIONS[sel.grain] as readonly Dimension[];
  for (const [dim, value] of [["category", sel.filters.category], ["channel", sel.filters.channel], ["org", sel.filters.org]] as const) {
    if (value !== null && !dims.includes(dim)) throw new Error(`grain ${sel.grain} cannot filter by ${dim}`);
  }
  return <T extends "oversight_rollup" | "oversight_open", O>(qb: SelectQueryBuilder<Database, T, O>) => {
    let q = (qb as unknown as SelectQueryBuilder<Database, "oversight_rollup" | "oversight_open", O>).where("grain", "=", sel.grain);
    if (sel.rows.kind === "keys") q = q.where("unit_code", "in", sel.rows.keys);
    else if (sel.rows.kind === "units") q = q.where("unit_code", "not like", "P:%");
    else q = q.where((eb) => eb.or([eb("unit_code", "like", "P:%"), eb("unit_code", "=", "")]));
    if (sel.filters.category !== null) q = q.where("category", "=", sel.filters.category);
    if (sel.filters.channel !== null) q = q.where("channel", "=", sel.filters.channel);
    if (sel.filters.org !== null) q = q.where("source_org", "=", sel.filters.org);
    return q as unknown as SelectQueryBuilder<Database, T, O>;
  };
}

/** The rollup's additive figures for one key (no time-to-triage, no open tips: those are not summed here). */
export interface SummedFigures
  extends Pick<Measures, "tips" | "incidents" | "valuable" | "valuableIncidents" | "assessed" | "assessedIncidents" | "cases" | "arrests" | "seized"> {
  key: string;
}

const DIMENSION_COLUMN = { unit: "unit_code", category: "category", channel: "channel", org: "source_org", bucket: "bucket", grain: "grain" } as const;

/** The selection's figures summed per unit, category, channel, organisation or stored day/month, or in all ("grain"); no time-to-triage. */
export async function sumRollupBy(db: Db, sel: RollupSelection, by: keyof typeof DIMENSION_COLUMN): Promise<SummedFigures[]> {
  if (noRows(sel.rows)) return [];
  const column = DIMENSION_COLUMN[by];
  const sums = new Map<string, SummedFigures>();
  for (const part of partsOf(sel.segments)) {
    const rows = await rollupWhere(sel, part)(
      db
        .selectFrom("oversight_rollup")
        .select((eb) => [
          eb.ref(column).as("key"),
          eb.fn.sum<number>("tips").as("tips"),
          eb.fn.sum<number>("incidents").as("incidents"),
          eb.fn.sum<number>("valuable").as("valuable"),
          eb.fn.sum<number>("valuable_incidents").as("valuable_incidents"),
          eb.fn.sum<number>("assessed").as("assessed"),
          eb.fn.sum<number>("assessed_incidents").as("assessed_incidents"),
          eb.fn.sum<number>("cases").as("cases"),
          eb.fn.sum<number>("arrests").as("arrests"),
          ...Object.entries(SEIZED_COLUMNS).map(([kind, col]) => eb.fn.sum<number>(col).as(`seized_${kind}`)),
        ])
        .groupBy(column),
    ).execute();
    for (const r of rows) {
      const row = r as unknown as Record<string, string | number>;
      const key = String(row.key);
      const sum = sums.get(key) ?? { key, tips: 0, incidents: 0, valuable: 0, valuableIncidents: 0, assessed: 0, assessedIncidents: 0, cases: 0, arrests: 0, seized: {} };
      sum.tips += Number(row.tips);
      sum.incidents += Number(row.incidents);
      sum.valuable += Number(row.valuable);
      sum.valuableIncidents += Number(row.valuable_incidents);
      sum.assessed += Number(row.assessed);
      sum.assessedIncidents += Number(row.assessed_incidents);
      sum.cases += Number(row.cases);
      sum.arrests += Number(row.arrests);
      for (const kind of Object.keys(SEIZED_COLUMNS)) {
        const quantity = Number(row[`seized_${kind}`] ?? 0);
        if (quantity !== 0) sum.seized[kind] = (sum.seized[kind] ?? 0) + quantity;
      }
      sums.set(key, sum);
    }
  }
  return [...sums.values()];
}

/**
 * The selection's measures per unit (or in all, under the key ""), time-to-triage
 * bins included: sums from SQL, the bins' short strings added up here — no
 * whole rows are read.
 */
export async function readMeasures(db: Db, sel: RollupSelection, perUnit: boolean): Promise<Map<string, Measures>> {
  const byKey = new Map<string, Measures>();
  const measuresOf = (key: string) => byKey.get(key) ?? byKey.set(key, emptyMeasures()).get(key)!;
  for (const row of await sumRollupBy(db, sel, perUnit ? "unit" : "grain")) {
    const m = measuresOf(perUnit ? row.key : "");
    m.tips += row.tips;
    m.incidents += row.incidents;
    m.valuable += row.valuable;
    m.valuableIncidents += row.valuableIncidents;
    m.assessed += row.assessed;
    m.assessedIncidents += row.assessedIncidents;
    m.cases += row.cases;
    m.arrests += row.arrests;
    for (const [kind, q] of Object.entries(row.seized)) m.seized[kind] = (m.seized[kind] ?? 0) + q;
  }
  if (noRows(sel.rows)) return byKey;
  for (const part of partsOf(sel.segments)) {
    const rows = await rollupWhere(sel, part)(
      db.selectFrom("oversight_rollup").select(["unit_code", "triaged", "triage_histogram"]).where("triaged", ">", 0),
    ).execute();
    for (const r of rows) {
      const m = measuresOf(perUnit ? r.unit_code : "");
      m.triaged += r.triaged;
      addEncodedHistogram(m.triageHistogram, r.triage_histogram);
    }
  }
  return byKey;
}

// ---------------------------------------------------------------------------
// Open tips

type BacklogOptions = { grain: Grain; rows: RollupRows; filters: RollupSelection["filters"]; today: Day };

/**
 * Open tips as of `today`, per unit: each stored day of the last weeks (by age
 * band), and the older ones — every open tip now (`oversight_open`, one row per
 * key) less the rollup's rows for the months from the one holding the 20-day mark
 * on. A read bounded by the units and those weeks, not by the history
 * (docs/decisions/0084-open-tips-now.md). Before the open tips now are filled, or
 * for a day before their fold (a clock set back), the months of the history are read
 * instead (`readBacklogFromMonths`): the same figures.
 */
export async function readBacklog(db: Db, options: BacklogOptions): Promise<Map<string, BacklogCounts>> {
  if (noRows(options.rows)) return new Map();
  const state = await db.selectFrom("oversight_state").select("open_folded_before").where("id", "=", 1).executeTakeFirst();
  const fold = state?.open_folded_before ?? null;
  if (fold === null || options.today < fold) return readBacklogFromMonths(db, options);
  const firstDay = monthFirstDay(monthOf(addDays(options.today, -20)));
  const keyed = keyWhere({ grain: options.grain, rows: options.rows, filters: options.filters });
  // Older open tips per unit: all of them now, less those received from the 20-day mark's month on.
  const older = new Map<string, { open: number; overdue: number }>();
  const add = (unit: string, open: number, deadlines: string, sign: number) => {
    const o = older.get(unit) ?? older.set(unit, { open: 0, overdue: 0 }).get(unit)!;
    o.open += sign * open;
    o.overdue += sign * countDeadlinesBefore(deadlines, options.today);
  };
  for (const r of await keyed(db.selectFrom("oversight_open").select(["unit_code", "open", "open_deadlines"])).execute()) add(r.unit_code, r.open, r.open_deadlines, 1);
  const recent = await keyed(db.selectFrom("oversight_rollup").select(["unit_code", "open", "open_deadlines"])
    .where("res", "=", "m").where("bucket", ">=", monthOf(firstDay)).where("open", ">", 0)).execute();
  for (const r of recent) add(r.unit_code, r.open, r.open_deadlines, -1);
  const byUnit = new Map<string, BacklogCounts>();
  for (const [unit, o] of older) if (o.open !== 0 || o.overdue !== 0) byUnit.set(unit, addOlderToBacklog(emptyBacklog(), o.open, o.overdue));
  await addRecentDays(db, options, firstDay, byUnit);
  return byUnit;
}

/** Adds each stored day's open tips from `firstDay` to today, by age band. */
async function addRecentDays(db: Db, options: BacklogOptions, firstDay: Day, byUnit: Map<string, BacklogCounts>): Promise<void> {
  const sel: RollupSelection = { grain: options.grain, rows: options.rows, filters: options.filters, segments: [] };
  await addOpenRows(db, sel, { res: "d", from: firstDay, to: options.today }, options.today, byUnit);
}

/** Adds the rollup rows' open tips of one part to each unit's backlog. */
async function addOpenRows(db: Db, sel: RollupSelection, part: SegmentPart, today: Day, byUnit: Map<string, BacklogCounts>): Promise<void> {
  const rows = await rollupWhere(sel, part)(
    db.selectFrom("oversight_rollup").select(["unit_code", "res", "bucket", "open", "open_deadlines"]).where("open", ">", 0),
  ).execute();
  for (const r of rows) {
    const counts = byUnit.get(r.unit_code) ?? emptyBacklog();
    addToBacklog(counts, { res: r.res, bucket: r.bucket, open: r.open, openDeadlines: r.open_deadlines }, today);
    byUnit.set(r.unit_code, counts);
  }
}

/**
 * Open tips as of `today` from the rollup's rows alone: each stored day of the last
 * weeks and every month wholly older than 20 days (a read that grows with the history;
 * the reference the open tips now are checked against).
 */
export async function readBacklogFromMonths(db: Db, options: BacklogOptions): Promise<Map<string, BacklogCounts>> {
  const byUnit = new Map<string, BacklogCounts>();
  if (noRows(options.rows)) return byUnit;
  // Months before the one holding the 20-day mark are all older than 20 days; later days are read one by one.
  // The months are listed (from the first one stored), so each is a seek rather than one long range.
  const firstDay = monthFirstDay(monthOf(addDays(options.today, -20)));
  const sel: RollupSelection = { grain: options.grain, rows: options.rows, filters: options.filters, segments: [] };
  const earliest = await db.selectFrom("oversight_rollup").select("bucket").where("grain", "=", "unit").where("res", "=", "m").orderBy("bucket").limit(1).executeTakeFirst();
  const months = earliest && earliest.bucket < monthOf(firstDay)
    ? segmentsOf({ from: monthFirstDay(earliest.bucket), to: addDays(firstDay, -1) }).months
    : [];
  await addRecentDays(db, options, firstDay, byUnit);
  if (months.length) await addOpenRows(db, sel, { res: "m", months }, options.today, byUnit);
  return byUnit;
}

// ---------------------------------------------------------------------------
// A unit's tips (drill-down)

function tipFilters<O>(qb: SelectQueryBuilder<Database, "tips", O>, scope: UnitScope, filters: StatsFilters) {
  let q = qb;
  q = q.where(unitInScope(scope, "tips.unit_code"));
  if (filters.unit !== null) q = q.where("tips.unit_code", "=", filters.unit);
  if (filters.category !== null) q = q.where("tips.category", "=", filters.category);
  if (filters.channel !== null) q = q.where("tips.channel", "=", filters.channel as TipChannel);
  if (filters.org !== null) q = q.where("tips.source_org_code", "=", filters.org);
  return q;
}

export interface UnitTipRow {
  id: number;
  createdAt: string;
  category: string;
  channel: TipChannel;
  sourceOrg: string | null;
  status: TipStatus;
  valuable: boolean | null;
  clusterSize: number;
  deadlineAt: string;
  firstTriagedAt: string | null;
  caseCount: number;
}

export interface TipCursor {
  createdAt: string;
  id: number;
}

/**
 * Which of a unit's tips a list shows: those received in [from, to) (ISO
 * instants), or those still open whose deadline ended before `deadlineBefore`
 * (the start of today: what the figures count as past the deadline), whenever
 * they were received.
 */
export type UnitTipWindow = { received: { from: string; to: string } } | { overdue: { deadlineBefore: string } };

/**
 * Tips a unit owns in the window, newest first, keyset-paginated. No content,
 * no identity: metadata only.
 */
export async function listUnitTips(
  db: Db,
  options: { unit: string; scope: UnitScope; filters: StatsFilters; window: UnitTipWindow; limit: number; before: TipCursor | null },
): Promise<{ rows: UnitTipRow[]; next: TipCursor | null }> {
  if (isEmptyScope(options.scope)) return { rows: [], next: null };
  let query = tipFilters(
    db
      .selectFrom("tips")
      .select((eb) => [
        "tips.id", "tips.created_at", "tips.category", "tips.channel", "tips.source_org_code", "tips.status", "tips.valuable",
        clusterSizeOfTip.as("cluster_size"), "tips.deadline_at", "tips.first_triaged_at",
        eb.selectFrom("case_tips").select(eb.fn.countAll<number>().as("n")).whereRef("case_tips.tip_id", "=", "tips.id").as("case_count"),
      ])
      .where("tips.unit_code", "=", options.unit)
      .where((eb) => "received" in options.window
        ? eb.and([eb("tips.created_at", ">=", options.window.received.from), eb("tips.created_at", "<", options.window.received.to)])
        : eb.and([eb("tips.status", "!=", "closed"), eb("tips.deadline_at", "<", options.window.overdue.deadlineBefore)]))
      .orderBy("tips.created_at", "desc")
      .orderBy("tips.id", "desc")
      .limit(options.limit + 1),
    options.scope,
    { ...options.filters, unit: null },
  );
  const before = options.before;
  if (before) query = query.where((eb) => eb(eb.refTuple("tips.created_at", "tips.id"), "<", eb.tuple(before.createdAt, before.id)));
  const found = await query.execute();
  const rows = found.slice(0, options.limit).map((r) => ({
    id: r.id, createdAt: r.created_at, category: r.category, channel: r.channel, sourceOrg: r.source_org_code,
    status: r.status, valuable: r.valuable === null ? null : r.valuable === 1, clusterSize: r.cluster_size,
    deadlineAt: r.deadline_at, firstTriagedAt: r.first_triaged_at, caseCount: Number(r.case_count ?? 0),
  }));
  const last = rows[rows.length - 1];
  return { rows, next: found.length > options.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

// ---------------------------------------------------------------------------
// Names

export interface NamedUnit {
  code: string;
  name: string;
  level: string;
}

/** Units of the scope (administrators: the units that have any figure), by level then name. */
export async function listScopeUnits(db: Db, scope: UnitScope): Promise<NamedUnit[]> {
  if (isEmptyScope(scope)) return [];
  let query = db.selectFrom("units").select(["code", "name", "level"]).orderBy("level").orderBy("name_folded");
  if (scope.kind === "units") {
    query = query.where("code", "in", scope.units);
  } else {
    query = query.where((eb) =>
      eb("code", "in", eb.selectFrom("oversight_rollup").select("unit_code").where("grain", "=", "unit").where("res", "=", "m").where("unit_code", "not like", "P:%")),
    );
  }
  return query.execute();
}

export async function listCategoryLabels(db: Db) {
  return db.selectFrom("categories").select(["code", "label_vi", "label_en"]).orderBy("sort_order").execute();
}

export async function listSourceOrgNames(db: Db) {
  return db.selectFrom("source_orgs").select(["code", "name_vi", "name_en", "kind"]).orderBy("kind").orderBy("name_vi").execute();
}
