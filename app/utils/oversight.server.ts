/**
 * The supervisors' figures (docs/decisions/0030-oversight-figures.md): the
 * query a page carries in its URL (period, filters, sort), the unit scope of
 * the signed-in user, and every figure of the dashboard, the period report and
 * the exports, computed once from the rollup and the open tips.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, TipChannel } from "../../db/schema";
import { refreshSummaries } from "../../db/queries/summaries";
import {
  readBacklog, readMeasures, rollupRowsFor, type RollupRows, type StatsFilters, sumRollupBy, type SummedFigures,
} from "../../db/queries/stats";
import {
  addMeasures, BACKLOG_AGE_BANDS, type BacklogCounts, bucketIndexOf, bucketSizeFor, type Day, type Dimension, emptyBacklog,
  emptyMeasures, grainFor, isDay, type Measures, monthFirstDay, type Period, PERIOD_PRESETS, type PeriodPreset,
  percentileWithin, periodLength, presetPeriod, samePeriodLastYear, segmentsOf, type TimeBucket, timeBuckets, vietnamDay,
} from "../../domain/stats";
import type { UnitScope } from "../../db/queries/scope";

export const CHANNELS: TipChannel[] = ["web", "hotline", "in_person", "partner"];
export const UNIT_SORT_KEYS = ["name", "tips", "incidents", "pending", "valuable", "ratio", "incidentRatio", "cases", "arrests", "triage", "open", "overdue"] as const;
export type UnitSortKey = (typeof UNIT_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

/** The longest custom period: three years of days. */
const MAX_PERIOD_DAYS = 1100;

const code = z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/);
const optionalCode = code.optional().catch(undefined);

const QuerySchema = z.object({
  period: z.enum(PERIOD_PRESETS).catch("month"),
  from: z.string().trim().max(10).optional().catch(undefined),
  to: z.string().trim().max(10).optional().catch(undefined),
  unit: optionalCode,
  category: optionalCode,
  channel: z.enum(CHANNELS as [TipChannel, ...TipChannel[]]).optional().catch(undefined),
  org: optionalCode,
  sort: z.enum(UNIT_SORT_KEYS).catch("tips"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  // The unit table's search and page (dashboard only).
  q: z.string().trim().max(80).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export interface OversightQuery {
  preset: PeriodPreset;
  period: Period;
  previous: Period;
  /** The custom dates as typed, to refill the form. */
  from: string;
  to: string;
  /** The custom dates were not a valid period; this month is shown instead. */
  periodError: boolean;
  filters: StatsFilters;
  sort: UnitSortKey;
  dir: SortDirection;
  /** The unit table's search (matched with diacritics folded) and page, from 1. */
  q: string;
  page: number;
}

/** Reads the page's query string; anything unusable falls back to a default rather than failing. */
export function parseOversightQuery(params: URLSearchParams, now: Date): OversightQuery {
  const raw = QuerySchema.parse(Object.fromEntries([...params].filter(([, v]) => v !== "")));
  const today = vietnamDay(now.toISOString());
  const from = raw.from ?? "";
  const to = raw.to ?? "";
  let preset: PeriodPreset = raw.period;
  let period: Period;
  let periodError = false;
  if (preset === "custom") {
    const valid = isDay(from) && isDay(to) && from <= to && periodLength({ from, to }) <= MAX_PERIOD_DAYS;
    periodError = !valid;
    preset = valid ? "custom" : "month";
    period = valid ? { from, to } : presetPeriod("month", today);
  } else {
    period = presetPeriod(preset, today);
  }
  return {
    preset, period, previous: samePeriodLastYear(period, preset), from, to, periodError,
    filters: { unit: raw.unit ?? null, category: raw.category ?? null, channel: raw.channel ?? null, org: raw.org ?? null },
    sort: raw.sort,
    dir: raw.dir,
    q: raw.q ?? "",
    page: raw.page,
  };
}

/** The query as URL parameters (for links that keep the period and filters), with changes applied. */
export function querySearch(query: OversightQuery, changes: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  params.set("period", query.preset);
  if (query.preset === "custom") {
    params.set("from", query.period.from);
    params.set("to", query.period.to);
  }
  for (const [key, value] of Object.entries(query.filters)) if (value !== null) params.set(key, value);
  if (query.sort !== "tips" || query.dir !== "desc") {
    params.set("sort", query.sort);
    params.set("dir", query.dir);
  }
  if (query.q) params.set("q", query.q);
  if (query.page > 1) params.set("page", String(query.page));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return `?${params.toString()}`;
}

// ---------------------------------------------------------------------------
// The figures

export interface FigureSet {
  tips: number;
  incidents: number;
  valuable: number;
  valuableIncidents: number;
  /** Tips assessed (valuable or not) and incidents assessed: the ratios' bases. */
  assessed: number;
  assessedIncidents: number;
  cases: number;
  arrests: number;
  seized: Record<string, number>;
  /** Tips handled at least once, and the bounds within which half and 90 % of them were. */
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
 */
export async function computeOversight(db: Kysely<Database>, scope: UnitScope, query: OversightQuery, now = new Date()): Promise<OversightFigures> {
  await refreshSummaries(db, now);
  const { filters, period } = query;
  const today: Day = vietnamDay(now.toISOString());
  const dims = activeDimensions(filters);
  const grain = grainFor(dims);
  const segments = segmentsOf(period, { dataUntil: today });
  // Per-unit figures read the units' rows; everything else the province totals where the scope covers a province.
  const rows = await rollupRowsFor(db, scope, filters.unit);
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
    unit,
    ...figureSet(perUnit.get(unit) ?? emptyMeasures()),
    open: backlogByUnit.get(unit)?.open ?? 0,
    overdue: backlogByUnit.get(unit)?.overdue ?? 0,
  }));

  return { today, current: figureSet(current), previous: figureSet(previous), series, units, categories, channels, orgs, backlog };
}
