/**
 * The oversight operation (docs/decisions/0030-oversight-figures.md): every figure
 * of the dashboard, the period report and the exports for a unit scope and a
 * period, computed once from the rollup and the open tips. The pages parse their
 * query and word the figures in app/utils/oversight*.server.ts; the benchmark
 * (scripts/bench/dashboard.ts) and the tests call this directly.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { refreshSummaries } from "../db/queries/summaries";
import {
  readBacklog, readMeasures, rollupRowsFor, type RollupRows, type StatsFilters, sumRollupBy, type SummedFigures,
} from "../db/queries/stats";
import type { UnitScope } from "../db/queries/scope";
import {
  addMeasures, BACKLOG_AGE_BANDS, type BacklogCounts, bucketIndexOf, bucketSizeFor, type Day, type Dimension, emptyBacklog,
  emptyMeasures, grainFor, type Measures, monthFirstDay, type Period, percentileWithin, segmentsOf, type TimeBucket, timeBuckets,
} from "../domain/stats";
import { vietnamDay } from "../domain/vietnam-time";

/** What the figures are asked for: a period, the one it is compared with, and the filters. */
export interface OversightRequest {
  period: Period;
  previous: Period;
  filters: StatsFilters;
}

/** The summed figures (assessed: the ratios' bases), and how fast tips were handled: half and 90 % within these bounds. */
export interface FigureSet extends Omit<SummedFigures, "key"> {
  triaged: number;
  medianWithin: number | null;
  p90Within: number | null;
}

export interface UnitFigures extends FigureSet {
  unit: string;
  open: number;
  overdue: number;
}

export type BreakdownFigures = SummedFigures;

export interface SeriesFigures {
  bucket: TimeBucket;
  tips: number;
  valuable: number;
  assessed: number;
}

export type BacklogFigures = BacklogCounts;

export interface OversightFigures {
  /** The Vietnam day the figures were computed on: a period reaching it has not ended. */
  today: Day;
  /**
   * `units` holds one row per province (keyed by the province unit's code, "" = tips no
   * unit owns) rather than per unit: the national view (docs/decisions/0078).
   */
  byProvince: boolean;
  current: FigureSet;
  previous: FigureSet;
  series: SeriesFigures[];
  units: UnitFigures[];
  categories: BreakdownFigures[];
  channels: BreakdownFigures[];
  orgs: BreakdownFigures[];
  backlog: BacklogFigures;
}

function figureSet(m: Measures): FigureSet {
  return {
    tips: m.tips, incidents: m.incidents, valuable: m.valuable, valuableIncidents: m.valuableIncidents,
    assessed: m.assessed, assessedIncidents: m.assessedIncidents, cases: m.cases, arrests: m.arrests, seized: Object.fromEntries(Object.entries(m.seized).filter(([, q]) => q !== 0)),
    triaged: m.triaged, medianWithin: percentileWithin(m.triageHistogram, 0.5), p90Within: percentileWithin(m.triageHistogram, 0.9),
  };
}

/** A province total's key ("P:48") as the province unit's code ("48"); "" (no unit) stays. */
function provinceUnitOf(key: string): string {
  return key.startsWith("P:") ? key.slice(2) : key;
}

function activeDimensions(filters: StatsFilters): Dimension[] {
  const dims: Dimension[] = [];
  if (filters.category !== null) dims.push("category");
  if (filters.channel !== null) dims.push("channel");
  if (filters.org !== null) dims.push("org");
  return dims;
}

/**
 * Every figure for the query within the scope. Brings the rollup up to date
 * first, so the figures include every change committed before the call.
 * `byProvince` (a scope of every unit, no unit filter): the per-unit figures are
 * read per province instead, from the rollup's province totals — the national
 * view's provinces side by side, with no row per commune read.
 */
export async function computeOversight(
  db: Kysely<Database>, scope: UnitScope, query: OversightRequest, now = new Date(), options: { byProvince?: boolean } = {},
): Promise<OversightFigures> {
  await refreshSummaries(db, now);
  const { filters, period } = query;
  const today: Day = vietnamDay(now.toISOString());
  const dims = activeDimensions(filters);
  const grain = grainFor(dims);
  const segments = segmentsOf(period, { dataUntil: today });
  // Per-unit figures read the units' rows; everything else the province totals where the scope covers a province.
  const found = await rollupRowsFor(db, scope, filters.unit);
  const byProvince = options.byProvince === true && found.total.kind === "totals";
  const rows = byProvince ? { each: found.total, total: found.total } : found;
  const selection = (extra: Dimension[], segs = [segments], which: RollupRows = rows.total) =>
    ({ grain: grainFor([...dims, ...extra]), rows: which, filters, segments: segs });

  // This period per unit, with time-to-triage bins; the previous one in all.
  const perUnit = await readMeasures(db, selection([], [segments], rows.each), true);
  const current = emptyMeasures();
  for (const m of perUnit.values()) addMeasures(current, m);
  const previous = (await readMeasures(db, selection([], [segmentsOf(query.previous)]), false)).get("") ?? emptyMeasures();

  // The chart series: weeks need every day, months can use whole-month rows.
  const buckets = timeBuckets(period);
  const weekly = bucketSizeFor(period) === "week";
  const byBucket = await sumRollupBy(db, selection([], [segmentsOf(period, { daysOnly: weekly, dataUntil: today })]), "bucket");
  const series = buckets.map((bucket) => ({ bucket, tips: 0, valuable: 0, assessed: 0 }));
  for (const row of byBucket) {
    const index = bucketIndexOf(buckets, row.key.length === 7 ? monthFirstDay(row.key) : row.key);
    if (index < 0) continue;
    series[index].tips += row.tips;
    series[index].valuable += row.valuable;
    series[index].assessed += row.assessed;
  }

  const categories = await sumRollupBy(db, selection(["category"]), "category");
  const channels = await sumRollupBy(db, selection(["channel"]), "channel");
  const orgs = await sumRollupBy(db, selection(["org"]), "org");

  // Open tips and deadlines, as of today.
  const backlogByUnit = await readBacklog(db, { grain, rows: rows.each, filters, today });
  const backlog = emptyBacklog();
  for (const counts of backlogByUnit.values()) {
    backlog.open += counts.open;
    backlog.overdue += counts.overdue;
    for (const band of BACKLOG_AGE_BANDS) {
      backlog.bands[band.key] += counts.bands[band.key];
      backlog.overdueBands[band.key] += counts.overdueBands[band.key];
    }
  }

  const units = [...new Set([...perUnit.keys(), ...backlogByUnit.keys()])].map((unit) => ({
    unit: byProvince ? provinceUnitOf(unit) : unit,
    ...figureSet(perUnit.get(unit) ?? emptyMeasures()),
    open: backlogByUnit.get(unit)?.open ?? 0,
    overdue: backlogByUnit.get(unit)?.overdue ?? 0,
  }));

  return { today, byProvince, current: figureSet(current), previous: figureSet(previous), series, units, categories, channels, orgs, backlog };
}
