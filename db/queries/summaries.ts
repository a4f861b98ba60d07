/**
 * The oversight rollup, kept in step with tips and cases
 * (docs/decisions/0031-oversight-rollup.md).
 *
 * Triggers log every change to tips, cases, case links and seizures in
 * `oversight_dirty`, whoever makes it. `refreshSummaries` turns the log into
 * the Vietnam days whose figures may have changed (a tip's day, the days of
 * its incident's other tips, the days of the cases it is linked to),
 * recomputes those days from the source tables, writes the cells that
 * differ, applies the same differences to the days' months, and deletes the
 * log rows it read. It holds the lock on `oversight_state` for the whole
 * transaction, so refreshers never interleave; a change committed while it
 * runs leaves its own log row behind for the next refresh.
 *
 * Each day it recomputes, it also replaces that day's incidents per ward and type in
 * `hotspot_day_counts` (what hotspot detection reads, docs/decisions/0077): the same tips,
 * the same first reports, the same transaction.
 *
 * The differences it applies to the months it also applies to `oversight_open`, the open
 * tips now per key summed over every month (docs/decisions/0084-open-tips-now.md): the
 * dashboards read a unit's older open tips from one row, not one per month of the history.
 */
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import {
  addDays, addEncodedDeadlines, addEncodedHistogram, addMeasures, type CaseFact, type Cell, cellKeyString, type Day,
  DEADLINE_FOLD_DAYS, DEADLINE_REFOLD_DAYS, type DeadlineCounts, emptyHistogram, emptyMeasures, encodeDeadlines, encodeHistogram,
  foldDeadlines, type Grain, incidentSummary, isEmptyMeasures, type Month, monthOf, rollupDay, sameMeasures, type TipFact, triageMinutes,
} from "../../domain/stats";
import type { Database, OversightOpenTable, OversightRollupTable } from "../schema";
import { countWardIncidents } from "../../domain/hotspots";
import { replaceHotspotDay, type WardIncidents } from "./hotspots";
import { SEIZURE_KINDS } from "../../domain/seizures";
import { vietnamDay, vietnamDayEnd, vietnamDayStart } from "../../domain/vietnam-time";

type Db = Kysely<Database> | Transaction<Database>;
type RollupRow = Selectable<OversightRollupTable>;

const CHUNK = 400;
const DIRTY_BATCH = 5_000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const SEIZED_COLUMNS = {
  guns: "seized_guns",
  primitive_weapons: "seized_primitive_weapons",
  explosives: "seized_explosives",
  drugs_g: "seized_drugs_g",
  money_vnd: "seized_money_vnd",
  vehicles: "seized_vehicles",
  other: "seized_other",
} as const satisfies Record<(typeof SEIZURE_KINDS)[number], keyof OversightRollupTable>;

const KNOWN_KINDS = new Set<string>(SEIZURE_KINDS);

export function cellToRow(res: "d" | "m", bucket: string, cell: Cell): Insertable<OversightRollupTable> {
  const m = cell.measures;
  // Thousandths: grams and đồng need no more, and sums then never drift.
  const seized = (kind: keyof typeof SEIZED_COLUMNS) => Math.round((m.seized[kind] ?? 0) * 1000) / 1000;
  return {
    grain: cell.grain, res, bucket, unit_code: cell.unit, category: cell.category, channel: cell.channel, source_org: cell.org,
    tips: m.tips, incidents: m.incidents, valuable: m.valuable, valuable_incidents: m.valuableIncidents,
    assessed: m.assessed, assessed_incidents: m.assessedIncidents, triaged: m.triaged,
    triage_histogram: encodeHistogram(m.triageHistogram), open: m.open, open_deadlines: encodeDeadlines(m.openDeadlines),
    cases: m.cases, arrests: m.arrests,
    seized_guns: seized("guns"), seized_primitive_weapons: seized("primitive_weapons"), seized_explosives: seized("explosives"),
    seized_drugs_g: seized("drugs_g"), seized_money_vnd: seized("money_vnd"), seized_vehicles: seized("vehicles"),
    seized_other: seized("other"),
  };
}

export function rowToCell(row: RollupRow): Cell {
  const seized: Record<string, number> = {};
  for (const [kind, column] of Object.entries(SEIZED_COLUMNS)) {
    const quantity = Number(row[column]);
    if (quantity !== 0) seized[kind] = quantity;
  }
  return {
    grain: row.grain as Grain, unit: row.unit_code, category: row.category, channel: row.channel, org: row.source_org,
    measures: {
      tips: row.tips, incidents: row.incidents, valuable: row.valuable, valuableIncidents: row.valuable_incidents,
      assessed: row.assessed, assessedIncidents: row.assessed_incidents, triaged: row.triaged, triageHistogram: addEncodedHistogram(emptyHistogram(), row.triage_histogram),
      open: row.open, openDeadlines: addEncodedDeadlines({}, row.open_deadlines),
      cases: row.cases, arrests: row.arrests, seized,
    },
  };
}

// ---------------------------------------------------------------------------
// One day's cells, from the source tables

/** Which tip opens each cluster's incident, and whether the incident has a valuable tip. */
async function incidentsOf(db: Db, clusterIds: number[]): Promise<Map<number, { firstTipId: number; valuable: boolean; assessed: boolean }>> {
  const members = new Map<number, Array<{ id: number; createdAt: string; valuable: boolean; assessed: boolean }>>();
  for (const batch of chunks(clusterIds)) {
    const rows = await db
      .selectFrom("tips")
      .select(["id", "created_at", "valuable", "cluster_id"])
      .where("cluster_id", "in", batch)
      .execute();
    for (const r of rows) {
      const list = members.get(r.cluster_id!) ?? [];
      list.push({ id: r.id, createdAt: r.created_at, valuable: r.valuable === 1, assessed: r.valuable !== null });
      members.set(r.cluster_id!, list);
    }
  }
  return new Map([...members].map(([clusterId, list]) => [clusterId, incidentSummary(list)]));
}

/** A tip's figures, with the ward it is placed in (hotspot counts, db/queries/hotspots.ts). */
type PlacedTipFact = TipFact & { ward: string | null };

async function tipFactsOf(db: Db, from: string, to: string): Promise<PlacedTipFact[]> {
  const tips = await db
    .selectFrom("tips")
    .select([
      "id", "unit_code", "category", "channel", "source_org_code", "valuable", "first_triaged_at", "created_at", "cluster_id",
      "status", "deadline_at", "ward_code",
    ])
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .execute();
  const clusterIds = [...new Set(tips.map((t) => t.cluster_id).filter((id): id is number => id !== null))];
  const incidents = await incidentsOf(db, clusterIds);
  return tips.map((t) => {
    const incident = t.cluster_id === null ? undefined : incidents.get(t.cluster_id);
    return {
      unit: t.unit_code ?? "",
      category: t.category,
      channel: t.channel,
      org: t.source_org_code ?? "",
      valuable: t.valuable === 1,
      assessed: t.valuable !== null,
      opensIncident: incident ? incident.firstTipId === t.id : true,
      incidentValuable: incident ? incident.valuable : t.valuable === 1,
      incidentAssessed: incident ? incident.assessed : t.valuable !== null,
      triageMinutes: t.first_triaged_at ? triageMinutes(t.created_at, t.first_triaged_at) : null,
      open: t.status !== "closed",
      deadlineDay: vietnamDay(t.deadline_at),
      ward: t.ward_code,
    };
  });
}

async function caseFactsOf(db: Db, from: string, to: string): Promise<CaseFact[]> {
  const cases = await db
    .selectFrom("cases")
    .select(["id", "unit_code", "category", "arrests"])
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .execute();
  if (cases.length === 0) return [];
  const links = new Map<number, CaseFact["links"]>();
  const seizures = new Map<number, CaseFact["seizures"]>();
  for (const batch of chunks(cases.map((c) => c.id))) {
    const linked = await db
      .selectFrom("case_tips")
      .innerJoin("tips", "tips.id", "case_tips.tip_id")
      .select(["case_tips.case_id", "tips.channel", "tips.source_org_code"])
      .where("case_tips.case_id", "in", batch)
      .execute();
    for (const l of linked) links.set(l.case_id, [...(links.get(l.case_id) ?? []), { channel: l.channel, org: l.source_org_code ?? "" }]);
    const seized = await db.selectFrom("case_seizures").select(["case_id", "kind", "quantity"]).where("case_id", "in", batch).execute();
    for (const s of seized) {
      const kind = KNOWN_KINDS.has(s.kind) ? s.kind : "other";
      seizures.set(s.case_id, [...(seizures.get(s.case_id) ?? []), { kind, quantity: Number(s.quantity) }]);
    }
  }
  return cases.map((c) => ({
    unit: c.unit_code, category: c.category, arrests: c.arrests, links: links.get(c.id) ?? [], seizures: seizures.get(c.id) ?? [],
  }));
}

/** Each unit's province, for the province rows of the rollup. */
export type ProvinceOf = (unit: string) => string | null;

async function loadProvinces(db: Db): Promise<ProvinceOf> {
  const rows = await db.selectFrom("units").select(["code", "province_code"]).execute();
  const provinces = new Map(rows.map((r) => [r.code, r.province_code]));
  return (unit) => provinces.get(unit) ?? null;
}

/** Every cell of one Vietnam day, recomputed from tips and cases; and the day's incidents per ward and type (hotspots). */
export async function computeDayCells(db: Db, day: Day, provinceOf: ProvinceOf): Promise<{ cells: Map<string, Cell>; wardIncidents: WardIncidents[] }> {
  const from = vietnamDayStart(day);
  const to = vietnamDayEnd(day);
  const tips = await tipFactsOf(db, from, to);
  const cases = await caseFactsOf(db, from, to);
  const wardIncidents = countWardIncidents(tips.filter((t) => t.opensIncident && t.ward !== null).map((t) => ({ wardCode: t.ward!, category: t.category })))
    .flatMap((cell) => {
      const provinceCode = provinceOf(cell.wardCode);
      return provinceCode === null ? [] : [{ ...cell, provinceCode }];
    });
  return { cells: rollupDay(tips, cases, provinceOf), wardIncidents };
}

// ---------------------------------------------------------------------------
// Reading and writing cells

async function readCells(db: Db, res: "d" | "m", bucket: string): Promise<Map<string, Cell>> {
  const rows = await db.selectFrom("oversight_rollup").selectAll().where("res", "=", res).where("bucket", "=", bucket).execute();
  return new Map(rows.map((r) => {
    const cell = rowToCell(r);
    return [cellKeyString(cell), cell];
  }));
}

const MEASURE_COLUMNS = [
  "tips", "incidents", "valuable", "valuable_incidents", "assessed", "assessed_incidents", "triaged", "triage_histogram", "open", "open_deadlines", "cases", "arrests",
  ...Object.values(SEIZED_COLUMNS),
] as const;

async function upsertCells(db: Db, res: "d" | "m", bucket: string, cells: Cell[]): Promise<void> {
  for (const batch of chunks(cells, 200)) {
    await db
      .insertInto("oversight_rollup")
      .values(batch.map((cell) => cellToRow(res, bucket, cell)))
      .onConflict((oc) =>
        oc.columns(["grain", "res", "bucket", "unit_code", "source_org", "channel", "category"]).doUpdateSet((eb) =>
          Object.fromEntries(MEASURE_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])),
        ),
      )
      .execute();
  }
}

async function deleteCells(db: Db, res: "d" | "m", bucket: string, cells: Cell[]): Promise<void> {
  for (const cell of cells) {
    await db
      .deleteFrom("oversight_rollup")
      .where("grain", "=", cell.grain)
      .where("res", "=", res)
      .where("bucket", "=", bucket)
      .where("unit_code", "=", cell.unit)
      .where("category", "=", cell.category)
      .where("channel", "=", cell.channel)
      .where("source_org", "=", cell.org)
      .execute();
  }
}

/** Writes what differs between `stored` and `fresh`; returns fresh − stored per cell. */
async function replaceCells(db: Db, res: "d" | "m", bucket: string, stored: Map<string, Cell>, fresh: Map<string, Cell>): Promise<Map<string, Cell>> {
  const delta = new Map<string, Cell>();
  const upserts: Cell[] = [];
  const deletes: Cell[] = [];
  for (const key of new Set([...stored.keys(), ...fresh.keys()])) {
    const before = stored.get(key);
    const after = fresh.get(key);
    const measuresBefore = before?.measures ?? emptyMeasures();
    const measuresAfter = after?.measures ?? emptyMeasures();
    if (sameMeasures(measuresBefore, measuresAfter)) continue;
    const cell = (after ?? before)!;
    delta.set(key, { ...cell, measures: addMeasures(addMeasures(emptyMeasures(), measuresAfter), measuresBefore, -1) });
    if (after && !isEmptyMeasures(measuresAfter)) upserts.push(after);
    else deletes.push(cell);
  }
  await upsertCells(db, res, bucket, upserts);
  await deleteCells(db, res, bucket, deletes);
  return delta;
}

export function accumulate(into: Map<string, Cell>, cells: Iterable<[string, Cell]>): void {
  for (const [key, cell] of cells) {
    const existing = into.get(key);
    if (existing) addMeasures(existing.measures, cell.measures);
    else into.set(key, { ...cell, measures: addMeasures(emptyMeasures(), cell.measures) });
  }
}

/** Recomputes each day and moves its months, and the open tips now, by the same differences. */
async function recomputeDays(trx: Transaction<Database>, days: Day[], foldBefore: Day): Promise<void> {
  const monthDeltas = new Map<Month, Map<string, Cell>>();
  const provinceOf = await loadProvinces(trx);
  for (const day of days) {
    const { cells, wardIncidents } = await computeDayCells(trx, day, provinceOf);
    await replaceHotspotDay(trx, day, wardIncidents);
    const delta = await replaceCells(trx, "d", day, await readCells(trx, "d", day), cells);
    if (delta.size === 0) continue;
    const month = monthOf(day);
    const deltas = monthDeltas.get(month) ?? new Map<string, Cell>();
    accumulate(deltas, delta);
    monthDeltas.set(month, deltas);
  }
  const openDelta = new Map<string, Cell>();
  for (const [month, delta] of monthDeltas) {
    const stored = await readCells(trx, "m", month);
    const fresh = new Map<string, Cell>();
    accumulate(fresh, stored);
    accumulate(fresh, delta);
    accumulate(openDelta, await replaceCells(trx, "m", month, stored, fresh));
  }
  await addToOpen(trx, openDelta, foldBefore);
}

// ---------------------------------------------------------------------------
// Open tips now (oversight_open): every month's open tips per key

export interface OpenCell {
  key: Omit<Cell, "measures">;
  open: number;
  deadlines: DeadlineCounts;
}

const openKeyOf = (cell: Omit<Cell, "measures">): Omit<Cell, "measures"> =>
  ({ grain: cell.grain, unit: cell.unit, category: cell.category, channel: cell.channel, org: cell.org });

function openCellOf(row: Pick<OversightOpenTable, "grain" | "unit_code" | "category" | "channel" | "source_org" | "open" | "open_deadlines">): OpenCell {
  return {
    key: { grain: row.grain as Grain, unit: row.unit_code, category: row.category, channel: row.channel, org: row.source_org },
    open: row.open,
    deadlines: addEncodedDeadlines({}, row.open_deadlines),
  };
}

export const isEmptyOpen = (cell: OpenCell) => cell.open === 0 && Object.values(cell.deadlines).every((n) => n === 0);

/** Adds open tips and their deadlines to a map of open cells (the key's cell created when missing). */
export function addOpen(into: Map<string, OpenCell>, key: Omit<Cell, "measures">, open: number, deadlines: DeadlineCounts): void {
  const id = cellKeyString(key);
  const cell = into.get(id) ?? into.set(id, { key: openKeyOf(key), open: 0, deadlines: {} }).get(id)!;
  cell.open += open;
  addEncodedDeadlines(cell.deadlines, encodeDeadlines(deadlines));
}

async function upsertOpen(db: Db, cells: OpenCell[], foldBefore: Day): Promise<void> {
  for (const batch of chunks(cells, 200)) {
    await db
      .insertInto("oversight_open")
      .values(batch.map((c) => ({
        grain: c.key.grain, unit_code: c.key.unit, source_org: c.key.org, channel: c.key.channel, category: c.key.category,
        open: c.open, open_deadlines: encodeDeadlines(foldDeadlines(c.deadlines, foldBefore)),
      })))
      .onConflict((oc) => oc.columns(["grain", "unit_code", "source_org", "channel", "category"]).doUpdateSet((eb) => ({
        open: eb.ref("excluded.open"), open_deadlines: eb.ref("excluded.open_deadlines"),
      })))
      .execute();
  }
}

/** Moves the open tips now by the months' differences (only keys whose open tips changed are read and written). */
async function addToOpen(trx: Transaction<Database>, delta: Map<string, Cell>, foldBefore: Day): Promise<void> {
  const changed = [...delta.values()].filter((c) => c.measures.open !== 0 || Object.values(c.measures.openDeadlines).some((n) => n !== 0));
  if (changed.length === 0) return;
  const stored = new Map<string, OpenCell>();
  for (const units of chunks([...new Set(changed.map((c) => c.unit))])) {
    for (const row of await trx.selectFrom("oversight_open").selectAll().where("unit_code", "in", units).execute()) {
      const cell = openCellOf(row);
      stored.set(cellKeyString(cell.key), cell);
    }
  }
  const touched = new Map<string, OpenCell>();
  for (const c of changed) {
    const id = cellKeyString(c);
    const before = stored.get(id);
    // Folded before the test for emptiness: a deadline moved off a day before the fold leaves −1 there and +1 in the fold.
    const deadlines = addEncodedDeadlines({ ...(before?.deadlines ?? {}) }, encodeDeadlines(c.measures.openDeadlines));
    addOpen(touched, c, (before?.open ?? 0) + c.measures.open, foldDeadlines(deadlines, foldBefore));
  }
  const cells = [...touched.values()];
  await upsertOpen(trx, cells.filter((c) => !isEmptyOpen(c)), foldBefore);
  for (const c of cells.filter(isEmptyOpen)) {
    await trx.deleteFrom("oversight_open")
      .where("grain", "=", c.key.grain).where("unit_code", "=", c.key.unit).where("source_org", "=", c.key.org)
      .where("channel", "=", c.key.channel).where("category", "=", c.key.category)
      .execute();
  }
}

/** The fold a refresh at `now` sets: deadlines more than DEADLINE_FOLD_DAYS behind its day are added up. */
export const foldDayAt = (now: Date): Day => addDays(vietnamDay(now.toISOString()), -DEADLINE_FOLD_DAYS);

/** Replaces every open-tips-now row with `cells`, folded before `foldBefore`, and records the fold. */
async function writeOpen(trx: Transaction<Database>, cells: Iterable<OpenCell>, foldBefore: Day): Promise<void> {
  await trx.deleteFrom("oversight_open").execute();
  await upsertOpen(trx, [...cells].filter((c) => !isEmptyOpen(c)), foldBefore);
  await trx.updateTable("oversight_state").set({ open_folded_before: foldBefore }).where("id", "=", 1).execute();
}

/** Whether the refresher has open-tips-now work to do before anything is logged (fill, or fold again). */
const openNeedsWork = (foldedBefore: Day | null, now: Date) =>
  foldedBefore === null || foldedBefore < addDays(foldDayAt(now), DEADLINE_FOLD_DAYS - DEADLINE_REFOLD_DAYS);

/**
 * Fills `oversight_open` from the month rows (a database migrated with a rollup already
 * built: once), or folds it again when its fold has fallen DEADLINE_REFOLD_DAYS behind —
 * a read of one row per key, not of the history.
 */
async function prepareOpenLocked(trx: Transaction<Database>, foldedBefore: Day | null, now: Date): Promise<Day> {
  const fold = foldDayAt(now);
  if (foldedBefore === null) {
    const cells = new Map<string, OpenCell>();
    const rows = await trx.selectFrom("oversight_rollup")
      .select(["grain", "unit_code", "category", "channel", "source_org", "open", "open_deadlines"])
      .where("res", "=", "m").where("open", ">", 0)
      .execute();
    for (const row of rows) {
      const cell = openCellOf(row);
      addOpen(cells, cell.key, cell.open, cell.deadlines);
    }
    await writeOpen(trx, cells.values(), fold);
    return fold;
  }
  if (!openNeedsWork(foldedBefore, now)) return foldedBefore;
  const rows = await trx.selectFrom("oversight_open").selectAll().execute();
  await writeOpen(trx, rows.map(openCellOf), fold);
  return fold;
}

// ---------------------------------------------------------------------------
// The change log

type DirtyRow = Selectable<Database["oversight_dirty"]>;

/** The days a batch of logged changes may have moved. */
async function daysTouched(db: Db, entries: DirtyRow[]): Promise<Set<Day>> {
  const days = new Set<Day>();
  for (const e of entries) if (e.at) days.add(vietnamDay(e.at));

  // Incidents: a tip joining, leaving or changing within a cluster moves the
  // figures on the day of the cluster's first tip, which may be another day.
  const clusterIds = [...new Set(entries.map((e) => e.cluster_id).filter((id): id is number => id !== null))];
  for (const batch of chunks(clusterIds)) {
    const rows = await db.selectFrom("tips").select("created_at").distinct().where("cluster_id", "in", batch).execute();
    for (const r of rows) days.add(vietnamDay(r.created_at));
  }

  // Cases: counted on their own day, with the channel and organisation of their tips.
  const tipIds = [...new Set(entries.map((e) => e.tip_id).filter((id): id is number => id !== null))];
  const caseIds = new Set(entries.map((e) => e.case_id).filter((id): id is number => id !== null));
  for (const batch of chunks(tipIds)) {
    const rows = await db.selectFrom("case_tips").select("case_id").where("tip_id", "in", batch).execute();
    for (const r of rows) caseIds.add(r.case_id);
  }
  for (const batch of chunks([...caseIds])) {
    const rows = await db.selectFrom("cases").select("created_at").where("id", "in", batch).execute();
    for (const r of rows) days.add(vietnamDay(r.created_at));
  }
  return days;
}

/**
 * Takes the refreshers' lock (the state row stays locked until the transaction
 * ends; SQLite's write transactions are exclusive anyway) and says whether a
 * full rebuild has ever run.
 */
async function lockState(trx: Transaction<Database>, now: Date): Promise<{ rebuilt: boolean; openFoldedBefore: Day | null }> {
  const row = await trx
    .updateTable("oversight_state")
    .set({ refreshed_at: now.toISOString() })
    .where("id", "=", 1)
    .returning(["rebuilt_at", "open_folded_before"])
    .executeTakeFirst();
  return { rebuilt: !!row?.rebuilt_at, openFoldedBefore: row?.open_folded_before ?? null };
}

export interface RefreshResult {
  rebuilt: boolean;
  days: number;
}

/** Brings the rollup up to date with every change committed so far. Cheap when nothing changed. */
export async function refreshSummaries(db: Kysely<Database>, now = new Date()): Promise<RefreshResult> {
  const state = await db.selectFrom("oversight_state").select(["rebuilt_at", "open_folded_before"]).where("id", "=", 1).executeTakeFirst();
  const pending = await db.selectFrom("oversight_dirty").select("id").limit(1).executeTakeFirst();
  if (state?.rebuilt_at && !pending && !openNeedsWork(state.open_folded_before, now)) return { rebuilt: false, days: 0 };
  return db.transaction().execute(async (trx) => {
    const locked = await lockState(trx, now);
    if (!locked.rebuilt) return rebuildLocked(trx, now);
    const foldBefore = await prepareOpenLocked(trx, locked.openFoldedBefore, now);
    const touched = new Set<Day>();
    for (;;) {
      const entries = await trx.selectFrom("oversight_dirty").selectAll().orderBy("id").limit(DIRTY_BATCH).execute();
      if (entries.length === 0) break;
      const days = await daysTouched(trx, entries);
      await recomputeDays(trx, [...days].sort(), foldBefore);
      for (const d of days) touched.add(d);
      // Only the rows read: a change logged meanwhile is recomputed next time.
      for (const batch of chunks(entries.map((e) => e.id))) await trx.deleteFrom("oversight_dirty").where("id", "in", batch).execute();
      if (entries.length < DIRTY_BATCH) break;
    }
    return { rebuilt: false, days: touched.size };
  });
}

/** Recomputes the whole rollup (first run, or after a bulk load). */
export async function rebuildSummaries(db: Kysely<Database>, now = new Date()): Promise<RefreshResult> {
  return db.transaction().execute(async (trx) => {
    await lockState(trx, now);
    return rebuildLocked(trx, now);
  });
}

async function rebuildLocked(trx: Transaction<Database>, now: Date): Promise<RefreshResult> {
  // The log first: every change it held was committed before the reads below.
  await trx.deleteFrom("oversight_dirty").execute();
  await trx.deleteFrom("oversight_rollup").execute();
  await trx.deleteFrom("hotspot_day_counts").execute();
  const tipRange = await trx.selectFrom("tips").select((eb) => [eb.fn.min("created_at").as("first"), eb.fn.max("created_at").as("last")]).executeTakeFirst();
  const caseRange = await trx.selectFrom("cases").select((eb) => [eb.fn.min("created_at").as("first"), eb.fn.max("created_at").as("last")]).executeTakeFirst();
  const firsts = [tipRange?.first, caseRange?.first].filter((v): v is string => !!v).map(vietnamDay);
  const lasts = [tipRange?.last, caseRange?.last].filter((v): v is string => !!v).map(vietnamDay);
  let days = 0;
  const openCells = new Map<string, OpenCell>();
  if (firsts.length > 0) {
    const first = firsts.sort()[0];
    const last = lasts.sort()[lasts.length - 1];
    const provinceOf = await loadProvinces(trx);
    let month = monthOf(first);
    let monthCells = new Map<string, Cell>();
    const flushMonth = async () => {
      const kept = [...monthCells.values()].filter((c) => !isEmptyMeasures(c.measures));
      for (const c of kept) if (c.measures.open !== 0) addOpen(openCells, c, c.measures.open, c.measures.openDeadlines);
      await upsertCells(trx, "m", month, kept);
    };
    for (let day = first; day <= last; day = addDays(day, 1)) {
      if (monthOf(day) !== month) {
        await flushMonth();
        month = monthOf(day);
        monthCells = new Map();
      }
      const { cells, wardIncidents } = await computeDayCells(trx, day, provinceOf);
      await replaceHotspotDay(trx, day, wardIncidents);
      if (cells.size === 0) continue;
      await upsertCells(trx, "d", day, [...cells.values()]);
      accumulate(monthCells, cells);
      days++;
    }
    await flushMonth();
  }
  await writeOpen(trx, openCells.values(), foldDayAt(now));
  await trx.updateTable("oversight_state").set({ rebuilt_at: now.toISOString() }).where("id", "=", 1).execute();
  return { rebuilt: true, days };
}
